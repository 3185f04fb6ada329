"""RSS 2.0 and Atom feeds of published statements."""

import re

from django.urls import reverse
from django.utils.translation import gettext as _

from publishing.feeds import MultiAuthorAtomFeed, PublishableFeed, paragraph, rich_text

from .models import Statement

FEED_SIZE = 30

# `issuing_body` is typed as a phrase ("Adopted by the conference of ..."); a feed's
# author is a name, so the leading verb and article are dropped.
ISSUED_BY = re.compile(
    r"^\s*(?:adopted|issued|agreed|published|signed|approved)\s+by\s+(?:the\s+)?", re.I
)


def issuing_body_name(phrase):
    """The name of the body in an `issuing_body` phrase: "Issued by the executive
    committee" gives "Executive committee"; a plain name is kept as typed."""
    name = ISSUED_BY.sub("", phrase).strip()
    return name[:1].upper() + name[1:] if name else phrase


class StatementFeed(PublishableFeed):
    def title(self):
        return _("%(site)s: statements") % {"site": self.site_name()}

    def link(self):
        return reverse("statements:statement-list")

    def description(self):
        return self.title()

    def items(self):
        return Statement.objects.published().select_related("kind")[:FEED_SIZE]

    def item_description(self, item):
        return (
            paragraph(item.issuing_body)
            + paragraph(item.dateline, emphasis=True)
            + rich_text(item.body)
        )

    def item_categories(self, item):
        return [item.kind_label]

    def item_authors(self, item):
        return [issuing_body_name(item.issuing_body)] if item.issuing_body else []


class StatementAtomFeed(StatementFeed):
    feed_type = MultiAuthorAtomFeed

    def subtitle(self):
        return self.description()
