"""The base of every content type's RSS and Atom feeds.

Feed HTML is built from escaped plain text (`paragraph`) and from rich text sanitised
against the allowlist, never from a field as it was typed.
"""

from django.contrib.syndication.views import Feed
from django.utils.html import format_html

from richtext.sanitizer import sanitize_html

from .models import SiteSettings


def paragraph(text, emphasis=False):
    """`text` as one escaped HTML paragraph, or nothing when it is empty."""
    if not text:
        return ""
    if emphasis:
        return format_html("<p><em>{}</em></p>", text)
    return format_html("<p>{}</p>", text)


def rich_text(html):
    return sanitize_html(html)


class PublishableFeed(Feed):
    """Titles, dates and stable ids of published items; subclasses say what to list."""

    item_guid_is_permalink = False

    def site_name(self):
        return SiteSettings.load().name

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_guid(self, item):
        return f"urn:placard:{item._meta.model_name}:{item.pk}"
