"""Sitemap section of published statements."""

from publishing.sitemaps import PublishedSitemap

from .models import Statement


class StatementSitemap(PublishedSitemap):
    model = Statement
    url_name = "statements:statement-detail"
    changefreq = "daily"
    priority = 0.8


sitemaps = {"statements": StatementSitemap}
