"""Which events and which of their dates a page lists: published within the years the
site can show, upcoming, past, on given days; all ordered and cut in the database."""

import datetime

from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.utils import timezone

from publishing.models import AsStored, PublishingQuerySet

from .recurrence import EARLIEST, LATEST

# An occurrence that is not long (ends on the day it starts or the next, where it
# happens) lasts less than this: two days, plus the hour a clock change adds, and room.
SHORT = datetime.timedelta(days=3)
ONE_DAY = datetime.timedelta(days=1)


class EventQuerySet(PublishingQuerySet):
    def published(self, now=None, by_index=True):
        """Published events, except any dated outside the years the site can show. The
        forms refuse such dates; a row stored by code with one must not break every
        list, feed and calendar it would appear in.

        Indexes are searched by the start (or by the publish time): the end and the last
        end, which almost every event passes, are compared as stored. Without `by_index`,
        so is the start (see `PublishingQuerySet.published`)."""
        starts = GreaterThanOrEqual(F("start") if by_index else AsStored("start"), EARLIEST)
        return (
            super()
            .published(now, by_index)
            .filter(
                models.Q(LessThan(AsStored("last_end"), LATEST)) | models.Q(last_end=None),
                LessThan(AsStored("end"), LATEST),
                starts,
            )
        )

    def upcoming(self, now=None):
        """Events with an occurrence that has not ended yet (running ones included)."""
        now = now or timezone.now()
        return self.filter(last_end__gte=now).order_by("start", "pk")

    def past(self, now=None):
        """Events with an occurrence that has ended, the most recent first."""
        now = now or timezone.now()
        return self.filter(end__lt=now).order_by("-start", "-pk")

    def for_listing(self):
        return self.select_related("lead_image").prefetch_related("exceptions")

    def next_occurrences(self, limit, now=None):
        """The soonest `limit` occurrences of these events that have not ended yet."""
        from .models import Occurrence

        now = now or timezone.now()
        found = Occurrence.objects.published(now).upcoming(now).filter(event__in=self)
        return list(found.for_cards()[:limit])


def long_bound(last_day):
    """Long occurrences running on `last_day` started before this (every zone's day
    starts within a day of UTC's)."""
    return datetime.datetime.combine(last_day + 2 * ONE_DAY, datetime.time(), datetime.UTC)


class OccurrenceQuerySet(models.QuerySet):
    """Stored occurrences, which only published events have: the publish time, kept on
    each row, decides the rest at query time, as `published()` does for events."""

    # What cards and calendar days show of an event: lists read only these columns.
    CARD_FIELDS = (
        "title", "slug", "kind", "attendance", "venue_city", "summary", "event_status",
        "status_note", "time_zone", "all_day", "start", "repeat", "repeat_interval",
        "language",
    )  # fmt: skip

    def published(self, now=None):
        # No index is searched by the publish time: it is compared as stored.
        return self.filter(LessThanOrEqual(AsStored("publish_at"), now or timezone.now()))

    def for_cards(self):
        own = [field.name for field in self.model._meta.concrete_fields]
        return self.select_related("event").only(
            *own, *(f"event__{name}" for name in self.CARD_FIELDS)
        )

    def upcoming(self, now=None, short_ago=None):
        """Occurrences that have not ended yet (running ones included), soonest first.

        Read in order of start through its index, from a bound that keeps past ones out
        of the scan: three days ago (no short occurrence started earlier is running),
        or the start of the earliest long one still running. `short_ago` is `now -
        SHORT`, for a prepared query (see `publishing.prepared`) that takes it as a value."""
        now = now or timezone.now()
        short_ago = short_ago or now - SHORT
        # Both are read along an index by start: the end is compared as stored.
        ended = AsStored("end")
        long_running = (
            self.filter(GreaterThanOrEqual(ended, now), is_long=True, start__lt=short_ago)
            .order_by("start")
            .values("start")[:1]
        )
        since = Coalesce(
            models.Subquery(long_running),
            models.Value(short_ago),
            output_field=models.DateTimeField(),
        )
        return self.filter(GreaterThanOrEqual(ended, now), start__gte=since).order_by(
            "start", "event_id"
        )

    def past(self, now=None):
        """Occurrences that have ended, the most recent first."""
        now = now or timezone.now()
        # Read along the index by start: the end is compared as stored.
        return self.filter(LessThan(AsStored("end"), now), start__lt=now).order_by(
            "-start", "-event_id"
        )

    def one_card_a_month(self, now, newest_first=False):
        """The dates that lists show as cards: every one-off event's, and a repeating
        event's first in each month of the list (its latest, in the past list, which runs
        back in time). The others go on that card. A card is thus a row, and a page of
        cards is cut by the database like a page of dates, whatever the series on it.

        Upcoming (`now`): an earlier date of the same event and month not yet ended takes
        the card, so a date has it when the latest end of those earlier dates has passed;
        past: a later one already ended does, so a date has it when the earliest end of
        those later dates is still to come. Each row holds both ends (`link_months`):
        a deep page walks its rows without a lookup for each."""
        if newest_first:
            later = AsStored("later_dates_end")
            return self.filter(
                models.Q(later_dates_end=None) | models.Q(GreaterThanOrEqual(later, now))
            )
        earlier = AsStored("earlier_dates_end")
        return self.filter(models.Q(earlier_dates_end=None) | models.Q(LessThan(earlier, now)))

    def short_on_days(self, first_day, last_day, day_before=None):
        """Short occurrences that run on a day from `first_day` to `last_day`, where they
        happen: they start on one of those days or the day before (`day_before`, given
        by a prepared query, which takes it as a value)."""
        return self.filter(
            GreaterThanOrEqual(AsStored("last_day"), first_day),  # the index: by local date
            is_long=False,
            local_date__range=(day_before or first_day - ONE_DAY, last_day),
        )

    def long_on_days(self, first_day, last_day, bound=None):
        """Long occurrences that run on a day from `first_day` to `last_day` (few: the
        index holds only them). `bound`: see `long_bound`."""
        bound = bound or long_bound(last_day)
        return self.filter(
            is_long=True, start__lt=bound, local_date__lte=last_day, last_day__gte=first_day
        )

    def on_days(self, first_day, last_day):
        return self.short_on_days(first_day, last_day) | self.long_on_days(first_day, last_day)
