"""Sitemap entries for published events and the pages that list them."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Event


class EventSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7
    limit = 5000

    def items(self):
        # Events number in the hundreds or low thousands: one query, no COUNT first.
        return list(Event.objects.published().only("slug", "updated_at", "publish_at"))

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)


class EventPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["events:event-list", "events:event-past", "events:event-calendar"]

    def location(self, item):
        return reverse(item)


sitemaps = {"event-pages": EventPagesSitemap, "events": EventSitemap}
