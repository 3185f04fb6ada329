"""What every content type shares: the publishing base and its QuerySet, slug redirects,
the site-wide settings record, and the editorial records (preview links, audit log)."""

from .editorial import AuditEntry, PreviewLink, record
from .publishable import (
    AsStored,
    JSONRows,
    Publishable,
    PublishingQuerySet,
    SlugRedirect,
    json_rows,
    who,
)
from .site import SiteSettings, SocialLink

__all__ = [
    "AsStored",
    "AuditEntry",
    "JSONRows",
    "PreviewLink",
    "Publishable",
    "PublishingQuerySet",
    "SiteSettings",
    "SlugRedirect",
    "SocialLink",
    "json_rows",
    "record",
    "who",
]
