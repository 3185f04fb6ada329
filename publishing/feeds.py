"""The base of every content type's RSS and Atom feeds.

Feed HTML is built from escaped plain text (`paragraph`) and from rich text sanitised
against the allowlist, never from a field as it was typed.
"""

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html

from richtext.sanitizer import sanitize_for_output

from .languages import primary
from .links import static_url
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


DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class MultiAuthorRssFeed(Rss201rev2Feed):
    """RSS with one `dc:creator` per author: Django's framework knows one author an item,
    written from `author_name`; the others come from the item's `authors` list."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", [])[1:]:
            handler.addQuickElement("dc:creator", name, {"xmlns:dc": DUBLIN_CORE})


class MultiAuthorAtomFeed(Atom1Feed):
    """Atom with one `<author>` per author (see `MultiAuthorRssFeed`), and the site's
    `<icon>` and `<logo>` when the feed names them."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for name in ("icon", "logo"):
            if self.feed.get(name):
                handler.addQuickElement(name, self.feed[name])

    def item_attributes(self, item):
        # An entry in another language than the feed's says so (RSS 2.0 has no place for
        # it: its one <language> is the channel's).
        attributes = super().item_attributes(item)
        language = item.get("language")
        if language and primary(language) != primary(self.feed.get("language")):
            attributes["xml:lang"] = language
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", [])[1:]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


def tagging_authority(domain):
    """`domain` without a port, which RFC 4151's authority name cannot hold."""
    host, _, port = domain.rpartition(":")
    if host and port.isdigit() and not domain.endswith("]"):
        return host
    return domain


class PublishableFeed(Feed):
    """Titles, dates and stable ids of published items; subclasses say what to list."""

    item_guid_is_permalink = False
    feed_type = MultiAuthorRssFeed

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Entry ids are RFC 4151 `tag:` URIs: the site's domain (the host the feed links
        # use) makes them unique across installs, and the creation date plus model and
        # primary key keeps them stable when an item is retitled, re-slugged or re-dated.
        # `item_guid` gives the part after the tagging entity's authority.
        authority = tagging_authority(get_current_site(request).domain)
        for item in feed.items:
            item["unique_id"] = f"tag:{authority},{item['unique_id']}"
        feed.feed["icon"] = request.build_absolute_uri(static_url("favicon.svg"))
        logo = SiteSettings.load().logo
        feed.feed["logo"] = request.build_absolute_uri(logo.file.url) if logo else None
        feed.feed = {key: feed_text(value) for key, value in feed.feed.items()}
        feed.items = [{key: feed_text(value) for key, value in item.items()} for item in feed.items]
        return feed

    def site_name(self):
        return SiteSettings.load().name

    def item_title(self, item):
        return item.title

    def item_authors(self, item):
        """The names of the item's authors, each written as an author of its own."""
        return []

    def item_author_name(self, item):
        authors = self.item_authors(item)
        return authors[0] if authors else None

    def item_extra_kwargs(self, item):
        return {
            **super().item_extra_kwargs(item),
            "authors": self.item_authors(item),
            "language": item.language,
        }

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_guid(self, item):
        """The date and specific part of the entry's `tag:` URI (see `get_feed`)."""
        created = item.created_at or item.publish_at
        return f"{created:%Y-%m-%d}:{item._meta.model_name}/{item.pk}"
