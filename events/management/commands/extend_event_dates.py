"""`manage.py extend_event_dates`: store the dates of events up to the horizon.

Lists, the calendar and feeds read the stored dates of events (see `events.occurrences`),
which reach two years ahead of the day they were stored. Run this daily or weekly (from
cron) so that repeating events keep two years of dates ahead; running it again stores
nothing new. `--rebuild` stores every event's dates afresh, after rows were changed
behind the models' back (SQL, `QuerySet.update()`).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from events import occurrences
from pagecache.versions import content_changed


class Command(BaseCommand):
    help = "Store the dates of events up to two years ahead (run daily or weekly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Store every event's dates afresh."
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            if options["rebuild"]:
                stored = occurrences.rebuild()
            else:
                stored = occurrences.extend()
            if stored:
                content_changed()  # deep list pages and far months gain dates
        self.stdout.write(f"Event dates stored: {stored}.")
