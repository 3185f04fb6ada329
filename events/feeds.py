"""RSS of upcoming events (calendar subscriptions are in `ical.py` and `views.py`)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from site_config.models import SiteSettings
from site_config.richtext import sanitize_html

from .models import Event
from .recurrence import occurrences

FEED_SIZE = 50


def when(occurrence):
    local = occurrence.local_start
    if occurrence.event.all_day:
        return local.strftime("%A %-d %B %Y")
    return f"{local:%A %-d %B %Y, %H:%M} {local.tzname()} ({occurrence.event.time_zone})"


class UpcomingEventsFeed(Feed):
    def title(self):
        return _("%(site)s: upcoming events") % {"site": SiteSettings.load().name}

    def link(self):
        return reverse("events:event-list")

    def description(self):
        return self.title()

    def items(self):
        now = timezone.now()
        events = list(
            Event.objects.published().upcoming(now).prefetch_related("exceptions")[:FEED_SIZE]
        )
        for event in events:
            coming = occurrences(event, window_start=now)
            event.next_occurrence = coming[0] if coming else None
        return [event for event in events if event.next_occurrence]

    def item_title(self, item):
        prefix = {"cancelled": _("Cancelled: "), "postponed": _("Postponed: ")}
        return prefix.get(item.event_status, "") + item.title

    def item_description(self, item):
        parts = [f"<p><strong>{escape(when(item.next_occurrence))}</strong></p>"]
        if item.status_note:
            parts.append(f"<p>{escape(item.status_note)}</p>")
        if item.venue_lines and item.is_in_person:
            parts.append(f"<p>{escape(', '.join(item.venue_lines))}</p>")
        if item.summary:
            parts.append(f"<p>{escape(item.summary)}</p>")
        return "".join(parts) + sanitize_html(item.description)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_guid(self, item):
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False
