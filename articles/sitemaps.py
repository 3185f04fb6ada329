"""Sitemap entries for published articles and the pages that list them."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from site_config.sitemap_base import ListedSitemap

from .models import Article, Author, Byline, Section, Statement


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "publish_at")

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)


class SectionSitemap(ListedSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        published = Article.objects.published().filter(section=OuterRef("pk"))
        return Section.objects.filter(Exists(published))


class AuthorSitemap(ListedSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        published = Byline.objects.filter(
            author=OuterRef("pk"), article__in=Article.objects.published()
        )
        return Author.objects.filter(Exists(published))


class StatementSitemap(ListedSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Statement.objects.published().only("slug", "updated_at", "publish_at")

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)
