from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home page")
    # The layout decides what the home page shows: a change must refresh cached pages.
    shown_to_readers = True
