"""`manage.py quickstart`: a ready demo site on this machine in one command."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.demo import create_demo_content, demo_content_exists
from articles.demo_statements import create_demo_statements, statements_exist
from events.demo import create_demo_events, demo_events_exist
from site_config.demo import configure_site

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Migrate the database, create demo content once, create or reset the admin "
        "account, print its login, and serve the site on http://127.0.0.1:8000/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare everything but do not start the server."
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
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=ADMIN_USERNAME,
            defaults={"email": "admin@localhost", "is_staff": True, "is_superuser": True},
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = user.is_active = True
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nAdmin login ({'created' if created else 'password reset by this run'}):\n"
                f"  address:  http://{addrport}/admin/\n"
                f"  username: {ADMIN_USERNAME}\n"
                f"  password: {password}\n"
            )
        )
        if not no_serve:
            self.stdout.write(f"Serving the site on http://{addrport}/ (Ctrl+C stops it).")
            call_command("runserver", addrport, use_reloader=False)
