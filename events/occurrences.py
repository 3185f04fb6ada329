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
        Occurrence.objects.bulk_create(found)


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
        stored += len(Occurrence.objects.bulk_create(found))
    return stored


def rebuild(now=None):
    """Store every event's dates afresh: for rows changed behind the models' back (SQL,
    `QuerySet.update()`). Returns how many dates are stored."""
    for event in Event.objects.order_by("pk").iterator(chunk_size=500):
        store(event, now)
    return Occurrence.objects.count()
