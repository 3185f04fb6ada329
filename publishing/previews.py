"""Shareable preview links: a secret address that shows a draft to someone without an
account, read-only, until it expires or is revoked."""

from django.utils import timezone

from .models import AuditEntry, PreviewLink, record


def share_preview(obj, user):
    link = PreviewLink.objects.create(target=obj, created_by=user)
    record(user, AuditEntry.Action.PREVIEW_SHARED, obj)
    return link


def revoke_preview(link, user):
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    if link.target is not None:
        record(user, AuditEntry.Action.PREVIEW_REVOKED, link.target)
