"""Which events a page lists: published within the years the site can show, upcoming,
past, in a window; all ordered in the database."""

from django.utils import timezone

from publishing.models import PublishingQuerySet

from .recurrence import EARLIEST, LATEST, expand


class EventQuerySet(PublishingQuerySet):
    def published(self):
        """Published events, except any dated outside the years the site can show. The
        forms refuse such dates; a row stored by code with one must not break every
        list, feed and calendar it would appear in."""
        return (
            super()
            .published()
            .filter(start__gte=EARLIEST, end__lt=LATEST)
            .exclude(last_end__gte=LATEST)
        )

    def upcoming(self, now=None):
        """Events with an occurrence that has not ended yet (running ones included)."""
        now = now or timezone.now()
        return self.filter(last_end__gte=now).order_by("start", "pk")

    def past(self, now=None):
        """Events with an occurrence that has ended, the most recent first."""
        now = now or timezone.now()
        return self.filter(end__lt=now).order_by("-start", "-pk")

    def overlapping(self, window_start, window_end):
        """Events with an occurrence that may fall between the two moments."""
        return self.filter(start__lt=window_end, last_end__gte=window_start).order_by("start")

    def for_listing(self):
        return self.select_related("lead_image").prefetch_related("exceptions")

    def next_occurrences(self, limit, now=None, scan=100):
        """The soonest `limit` occurrences of these events, in two queries. Looks at the
        first `scan` upcoming events: plenty for a home page block."""
        now = now or timezone.now()
        events = self.upcoming(now).prefetch_related("exceptions")[:scan]
        return expand(events, window_start=now)[:limit]
