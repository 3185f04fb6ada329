"""Editorial records: shareable preview links and the audit log."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..roles import ALL, EDITOR, READ


def new_token():
    return secrets.token_urlsafe(24)


def default_expiry():
    return timezone.now() + timedelta(days=settings.PLACARD_PREVIEW_LINK_DAYS)


class PreviewLinkQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class PreviewLink(models.Model):
    """A secret address that shows a draft to someone without an account, read-only."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    role_permissions = {EDITOR: ALL}
    shown_to_readers = False

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.target} ({self.expires_at:%Y-%m-%d})"

    # Deliberately not `get_absolute_url`: the admin's "view on site" shortcut
    # (/admin/r/<type>/<id>/) sends any staff member to that address, and the token is a
    # secret for those who may manage the item's links.
    @property
    def preview_url(self):
        """The shareable address (a path), shown only on the item's own edit page."""
        return reverse("preview", kwargs={"token": self.token})

    @property
    def is_valid(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class AuditEntry(models.Model):
    """Who published, unpublished, deleted or reviewed what, and when."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        DELETED = "deleted", _("deleted")
        SUBMITTED = "submitted", _("submitted for review")
        SENT_BACK = "sent_back", _("sent back to the author")
        RESTORED = "restored", _("restored an earlier version as a draft")
        PREVIEW_SHARED = "preview_shared", _("shared a preview link")
        PREVIEW_REVOKED = "preview_revoked", _("revoked a preview link")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), null=True, on_delete=models.SET_NULL
    )
    object_id = models.PositiveBigIntegerField(null=True)
    object_repr = models.CharField(_("item"), max_length=250)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    role_permissions = {EDITOR: READ}
    shown_to_readers = False

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.username} {self.get_action_display()} {self.object_repr}"


def record(user, action, obj, note=""):
    """Write one audit entry for `obj` (which may be about to be deleted)."""
    return AuditEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=user.get_username() if hasattr(user, "get_username") else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:250],
        note=note,
    )
