"""The site's sitemap: every published page, gathered from each content app."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import ArticleSitemap, AuthorSitemap, SectionSitemap, StatementSitemap
from events.sitemaps import EventPagesSitemap, EventSitemap


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "articles:article-list", "articles:statement-list"]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "pages": StaticPagesSitemap,
    "articles": ArticleSitemap,
    "statements": StatementSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "event-pages": EventPagesSitemap,
    "events": EventSitemap,
}
