"""What every content type shares: the publishing base and its QuerySet, slug redirects,
the site-wide settings record, and the editorial records (preview links, audit log)."""

from .editorial import AuditEntry, PreviewLink, record
from .publishable import AsStored, Publishable, PublishingQuerySet, SlugRedirect, who
from .site import SiteSettings, SocialLink

__all__ = [
    "AsStored",
    "AuditEntry",
    "PreviewLink",
    "Publishable",
    "PublishingQuerySet",
    "SiteSettings",
    "SlugRedirect",
    "SocialLink",
    "record",
    "who",
]
