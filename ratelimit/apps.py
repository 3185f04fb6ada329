from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RateLimitConfig(AppConfig):
    name = "ratelimit"
    verbose_name = _("Rate limits")
