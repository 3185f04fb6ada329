"""What every content type shares: the publishing base and its QuerySet, slug redirects,
the image library and the site-wide settings record."""

import logging

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from . import images
from .richtext import RichTextField
from .slugs import unique_slug

logger = logging.getLogger(__name__)


def _cache_call(method, *args):
    """Use the cache when it answers; an outage must degrade to the database, not fail."""
    try:
        return method(*args)
    except Exception:  # noqa: BLE001 - any backend error (Redis down, timeouts)
        logger.warning("Cache unavailable", exc_info=True)
        return None


class PublishingQuerySet(models.QuerySet):
    """Publication is decided at query time, so scheduled items appear by themselves."""

    def published(self):
        return self.filter(status=Publishable.Status.PUBLISHED, publish_at__lte=timezone.now())

    def drafts(self):
        return self.filter(status=Publishable.Status.DRAFT)

    def scheduled(self):
        return self.filter(status=Publishable.Status.PUBLISHED, publish_at__gt=timezone.now())


class Publishable(models.Model):
    """Abstract base for articles, statements and events."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_(
            "The last part of the address. Filled in from the title; if you change it later, "
            "the old address keeps working and redirects here."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are never shown to readers."),
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_(
            "When readers can see it. A time in the future schedules a published item: "
            "it appears by itself at that moment."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_(
            "One or two sentences for search engines and link previews. "
            "Left empty, the standfirst or the start of the text is used."
        ),
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        blank=True,
        help_text=_("Separate tags with commas."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublishingQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        indexes = [
            models.Index(
                fields=["status", "-publish_at"], name="%(app_label)s_%(class)s_pub_idx"
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that a changed slug can leave a redirect behind (see signals).
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.title, instance_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def publication_label(self):
        if self.status == self.Status.DRAFT:
            return _("Draft")
        return _("Scheduled") if self.is_scheduled else _("Published")


class SlugRedirect(models.Model):
    """An old slug of a publishable item, kept so that old addresses answer with a 301."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("slug redirect")
        verbose_name_plural = _("slug redirects")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="unique_old_slug_per_type"
            )
        ]

    def __str__(self):
        return f"{self.old_slug} → {self.target}"

    def get_absolute_url(self):
        return self.target.get_absolute_url() if self.target else "/"


class Image(models.Model):
    """An image in the library: uploaded once, used in many places.

    Alt text is not stored here: it belongs to each use, because the same photo says
    different things in different places.
    """

    title = models.CharField(
        _("title"), max_length=200, help_text=_("For finding the image in the library.")
    )
    file = models.FileField(
        _("file"),
        upload_to="images/%Y/%m/",
        max_length=255,
        validators=[images.validate_upload],
        help_text=_(
            "JPEG, PNG, WebP or GIF. Location data and other metadata are removed on upload."
        ),
    )
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("Photographer or source.")
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    renditions = models.JSONField(_("renditions"), default=dict, editable=False, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.file.url

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # Derive the stored file: validated by its bytes, upright, without metadata.
            prepared = images.prepare_upload(self.file)
            self.file = prepared.file
            self.width, self.height = prepared.width, prepared.height
            self.renditions = {}
        super().save(*args, **kwargs)

    @property
    def aspect_ratio(self):
        return self.width / self.height if self.height else 1


class LeadImage(models.Model):
    """A lead image chosen from the library, with what this use of it says."""

    lead_image = models.ForeignKey(
        Image,
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    lead_image_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Tick if the image adds nothing to the text; it then gets no alt text."),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the credit stored with the image."),
    )

    LEAD_IMAGE_FIELDS = [
        "lead_image",
        "lead_image_alt",
        "lead_image_decorative",
        "lead_image_caption",
        "lead_image_credit",
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image_alt.strip() and not self.lead_image_decorative:
            raise ValidationError(
                {
                    "lead_image_alt": _(
                        "Describe the lead image for people who cannot see it, "
                        "or tick “decorative”."
                    )
                }
            )

    @property
    def image_credit(self):
        if self.lead_image_credit:
            return self.lead_image_credit
        return self.lead_image.credit if self.lead_image else ""

    @property
    def image_alt(self):
        return "" if self.lead_image_decorative else self.lead_image_alt


class SiteSettings(models.Model):
    """The one record of site-wide settings, edited in the admin."""

    CACHE_KEY = "site_config:site-settings"

    name = models.CharField(_("organisation name"), max_length=120, default="Placard")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    about = RichTextField(_("about text"), blank=True, help_text=_("Shown on the home page."))
    logo = models.ForeignKey(
        Image,
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

    def get_absolute_url(self):
        return reverse("home")

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The settings record with its social links, from the cache when possible."""
        current = _cache_call(cache.get, cls.CACHE_KEY)
        if current is None:
            current, _created = cls.objects.select_related("logo").get_or_create(pk=1)
            current.social_links_list = list(current.social_links.all())
            _cache_call(cache.set, cls.CACHE_KEY, current, 3600)
        return current

    @classmethod
    def clear_cache(cls):
        _cache_call(cache.delete, cls.CACHE_KEY)


class SocialLink(models.Model):
    """A link to one of the organisation's profiles elsewhere."""

    site = models.ForeignKey(SiteSettings, on_delete=models.CASCADE, related_name="social_links")
    label = models.CharField(_("label"), max_length=60, help_text=_("For example: Mastodon."))
    url = models.URLField(_("address"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("social profile")
        verbose_name_plural = _("social profiles")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label
