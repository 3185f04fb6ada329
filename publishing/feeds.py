"""The base of every content type's RSS and Atom feeds.

Feed HTML is built from escaped plain text (`paragraph`) and from rich text sanitised
against the allowlist, never from a field as it was typed.
"""

from django.contrib.syndication.views import Feed
from django.utils.html import format_html

from richtext.sanitizer import sanitize_for_output

from .models import SiteSettings
from .validators import strip_control_characters


def paragraph(text, emphasis=False):
    """`text` as one escaped HTML paragraph, or nothing when it is empty."""
    if not text:
        return ""
    if emphasis:
        return format_html("<p><em>{}</em></p>", text)
    return format_html("<p>{}</p>", text)


def rich_text(html):
    """Stored rich text for a feed entry: cleaned again, once per process for the same
    text, so a feed requested under ever new query strings doesn't re-parse every body."""
    return sanitize_for_output(html)


def feed_text(value):
    """A feed value (text, HTML, or a list of categories) without the control characters
    XML 1.0 cannot hold: one stored by code would otherwise make the whole feed fail."""
    if isinstance(value, str):
        return strip_control_characters(value, keep_line_breaks=True)
    if isinstance(value, list | tuple):
        return type(value)(feed_text(part) for part in value)
    return value


class PublishableFeed(Feed):
    """Titles, dates and stable ids of published items; subclasses say what to list."""

    item_guid_is_permalink = False

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = {key: feed_text(value) for key, value in feed.feed.items()}
        feed.items = [{key: feed_text(value) for key, value in item.items()} for item in feed.items]
        return feed

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
