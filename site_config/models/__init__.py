"""What every content type shares: the publishing base and its QuerySet, slug redirects,
the image library, the site-wide settings record, and the editorial records (preview
links, audit log)."""

from .editorial import AuditEntry, PreviewLink
from .library import Image, LeadImage
from .publishing import Publishable, PublishingQuerySet, SlugRedirect
from .site import SiteSettings, SocialLink

__all__ = [
    "AuditEntry",
    "PreviewLink",
    "Image",
    "LeadImage",
    "Publishable",
    "PublishingQuerySet",
    "SiteSettings",
    "SlugRedirect",
    "SocialLink",
]
