"""RSS 2.0 and Atom feeds of published statements."""

from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from publishing.feeds import PublishableFeed, paragraph, rich_text

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
        return Statement.objects.published().select_related("kind")[:FEED_SIZE]

    def item_description(self, item):
        return (
            paragraph(item.issuing_body)
            + paragraph(item.dateline, emphasis=True)
            + rich_text(item.body)
        )

    def item_categories(self, item):
        return [item.kind_label]

    def item_author_name(self, item):
        return item.issuing_body


class StatementAtomFeed(StatementFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
