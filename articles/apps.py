from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")
    shown_to_readers = True

    def ready(self):
        from pagecache.versions import site_part

        # The list of sections (`nav_sections`) shows only sections: kept cached while
        # articles change.
        site_part(SECTIONS_PART, ["articles.Section"])


SECTIONS_PART = "sections"
