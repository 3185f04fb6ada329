"""Sitemap entries for published articles and the pages that list them."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from .models import Article, Author, Byline, Section


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "publish_at")

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)


# Sections and authors number in the hundreds at most: their items are read as a list in
# one query, where a queryset would cost a COUNT query first.


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        published = Article.objects.published().filter(section=OuterRef("pk"))
        return list(Section.objects.filter(Exists(published)))


class AuthorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        published = Byline.objects.filter(
            author=OuterRef("pk"), article__in=Article.objects.published()
        )
        return list(Author.objects.filter(Exists(published)))


sitemaps = {"articles": ArticleSitemap, "sections": SectionSitemap, "authors": AuthorSitemap}
