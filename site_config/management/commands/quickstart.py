"""`manage.py quickstart`: a ready demo site on this machine in one command."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.demo import create_demo_content, demo_content_exists
from articles.models import Article
from events.demo import create_demo_events, demo_events_exist
from site_config.demo import configure_site
from statements.demo import create_demo_statements, statements_exist

ADMIN_USERNAME = "admin"
# (username, role group or None for a superuser, what the account is for)
ACCOUNTS = [
    (ADMIN_USERNAME, None, "administrator"),
    ("editor", "Editor", "editor"),
    ("author", "Author", "author"),
]


class Command(BaseCommand):
    help = (
        "Migrate the database, create demo content once, create (or give new passwords "
        "to) an administrator, an editor and an author account, print their logins, and "
        "serve the site on http://127.0.0.1:8000/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Prepare everything but do not start the server.",
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve.")

    def handle(self, *args, no_serve=False, addrport="127.0.0.1:8000", **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        if demo_content_exists():
            self.stdout.write("Demo content already present: left as it is.")
        else:
            configure_site()
            count = create_demo_content()
            self.stdout.write(f"Demo content created: {count} articles.")
        if not statements_exist():
            count = create_demo_statements()
            self.stdout.write(f"Demo statements created: {count} statements.")
        if not demo_events_exist():
            count = create_demo_events()
            self.stdout.write(f"Demo events created: {count} events.")
        self.stdout.write(self.style.SUCCESS(f"\nLogins for http://{addrport}/admin/:"))
        for username, role, label in ACCOUNTS:
            password, created = self.account(username, role)
            state = "created" if created else "password reset by this run"
            self.stdout.write(
                f"  {label:<13} username: {username:<8} password: {password}  ({state})"
            )
        self.stdout.write("")
        # The demo author owns the demo drafts, so their dashboard has something in it.
        author = get_user_model().objects.get(username="author")
        Article.objects.drafts().filter(created_by__isnull=True).update(created_by=author)
        self.stdout.write(self.mail_note())
        if not no_serve:
            self.stdout.write(f"Serving the site on http://{addrport}/ (Ctrl+C stops it).")
            call_command("runserver", addrport, use_reloader=False)

    def mail_note(self):
        """Where mail goes: local use runs background tasks (mail) at once, in the request."""
        if settings.PLACARD_TASKS == "immediate":
            return "Mail (such as endorsement confirmations) is printed here as it is sent."
        return (
            "Mail waits in the task queue (PLACARD_TASKS=database): run "
            "`python3 manage.py db_worker` in another terminal to send it."
        )

    def account(self, username, role):
        """Create the account (or give it a new password); returns the password."""
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@localhost"}
        )
        user.set_password(password)
        user.is_staff = user.is_active = True
        user.is_superuser = role is None
        user.save()
        if role is not None:
            user.groups.set([Group.objects.get(name=role)])
        return password, created
