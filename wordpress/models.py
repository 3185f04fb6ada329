"""What an import from WordPress leaves behind: which Placard object each WordPress item
became (so that a second run updates instead of duplicating), and the WordPress site's
old addresses (so that they answer with a 301 to the object's current address)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from publishing.roles import ADMINISTRATOR, ALL, EDITOR, READ


class ImportedItem(models.Model):
    """One WordPress item (post, page, event, attachment) and the object it became."""

    guid = models.CharField(_("WordPress GUID"), max_length=1000, unique=True)
    wordpress_id = models.PositiveBigIntegerField(_("WordPress id"), db_index=True)
    post_type = models.CharField(_("WordPress type"), max_length=40)
    old_url = models.CharField(_("old address"), max_length=1000, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("became a"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported"), auto_now=True)

    role_permissions = {EDITOR: READ, ADMINISTRATOR: ALL}

    class Meta:
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="wp_item_target_idx")]

    def __str__(self):
        return f"{self.post_type} {self.wordpress_id}"


class LegacyAddress(models.Model):
    """An address of the old WordPress site: a path (`/2019/03/14/slug`, without the final
    slash) or a query (`?p=123`, `?page_id=45`, `?cat=7`), and what answers it now."""

    old_address = models.CharField(_("old address"), max_length=1000, unique=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("leads to a"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    role_permissions = {EDITOR: READ, ADMINISTRATOR: ALL}

    class Meta:
        verbose_name = _("old WordPress address")
        verbose_name_plural = _("old WordPress addresses")
        ordering = ["old_address"]

    def __str__(self):
        return self.old_address
