"""RSS and Atom feeds of upcoming events (calendar subscriptions: `ical.py`, `views.py`)."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from publishing.feeds import MultiAuthorAtomFeed, PublishableFeed, paragraph, rich_text

from .models import Event, Occurrence
from .templatetags.event_tags import _clock, _day, zone_label

FEED_SIZE = 50


def when(occurrence):
    local = occurrence.local_start
    if occurrence.event.all_day:
        return _day(local)  # in the active language, as on the pages
    return f"{_day(local)}, {_clock(local)} {zone_label(local, occurrence.event.time_zone)}"


class UpcomingEventsFeed(PublishableFeed):
    def title(self):
        return _("%(site)s: upcoming events") % {"site": self.site_name()}

    def link(self):
        return reverse("events:event-list")

    def description(self):
        return self.title()

    def items(self):
        """Upcoming events, each with its next stored occurrence (read in the same query)."""
        now = timezone.now()
        coming = Occurrence.objects.filter(event=OuterRef("pk"), end__gte=now).order_by("start")
        events = list(
            Event.objects.published()
            .in_language()
            .upcoming(now)
            .annotate(next_start=Subquery(coming.values("start")[:1]))
            .filter(next_start__isnull=False)[:FEED_SIZE]
        )
        for event in events:
            end = event.next_start + (event.end - event.start)
            event.next_occurrence = Occurrence(event=event, start=event.next_start, end=end)
        return events

    def item_title(self, item):
        prefix = {"cancelled": _("Cancelled: "), "postponed": _("Postponed: ")}
        return prefix.get(item.event_status, "") + item.title

    def item_description(self, item):
        venue = ", ".join(item.venue_lines) if item.is_in_person else ""
        return (
            format_html("<p><strong>{}</strong></p>", when(item.next_occurrence))
            + paragraph(item.status_note)
            + paragraph(venue)
            + paragraph(item.summary)
            + rich_text(item.description)
        )

    def item_categories(self, item):
        return [item.get_kind_display()]


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    feed_type = MultiAuthorAtomFeed

    def subtitle(self):
        return self.description()
