from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Images")
    # Images appear on readers' pages: their changes refresh the page cache.
    shown_to_readers = True

    def ready(self):
        from . import signals  # noqa: F401
