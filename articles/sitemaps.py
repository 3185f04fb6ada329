"""Sitemap sections of published articles and the pages that list them."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from taggit.models import Tag

from publishing.sitemaps import PublishedSitemap, QuerySitemap, SmallSitemap

from .models import Article, Section
from .views import published_authors


class ArticleSitemap(PublishedSitemap):
    model = Article
    url_name = "articles:article-detail"
    changefreq = "weekly"
    priority = 0.8


class SectionSitemap(QuerySitemap):
    url_name = "articles:section-detail"
    changefreq = "daily"
    priority = 0.6

    def queryset(self):
        published = Article.objects.published().filter(section=OuterRef("pk"))
        return Section.objects.filter(Exists(published))


class AuthorSitemap(QuerySitemap):
    url_name = "articles:author-detail"
    changefreq = "weekly"
    priority = 0.4

    def queryset(self):
        return published_authors()


class TagSitemap(QuerySitemap):
    url_name = "articles:tag-detail"
    changefreq = "weekly"
    priority = 0.4

    def queryset(self):
        published = Article.objects.published().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(published))


class ArticleListsSitemap(SmallSitemap):
    """The list of authors and the archive: its index, and each year and month."""

    changefreq = "daily"
    priority = 0.5

    def files(self):
        # Without reading every month: the archive exists once anything is published.
        return [(1, None)] if Article.objects.published().exists() else []

    def addresses(self):
        months = list(Article.objects.published().dates("publish_at", "month", order="DESC"))
        if not months:
            return []
        years = sorted({month.year for month in months}, reverse=True)
        return [
            reverse("articles:author-list"),
            reverse("articles:archive"),
            *(reverse("articles:archive-year", args=[year]) for year in years),
            *(reverse("articles:archive-month", args=[m.year, f"{m.month:02d}"]) for m in months),
        ]


sitemaps = {
    "articles": ArticleSitemap,
    "article-lists": ArticleListsSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}
