"""`manage.py quickstart`: a ready demo site on this machine in one command."""

import secrets
import signal
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.demo import create_demo_content, demo_content_exists
from articles.models import Article, Author
from events.demo import create_demo_events, demo_events_exist
from menus.demo import create_demo_menus, demo_menus_exist
from pages.demo import create_demo_pages, demo_pages_exist
from site_config.demo import configure_site
from statements.demo import create_demo_statements, statements_exist

ADMIN_USERNAME = "admin"
# (username, role group or None for a superuser, what the account is for, first and last
# name: bylines, the audit log and the history show people's names, not usernames)
ACCOUNTS = [
    (ADMIN_USERNAME, None, "administrator", ("Robin", "Achebe")),
    ("editor", "Editor", "editor", ("Priya", "Raman")),
    ("author", "Author", "author", ("Jamie", "Fraser")),
]


def local_address(addrport):
    """The address to open in a browser on this machine for runserver's `addrport`
    ("8001", "0.0.0.0:8000", "[::1]:8000")."""
    host, _colon, port = addrport.rpartition(":")
    if not port.isdigit():
        host, port = addrport, "8000"
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host in ("::", "[::]"):
        host = "[::1]"
    return f"http://{host}:{port}/"


def stop_serving(signum, frame):
    raise SystemExit(0)


class Command(BaseCommand):
    help = (
        "Migrate the database, create demo content once, create an administrator, an "
        "editor and an author account (existing ones keep their passwords unless "
        "--reset-passwords is given), print their logins, and serve the site on "
        "http://127.0.0.1:8000/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Prepare everything but do not start the server.",
        )
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help="Where to serve, as runserver takes it: a port (8001) or address:port "
            "(0.0.0.0:8000). Default: 127.0.0.1:8000.",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="With PLACARD_TASKS=database, do not start a background task worker "
            "(`manage.py db_worker`) beside the server.",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the existing demo accounts new passwords (printed).",
        )

    def handle(
        self,
        *args,
        no_serve=False,
        addrport="127.0.0.1:8000",
        reset_passwords=False,
        no_worker=False,
        **options,
    ):
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
        if not demo_pages_exist():
            count = create_demo_pages()
            self.stdout.write(f"Demo pages created: {count} pages.")
        if not demo_menus_exist():
            count = create_demo_menus()
            self.stdout.write(f"Demo menus created: {count} entries.")
        site = local_address(addrport)
        self.stdout.write(self.style.SUCCESS(f"\nLogins for {site}admin/:"))
        for username, role, label, name in ACCOUNTS:
            password, created = self.account(username, role, name, reset_passwords)
            if password is None:
                self.stdout.write(
                    f"  {label:<13} username: {username:<8} password unchanged "
                    "(--reset-passwords gives new ones)"
                )
                continue
            state = "created" if created else "password reset by this run"
            self.stdout.write(
                f"  {label:<13} username: {username:<8} password: {password}  ({state})"
            )
        self.stdout.write("")
        # The demo author owns the demo drafts, so their dashboard has something in it.
        author = get_user_model().objects.get(username="author")
        Article.objects.drafts().filter(created_by__isnull=True).update(created_by=author)
        # ... and writes under the demo byline of the same name (their drafts carry it).
        if not Author.objects.filter(user=author).exists():
            profile = Author.objects.filter(name=author.get_full_name(), user=None).first()
            if profile is not None:
                profile.user = author
                profile.save(update_fields=["user"])
        worker = None
        if not no_serve and not no_worker and settings.PLACARD_TASKS == "database":
            worker = self.start_worker()
        self.stdout.write(self.mail_note(worker))
        if not no_serve:
            self.stdout.write(f"Serving the site on {site} (Ctrl+C stops it).")
            # Stopped by SIGTERM (not Ctrl+C, which the worker hears itself), this process
            # must still stop its worker on the way out.
            previous = signal.signal(signal.SIGTERM, stop_serving) if worker else None
            try:
                call_command("runserver", addrport, use_reloader=False)
            finally:
                if worker is not None:
                    self.stop_worker(worker)
                    signal.signal(signal.SIGTERM, previous)

    def mail_note(self, worker=None):
        """Where mail goes: local use runs background tasks (mail) at once, in the request;
        with PLACARD_TASKS=database, the worker started beside the server sends it."""
        if settings.PLACARD_TASKS == "immediate":
            return "Mail (such as endorsement confirmations) is printed here as it is sent."
        if worker is not None:
            return (
                "Mail waits in the task queue (PLACARD_TASKS=database); a background task "
                f"worker (process {worker.pid}) sends it and stops with the server."
            )
        return (
            "Mail waits in the task queue (PLACARD_TASKS=database): run "
            "`python3 manage.py db_worker` in another terminal to send it."
        )

    def start_worker(self):
        """`manage.py db_worker` in a process of its own, with this command's environment
        (settings, database, mail server), sharing this terminal for its output."""
        return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "db_worker",
                "--interval",
                "1",
                "--no-reload",  # one process, so that stopping it stops it all
            ]
        )

    def stop_worker(self, worker):
        """Ask the worker to stop (it finishes a task it has begun), then make sure."""
        if worker.poll() is None:
            worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    def account(self, username, role, name, reset_password=False):
        """Create the account, or bring an existing one back to its role.

        Returns (password, created): the password is new for a created account, for one
        without a usable password and with `reset_password`; otherwise it is None (kept).
        """
        first_name, last_name = name
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@localhost",
                "first_name": first_name,
                "last_name": last_name,
            },
        )
        password = None
        if created or reset_password or not user.has_usable_password():
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        if not user.get_full_name().strip():
            user.first_name, user.last_name = first_name, last_name
        user.is_staff = user.is_active = True
        user.is_superuser = role is None
        user.save()
        if role is not None:
            user.groups.set([Group.objects.get(name=role)])
        return password, created
