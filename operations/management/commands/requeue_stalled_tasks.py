"""`manage.py requeue_stalled_tasks`: put back in the queue the tasks a worker began and
never finished, because it was killed or its machine stopped.

A worker stopped with SIGTERM finishes its task first; one killed outright leaves the
task marked "running" for ever, and that mail would never go out. Tasks running longer
than `--older-than` minutes (15; a mail attempt takes at most EMAIL_TIMEOUT) are made
ready again and run by the next free worker; their list of worker ids keeps the one that
was lost. Run it from cron every few minutes, or before starting a worker.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Make tasks that have been running for too long (their worker died) ready again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=15,
            metavar="MINUTES",
            help="Requeue tasks started more than this many minutes ago (default 15).",
        )

    def handle(self, *args, older_than=15, **options):
        since = timezone.now() - timedelta(minutes=older_than)
        stalled = DBTaskResult.objects.running().filter(started_at__lt=since)
        count = stalled.update(status="READY", started_at=None)
        self.stdout.write(f"Tasks put back in the queue: {count}.")
