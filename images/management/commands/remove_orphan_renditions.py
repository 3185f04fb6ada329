"""`manage.py remove_orphan_renditions`: delete stored image files that no image names.

Files can be left behind when a server stops half-way through an upload, when storage
fails while an image is deleted, or when an image row is removed by hand. This lists the
renditions folder and the uploads folder of the media storage, through the storage API
(local disk or object storage alike), and deletes each file that no library image names:
neither as its file nor among its renditions and crops. Files younger than `--min-age`
hours are left alone: an upload in progress writes its files before its row commits.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from images import processing
from images.models import Image


def walk(storage, folder):
    """Every file name under `folder` in `storage`, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}")


def upload_folder():
    """The top folder of the library's uploads ("images" for "images/%Y/%m/")."""
    upload_to = Image._meta.get_field("file").upload_to
    return upload_to.split("/", 1)[0]


class Command(BaseCommand):
    help = "Delete stored image files (renditions and originals) that no library image names."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files, delete nothing."
        )
        parser.add_argument(
            "--min-age",
            type=float,
            default=24,
            help="Only files older than this many hours (default 24; 0 for all).",
        )

    def handle(self, *args, dry_run=False, min_age=24, **options):
        storage = Image._meta.get_field("file").storage
        cutoff = timezone.now() - timedelta(hours=min_age)
        # The files first, then the rows: an upload that commits in between is named.
        stored = [
            name
            for folder in (processing.RENDITIONS_FOLDER, upload_folder())
            for name in walk(storage, folder)
        ]
        named = set()
        rows = Image.objects.values_list("file", "renditions", "crops")
        for file_name, renditions, crops in rows.iterator():
            named.add(file_name)
            named.update(processing.rendition_files(renditions, crops))
        orphans = [
            name
            for name in stored
            if name not in named and not (min_age and storage.get_modified_time(name) > cutoff)
        ]
        for name in orphans:
            self.stdout.write(("Would delete " if dry_run else "Deleting ") + name)
            if not dry_run:
                storage.delete(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{len(orphans)} files named by no image {verb}.")
