"""The first pass over an export: all of it is read (so a malformed or hostile file is
refused before anything is written), and what later items refer to is kept: authors,
categories and tags, attachments and venues, and every item's old address and slug. The
texts of posts, pages and events are not kept; the second pass reads them again."""

import html
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from publishing.models import Publishable

from . import wxr
from .addresses import wordpress_slug

# The WordPress statuses that are imported (the others, such as trash, are left out),
# as Placard has them: (status, review state).
STATUSES = {
    "publish": (Publishable.Status.PUBLISHED, Publishable.Review.NONE),
    "future": (Publishable.Status.PUBLISHED, Publishable.Review.NONE),
    "draft": (Publishable.Status.DRAFT, Publishable.Review.NONE),
    "pending": (Publishable.Status.DRAFT, Publishable.Review.SUBMITTED),
    "private": (Publishable.Status.DRAFT, Publishable.Review.NONE),
}


def plain_text(raw, limit=None):
    """HTML (an excerpt, a caption) as one line of plain text, within `limit`."""
    text = " ".join(html.unescape(strip_tags(raw or "")).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Entry:
    """What the first pass keeps of an item: no texts, only what others refer to."""

    post_id: int
    post_type: str
    status: str
    guid: str
    link: str
    slug: str
    title: str
    parent_id: int


@dataclass
class Survey:
    """The whole export, read once: see the module docstring."""

    site: object = None
    authors: dict = field(default_factory=dict)  # login -> wxr.Author
    categories: dict = field(default_factory=dict)  # slug -> wxr.Term
    tags: dict = field(default_factory=dict)  # slug -> wxr.Term
    entries: dict = field(default_factory=dict)  # post id -> Entry
    attachments: dict = field(default_factory=dict)  # post id -> wxr.Item
    venues: dict = field(default_factory=dict)  # post id -> wxr.Item (venue, organiser)
    attached: dict = field(default_factory=dict)  # post id -> [(order, attachment id)]
    fixes: list = field(default_factory=list)

    def category_path(self, slug, seen=()):
        """The category's slugs from the top down: ["news", "strikes"]."""
        term = self.categories.get(slug)
        if term is None or slug in seen:
            return [slug]
        if term.parent_slug and term.parent_slug in self.categories:
            return [*self.category_path(term.parent_slug, (*seen, slug)), slug]
        return [slug]


def survey(source, time_zone=None):
    """Read the whole export (the first pass): raises `wxr.WxrError` for a bad file."""
    found = Survey()
    for record in wxr.read(source, time_zone=time_zone, on_fix=found.fixes.append):
        if isinstance(record, wxr.Site):
            found.site = record
        elif isinstance(record, wxr.Author):
            found.authors[record.login] = record
        elif isinstance(record, wxr.Term):
            slug = wordpress_slug(record.slug)
            if record.taxonomy == "category":
                found.categories[slug] = record
            elif record.taxonomy == "post_tag":
                found.tags[slug] = record
        elif isinstance(record, wxr.Item):
            found.entries[record.post_id] = Entry(
                record.post_id,
                record.post_type,
                record.status,
                record.guid,
                record.link,
                record.slug,
                record.title,
                record.parent_id,
            )
            if record.post_type == "attachment":
                record.content = ""  # the attachment's description: not shown anywhere
                found.attachments[record.post_id] = record
                if record.parent_id:
                    found.attached.setdefault(record.parent_id, []).append(
                        (record.menu_order, record.post_id)
                    )
            elif record.post_type in ("tribe_venue", "tribe_organizer"):
                record.content = ""
                found.venues[record.post_id] = record  # organisers too: looked up by id
            # Terms used by items but missing from the channel (partial exports).
            for taxonomy, nicename, name in record.terms:
                slug = wordpress_slug(nicename)
                known = {"category": found.categories, "post_tag": found.tags}.get(taxonomy)
                if known is not None and slug not in known:
                    known[slug] = wxr.Term(taxonomy, None, nicename, name, "", "")
    return found
