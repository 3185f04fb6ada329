"""`manage.py import_wordpress export.xml [--media-dir DIR] [--dry-run] [--time-zone ZONE]`:
bring a WordPress export into Placard (see `wordpress.importer`)."""

import sys
import time
import zoneinfo
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import import_wordpress
from wordpress.wxr import WxrError


class ProgressBar:
    """A one-line bar on a terminal's stderr, redrawn at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.drawn_at = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if done < total and now - self.drawn_at < 0.1:
            return
        self.drawn_at = now
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} items")
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR file): posts become articles, pages pages, events "
        "events, attachments images; old addresses redirect to the new ones. Running it "
        "again updates what it imported before."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WXR file exported from WordPress (Tools → Export).")
        parser.add_argument(
            "--media-dir",
            help="A copy of the site's wp-content/uploads folder, where the images are found.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be created, updated and skipped; store nothing.",
        )
        parser.add_argument(
            "--time-zone",
            help=(
                "The WordPress site's time zone (e.g. Europe/Berlin), for dates the export "
                "gives only in local time (drafts). Default: the site's TIME_ZONE."
            ),
        )

    def handle(self, *args, export, media_dir=None, dry_run=False, time_zone=None, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"{export}: no such file.")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"--media-dir {media_dir}: no such folder.")
        if time_zone:
            try:
                zoneinfo.ZoneInfo(time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise CommandError(
                    f"--time-zone {time_zone}: unknown time zone (try e.g. Europe/London)."
                ) from None
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
        try:
            report = import_wordpress(
                path, media_dir=media_dir, dry_run=dry_run, time_zone=time_zone, progress=bar
            )
        except WxrError as error:
            raise CommandError(f"{error}\nNothing was imported.") from None
        except OSError as error:
            raise CommandError(f"{export}: {error.strerror or error}") from None
        finally:
            if bar is not None and bar.drawn_at:
                bar.close()
        for line in report.lines():
            self.stdout.write(line)
