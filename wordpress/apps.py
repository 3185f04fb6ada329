from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    name = "wordpress"
    label = "wordpress"
    verbose_name = _("WordPress import")
    # Its records (what was imported, old addresses) are never shown on a page: saving
    # them refreshes no cached page.
    shown_to_readers = False
