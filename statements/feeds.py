"""RSS 2.0 and Atom feeds of published statements."""

from django.urls import reverse
from django.utils.translation import gettext as _

from publishing.feeds import MultiAuthorAtomFeed, PublishableFeed, paragraph, rich_text

from .markup import issuer_name
from .models import Statement

FEED_SIZE = 30


class StatementFeed(PublishableFeed):
    def title(self):
        return _("%(site)s: statements") % {"site": self.site_name()}

    def link(self):
        return reverse("statements:statement-list")

    def description(self):
        return self.title()

    def items(self):
        return Statement.objects.published().in_language().select_related("kind")[:FEED_SIZE]

    def item_description(self, item):
        return (
            paragraph(item.issuing_body)
            + paragraph(item.dateline, emphasis=True)
            + rich_text(item.body)
        )

    def item_categories(self, item):
        return [item.kind_label]

    def item_authors(self, item):
        return [issuer_name(item.issuing_body)] if item.issuing_body else []


class StatementAtomFeed(StatementFeed):
    feed_type = MultiAuthorAtomFeed

    def subtitle(self):
        return self.description()
