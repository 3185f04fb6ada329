"""Sitemap entries for public pages."""

from django.contrib.sitemaps import Sitemap

from .models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        # Pages number in the tens or hundreds: one query, no COUNT first.
        return list(Page.objects.published().only("path", "updated_at", "publish_at"))

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)


# "pages" names the site's own list pages in the combined sitemap.
sitemaps = {"site-pages": PageSitemap}
