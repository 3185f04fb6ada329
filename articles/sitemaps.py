"""Sitemap sections of published articles and the pages that list them.

A list's last change is the newest change among the published articles it shows."""

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import DateTimeField, Exists, Max, Min, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from publishing.sitemaps import (
    CHANGED,
    ListSitemap,
    PublishedSitemap,
    SmallSitemap,
    W3CDatetime,
    in_block,
    latest_changes,
)

from . import month_index
from .models import Article, Section
from .views import published_authors

# Stands for the month being looked up (see `ArticleListsSitemap.looked_up_months`).
MONTH = RawSQL("sitemap_months.month", [], output_field=DateTimeField())
# More months than this from the first article to the last are read in one scan.
MAX_MONTH_LOOKUPS = 2400


def published():
    return Article.objects.published()


class ArticleSitemap(PublishedSitemap):
    model = Article
    url_name = "articles:article-detail"
    changefreq = "weekly"
    priority = 0.8


class SectionSitemap(ListSitemap):
    url_name = "articles:section-detail"
    changefreq = "daily"
    priority = 0.6
    link = "section"

    def items(self):
        return published()

    def queryset(self):
        return Section.objects.filter(Exists(published().filter(section=OuterRef("pk"))))


class AuthorSitemap(ListSitemap):
    url_name = "articles:author-detail"
    changefreq = "weekly"
    priority = 0.4
    link = "authors"

    def items(self):
        return published()

    def queryset(self):
        return published_authors()


class TagSitemap(ListSitemap):
    """The tags of published articles (the tag pages list articles only)."""

    url_name = "articles:tag-detail"
    changefreq = "weekly"
    priority = 0.4
    link = "tags"

    def items(self):
        return published()

    def queryset(self):
        return Tag.objects.filter(Exists(published().filter(tags=OuterRef("pk"))))

    def linked_to_file(self, number):
        # Asked of each article in turn, newest first: the join through `tags` compares
        # the article's key with the tagged item's cast to another type, which no index
        # serves, where this looks the article up in the tagged items' own index.
        tagged = TaggedItem.objects.filter(
            in_block("tag", number),
            content_type=ContentType.objects.get_for_model(Article),
            object_id=OuterRef("pk"),
        )
        return Exists(tagged)

    def latest_by_row(self, items, condition, value):
        # Read from the tagged items, each joined to its article by the article's key:
        # the join from the articles (as `link` makes it) casts the tagged items' key,
        # which no index serves, and reads every tagged item.
        changed = Article._base_manager.filter(pk=OuterRef("object_id"))
        changed = changed.order_by().values(latest=self.lastmod)
        tagged = TaggedItem.objects.filter(
            condition("tag", value),
            content_type=ContentType.objects.get_for_model(Article),
            object_id__in=items.values("pk"),
        )
        tagged = (
            tagged.order_by().values("tag").annotate(latest=W3CDatetime(Max(Subquery(changed))))
        )
        return dict(tagged.values_list("tag", "latest"))


class ArticleListsSitemap(SmallSitemap):
    """The list of authors and the archive: its index, and each year and month."""

    changefreq = "daily"
    priority = 0.5

    def files(self):
        # Without reading every month: the newest change of all is the file's.
        latest = latest_changes({"articles": published()}).get("articles")
        return [(1, latest)] if latest else []

    def addresses(self):
        months = self.months()
        if not months:
            return []
        newest = max(latest for _month, latest in months)
        years = {}
        for month, latest in months:
            years[month.year] = max(years.get(month.year, latest), latest)
        return [
            (reverse("articles:author-list"), newest),
            (reverse("articles:archive"), newest),
            *((reverse("articles:archive-year", args=[y]), latest) for y, latest in years.items()),
            *(
                (reverse("articles:archive-month", args=[m.year, f"{m.month:02d}"]), latest)
                for m, latest in months
            ),
        ]

    def months(self):
        """[(month, lastmod)], newest first, of every month with a published article:
        months in the current time zone, as the archive pages count them, each with the
        newest change among its articles."""
        # Each language's archive has the months of its own articles.
        articles = published().in_language()
        if month_index.serves(articles.db, timezone.get_current_timezone_name()):
            months = self.looked_up_months(articles)
            if months is not None:
                return months
        months = (
            articles.order_by()
            .annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(latest=W3CDatetime(Max(CHANGED)))
            .order_by("-month")
        )
        return [(row["month"], row["latest"]) for row in months]

    def looked_up_months(self, articles):
        """As `months`, each month from the first article's to the last one's looked up
        in turn, its newest change read from the top of its part of the index by month
        (see articles migration 0018), in one query, rather than every article read;
        None if there are more than `MAX_MONTH_LOOKUPS` months to look up."""
        bounds = articles.order_by().aggregate(first=Min("publish_at"), last=Max("publish_at"))
        if bounds["first"] is None:
            return []
        first, last = month_of(bounds["first"]), month_of(bounds["last"])
        if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTH_LOOKUPS:
            return None
        newest = (
            articles.order_by()
            .alias(month=TruncMonth("publish_at"))
            .filter(month=MONTH)
            .order_by(CHANGED.desc())
            .annotate(latest=W3CDatetime(CHANGED))
            .values("latest")[:1]
        )
        sql, params = newest.query.get_compiler(newest.db).as_sql()
        with connections[newest.db].cursor() as cursor:
            cursor.execute(
                "WITH RECURSIVE sitemap_months(month) AS (SELECT CAST(%s AS timestamp) "
                "UNION ALL SELECT month + interval '1 month' FROM sitemap_months "
                f"WHERE month < %s) SELECT month, ({sql}) FROM sitemap_months "
                "ORDER BY month DESC",
                [first, last, *params],
            )
            return [(month, latest) for month, latest in cursor.fetchall() if latest]


def month_of(moment):
    """The start of the month of `moment` in the current time zone, as the database's
    months of `TruncMonth` are: without a time zone."""
    local = timezone.localtime(moment)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0, tzinfo=None)


sitemaps = {
    "articles": ArticleSitemap,
    "article-lists": ArticleListsSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}
