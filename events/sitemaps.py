"""Sitemap sections of published events and the pages that list them."""

from django.urls import reverse

from publishing.sitemaps import PublishedSitemap, SmallSitemap, latest_changes

from .models import Event


class EventSitemap(PublishedSitemap):
    model = Event
    url_name = "events:event-detail"
    changefreq = "daily"
    priority = 0.7


class EventPagesSitemap(SmallSitemap):
    changefreq = "daily"
    priority = 0.8

    def addresses(self):
        # Listed on an empty site too; changed with the newest change of a published event.
        latest = latest_changes({"events": Event.objects.published()}).get("events")
        names = ["events:event-list", "events:event-past", "events:event-calendar"]
        return [(reverse(name), latest) for name in names]


sitemaps = {"event-pages": EventPagesSitemap, "events": EventSitemap}
