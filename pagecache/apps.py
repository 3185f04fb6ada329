import logging

from django.apps import AppConfig
from django.db import DatabaseError, transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(refresh_after_migrate, sender=self)


def refresh_after_migrate(sender, using="default", **kwargs):
    """Rows that migrations write (with historical models) bump no version themselves
    (see `publishing.signals.refresh_pages`): once the tables have their final shape, one
    bump makes every page cached before the deploy fresh."""
    from .versions import content_changed

    try:
        with transaction.atomic(using=using):
            content_changed()
    except DatabaseError as error:  # migrated back to before the versions' last column
        logger.warning("Content version not bumped after migrating: %s", error)
