"""The dates of events as `Occurrence` rows: expanded from the rule, skipped dates left
out, cancelled ones marked, and stored for published events up to a horizon.

Lists, the month calendar and feeds read the stored rows by date range. The rows follow
every change: the event's own save (the admin, code, and workflow actions such as
publish and unpublish), a change to its exceptions (see `signals.py`), and its deletion
(they go with it). A rule may run for centuries, so only the dates up to `HORIZON` after
today (or after the first date, for an event further ahead) are stored;
`manage.py extend_event_dates` moves the horizon on as the days pass.
"""

import datetime
from collections import defaultdict
from itertools import groupby
from operator import attrgetter

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import Event, EventException, Occurrence
from .recurrence import EARLIEST, LATEST, local_starts, to_utc

HORIZON = datetime.timedelta(days=731)


def occurrences(event, window_start=None, window_end=None, exceptions=None):
    """The occurrences of `event` (unsaved) that end at or after `window_start` and start
    before `window_end`; skipped dates left out, cancelled ones marked with their note.

    Reads `event.exceptions.all()` unless `exceptions` are given: prefetch it for lists.
    """
    if exceptions is None:
        exceptions = event.exceptions.all()
    by_date = {exception.date: exception for exception in exceptions}
    duration = event.end - event.start
    tz = event.tz
    found = []
    for local in local_starts(event):
        start = to_utc(local, tz) if event.repeat else event.start
        end = start + duration
        if window_end is not None and start >= window_end:
            break
        if window_start is not None and end < window_start:
            continue
        exception = by_date.get(local.date()) if event.repeat else None
        cancelled = exception is not None and exception.kind == EventException.Kind.CANCELLED
        if exception is not None and not cancelled:
            continue
        first_day, last_day = local.date(), end.astimezone(tz).date()
        found.append(
            Occurrence(
                event=event,
                start=start,
                end=end,
                local_date=first_day,
                local_month=first_day.replace(day=1),
                last_day=last_day,
                is_long=last_day - first_day > datetime.timedelta(days=1),
                publish_at=event.publish_at,
                cancelled=cancelled,
                cancellation_note=exception.note if cancelled else "",
            )
        )
    return found


def link_months(dates):
    """Set on each of `dates` (one event's) the latest end of the event's earlier dates
    in its month and the earliest end of its later ones, None where there are none (what
    `OccurrenceQuerySet.one_card_a_month` compares). Returns `dates`."""
    by_month = defaultdict(list)
    for date in dates:
        by_month[date.local_month].append(date)
    for month in by_month.values():
        # Dates that start together are neither earlier nor later than each other.
        start = attrgetter("start")
        groups = [list(group) for _start, group in groupby(sorted(month, key=start), start)]
        latest = None
        for group in groups:
            for date in group:
                date.earlier_dates_end = latest
            ends = max(date.end for date in group)
            latest = ends if latest is None else max(latest, ends)
        soonest = None
        for group in reversed(groups):
            for date in group:
                date.later_dates_end = soonest
            ends = min(date.end for date in group)
            soonest = ends if soonest is None else min(soonest, ends)
    return dates


def is_listed(event):
    """Whether the event's dates belong in public lists, from its publish time on: it is
    published, within the years the site can show (as `EventQuerySet.published()`)."""
    return (
        event.status == Event.Status.PUBLISHED
        and EARLIEST <= event.start
        and event.end < LATEST
        and (event.last_end or event.end) < LATEST
    )


def horizon(event, now=None):
    """Dates are stored up to this moment: two years ahead, or two years after the first
    date of an event further ahead than that."""
    return max(now or timezone.now(), event.start) + HORIZON


@transaction.atomic
def store(event, now=None):
    """Replace the stored dates of `event` by those it has up to the horizon (none unless
    it is published), reading its exceptions as they are in the database."""
    Occurrence.objects.filter(event=event).delete()
    if is_listed(event):
        exceptions = EventException.objects.filter(event=event)
        found = occurrences(event, window_end=horizon(event, now), exceptions=exceptions)
        Occurrence.objects.bulk_create(link_months(found))


def extend(now=None):
    """Store the dates of published events up to the horizon that are not stored yet (the
    horizon moves on with the days). Returns how many dates were stored: running it again
    stores none."""
    events = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .annotate(stored_until=Max("occurrences__start"))
        .prefetch_related("exceptions")
        .order_by("pk")
    )
    stored = 0
    for event in events.iterator(chunk_size=500):
        if not is_listed(event):
            continue
        found = [
            occurrence
            for occurrence in occurrences(event, window_end=horizon(event, now))
            if event.stored_until is None or occurrence.start > event.stored_until
        ]
        if found:
            stored += _store_after(event, found)
    return stored


@transaction.atomic
def _store_after(event, found):
    """Store `found`, new dates of `event` after those stored, linked with the stored
    dates of their months (whose later ends change with them). Returns how many."""
    months = {date.local_month for date in found}
    stored = list(Occurrence.objects.filter(event=event, local_month__in=months))
    link_months([*stored, *found])
    Occurrence.objects.bulk_update(stored, ["earlier_dates_end", "later_dates_end"])
    return len(Occurrence.objects.bulk_create(found))


def rebuild(now=None):
    """Store every event's dates afresh: for rows changed behind the models' back (SQL,
    `QuerySet.update()`). Returns how many dates are stored."""
    for event in Event.objects.order_by("pk").iterator(chunk_size=500):
        store(event, now)
    return Occurrence.objects.count()
