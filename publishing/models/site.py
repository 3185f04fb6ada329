"""The site-wide settings record and the organisation's social profiles."""

import logging

from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pagecache.breaker import safe
from pagecache.versions import forget_per_request, per_request
from richtext.fields import RichTextField

from ..fields import SafeURLField
from ..roles import ADMINISTRATOR, ALL

logger = logging.getLogger(__name__)


class SiteSettings(models.Model):
    """The one record of site-wide settings, edited in the admin."""

    CACHE_KEY = "publishing:site-settings"
    role_permissions = {ADMINISTRATOR: ALL}

    name = models.CharField(_("organisation name"), max_length=120, default="Placard")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    about = RichTextField(_("about text"), blank=True, help_text=_("Shown on the home page."))
    logo = models.ForeignKey(
        "images.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("home")

    @classmethod
    def load(cls):
        """The settings record with its social links, from the cache when possible; read
        once per request (a page asks for it in its head, header, footer and JSON-LD)."""
        return per_request(cls.CACHE_KEY, cls._load)

    @classmethod
    def _load(cls):
        current = safe(cache.get, cls.CACHE_KEY)
        if current is None:
            # Reading never writes: until an administrator saves the settings, defaults.
            current = cls.objects.select_related("logo").filter(pk=1).first()
            if current is None:
                current = cls(pk=1)
                current.social_links_list = []
            else:
                # A profile whose stored address was unsafe reads as empty: leave it out.
                current.social_links_list = [
                    link for link in current.social_links.all() if link.url
                ]
            safe(cache.set, cls.CACHE_KEY, current, 3600)
        return current

    @classmethod
    def clear_cache(cls):
        forget_per_request(cls.CACHE_KEY)
        safe(cache.delete, cls.CACHE_KEY)


class SocialLink(models.Model):
    """A link to one of the organisation's profiles elsewhere."""

    role_permissions = {ADMINISTRATOR: ALL}

    site = models.ForeignKey(SiteSettings, on_delete=models.CASCADE, related_name="social_links")
    label = models.CharField(_("label"), max_length=60, help_text=_("For example: Mastodon."))
    url = SafeURLField(_("address"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("social profile")
        verbose_name_plural = _("social profiles")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label
