from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Site")
    # Site settings and slug redirects show on public pages; the audit log and preview
    # links say otherwise on their models.
    shown_to_readers = True

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import language_sites, signals  # noqa: F401
        from .roles import sync_roles_after_migrate

        # Content types added by later migrations get their role permissions too. The
        # roles are synced once every app has created its permissions (also after the
        # test runner flushes the database).
        post_migrate.connect(sync_roles_after_migrate)
