from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")
    shown_to_readers = True

    def ready(self):
        from django.db.models.signals import post_migrate

        from pagecache.versions import site_part

        from .month_index import build_for_time_zone

        # A site whose time zone changed gets its archive's index by month built again.
        post_migrate.connect(build_for_time_zone, sender=self)

        # The list of sections (`nav_sections`) shows only sections: kept cached while
        # articles change.
        site_part(SECTIONS_PART, ["articles.Section"])


SECTIONS_PART = "sections"
