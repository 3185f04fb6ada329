from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home page")
    # The layout decides what the home page shows: a change must refresh cached pages.
    shown_to_readers = True

    def ready(self):
        from pagecache.versions import site_part

        # The layout row and its own list of highlights, remembered by `home.blocks`.
        site_part(HOME_PART, ["home.HomeLayout", "home.HomeHighlight"])


HOME_PART = "home-layout"
