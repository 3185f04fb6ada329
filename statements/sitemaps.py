"""Sitemap entries for published statements."""

from django.contrib.sitemaps import Sitemap

from .models import Statement


class StatementSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        # Statements number in the hundreds at most: one query, no COUNT first.
        return list(Statement.objects.published().only("slug", "updated_at", "publish_at"))

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)


sitemaps = {"statements": StatementSitemap}
