"""Sitemap sections of published articles and the pages that list them.

A list's last change is the newest change among the published articles it shows."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import TruncMonth
from django.urls import reverse
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

from .models import Article, Section
from .views import published_authors


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


class ArticleListsSitemap(SmallSitemap):
    """The list of authors and the archive: its index, and each year and month."""

    changefreq = "daily"
    priority = 0.5

    def files(self):
        # Without reading every month: the newest change of all is the file's.
        latest = latest_changes({"articles": published()}).get("articles")
        return [(1, latest)] if latest else []

    def addresses(self):
        # Every month with its newest change, in one query (months in the current time
        # zone, as the archive pages count them).
        months = (
            published()
            .in_language()  # each language's archive has the months of its own articles
            .order_by()
            .annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(latest=W3CDatetime(Max(CHANGED)))
            .order_by("-month")
        )
        months = [(row["month"], row["latest"]) for row in months]
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


sitemaps = {
    "articles": ArticleSitemap,
    "article-lists": ArticleListsSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}
