from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfigConfig(AppConfig):
    """Project wiring: no models of its own; installed for `manage.py quickstart` and for
    the history of the tables it once held (its migrations)."""

    name = "site_config"
    verbose_name = _("Site configuration")
