"""Sitemap sections of published statements and their lists of signatories."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from pagecache.versions import scope_version
from publishing.sitemaps import CHANGED, ItemSitemap, PublishedSitemap

from .models import ALL_SIGNATURES_SCOPE, Endorsement, Statement


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


class SignatoriesSitemap(ItemSitemap):
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
        # A signature moves no page but its statement's: what lists every statement's
        # signatories (the index and this section's files) reads the version of all
        # signatures before their rows, so that its cached copy is served only while no
        # signature changed (see `pagecache.versions.scope_version`).
        scope_version(ALL_SIGNATURES_SCOPE)
        return Statement.objects.published().filter(Exists(listed_endorsements()))


sitemaps = {"statements": StatementSitemap, "statement-signatories": SignatoriesSitemap}
