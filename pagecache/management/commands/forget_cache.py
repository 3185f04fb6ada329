"""`manage.py forget_cache`: make every cache forget what it holds, e.g. after a restore.

A restored database brings back older content, while the cache may still hold pages,
fragments and copies of content versions made from newer rows. This command moves every
content version on (the site's and each narrower scope's), so that no entry made before
it is ever served again, by any server, and then empties the page cache to free its
memory. Moving the versions is what makes it safe: it also reaches caches a command
cannot empty (each server process's local memory).
"""

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import transaction

from pagecache.breaker import safe
from pagecache.models import SITE_SCOPE, ContentVersion
from pagecache.versions import SITE_PARTS, scopes_changed


class Command(BaseCommand):
    help = (
        "Move every content version on and empty the page cache, so that no page or "
        "fragment cached before is served again (run it after restoring a database)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-entries",
            action="store_true",
            help="Only move the versions on; leave the old entries to expire.",
        )

    def handle(self, *args, keep_entries=False, **options):
        with transaction.atomic():
            scopes = {
                SITE_SCOPE,
                *SITE_PARTS,
                *ContentVersion.objects.values_list("scope", flat=True),
            }
            scopes_changed(sorted(scopes))
        self.stdout.write(f"Content versions moved on: {len(scopes)} scopes.")
        if keep_entries:
            return
        if safe(cache.clear, default=False) is False:
            self.stdout.write(
                self.style.WARNING(
                    "The cache did not answer: its old entries were left to expire "
                    "(none of them will be served)."
                )
            )
            return
        self.stdout.write("Page cache emptied.")
