"""Sitemap sections of published statements and their lists of signatories."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from publishing.sitemaps import CHANGED, PublishedSitemap, QuerySitemap

from .models import Endorsement, Statement


class StatementSitemap(PublishedSitemap):
    model = Statement
    url_name = "statements:statement-detail"
    changefreq = "daily"
    priority = 0.8


def listed_endorsements():
    """The endorsements each statement's signatory page lists, for the outer statement:
    public, and individuals only where the statement shows them by name."""
    shown = Q(kind=Endorsement.Kind.ORGANISATION) | Q(statement__show_individual_names=True)
    return Endorsement.objects.public().filter(shown, statement=OuterRef("pk"))


class SignatoriesSitemap(QuerySitemap):
    """The signatory pages of published statements that list someone; changed when the
    statement is, or when a signature was last confirmed (approval keeps no time)."""

    url_name = "statements:statement-signatories"
    changefreq = "daily"
    priority = 0.3

    @property
    def lastmod(self):
        signed = (
            listed_endorsements().order_by().annotate(signed=Coalesce("confirmed_at", "created_at"))
        )
        newest = Subquery(signed.order_by("-signed").values("signed")[:1])
        # Greatest() of a NULL is NULL on some databases: the statement's time stands in.
        return Greatest(CHANGED, Coalesce(newest, "publish_at"))

    def queryset(self):
        return Statement.objects.published().filter(Exists(listed_endorsements()))


sitemaps = {"statements": StatementSitemap, "statement-signatories": SignatoriesSitemap}
