"""The dates that list pages and the month calendar show, read as plain rows.

A page reads a few dozen dates with their events. Made into model instances, each row
costs more than the rest of its card: `Model.__init__` and its signals, the snapshot an
event keeps for its next save, deferred-field bookkeeping. These pages only read, so
each row becomes a small immutable record instead, which answers the questions cards
ask (`status`, `local_start`, `get_absolute_url()` ...) with the models' own code.
"""

from collections import namedtuple

from .models import Event, Occurrence
from .querysets import OccurrenceQuerySet

# What a card or a calendar day shows of an event.
EVENT_COLUMNS = ("id", *OccurrenceQuerySet.CARD_FIELDS)
# What it shows of a date; `event_id` first, the event's columns follow in a query.
DATE_COLUMNS = (
    "event_id", "start", "end", "local_date", "last_day", "local_month", "cancelled",
    "cancellation_note",
)  # fmt: skip
# A date with its event, as lists and the calendar read them: one row each.
CARD_COLUMNS = (*DATE_COLUMNS, *(f"event__{name}" for name in EVENT_COLUMNS[1:]))


class CardEvent(namedtuple("CardEvent", EVENT_COLUMNS)):
    """An event as cards read it (see `Event`)."""

    __slots__ = ()
    Kind, Attendance, EventStatus = Event.Kind, Event.Attendance, Event.EventStatus
    pk = property(lambda self: self.id)
    tz = Event.tz
    local_start = Event.local_start
    kind_name = Event.kind_name
    attendance_name = Event.attendance_name
    is_repeating = Event.is_repeating
    is_in_person = Event.is_in_person
    is_online = Event.is_online
    get_absolute_url = Event.get_absolute_url

    def __str__(self):
        return self.title


class CardDate(namedtuple("CardDate", (*DATE_COLUMNS, "event"))):
    """One date of an event as cards read it (see `Occurrence`)."""

    __slots__ = ()
    local_start = Occurrence.local_start
    local_end = Occurrence.local_end
    cancelled_note = Occurrence.cancelled_note
    status = Occurrence.status
    is_cancelled = Occurrence.is_cancelled
    status_label = Occurrence.status_label
    status_note = Occurrence.status_note
    days = Occurrence.days
    get_absolute_url = Occurrence.get_absolute_url


_DATE_SIZE = len(DATE_COLUMNS)


def card_dates(rows):
    """`CardDate`s of rows of `CARD_COLUMNS`, the dates of one event sharing its record."""
    events, found = {}, []
    for row in rows:
        event = events.get(row[0])
        if event is None:
            event = events[row[0]] = CardEvent(row[0], *row[_DATE_SIZE:])
        found.append(CardDate(*row[:_DATE_SIZE], event))
    return found


def dates_of(rows, events):
    """`CardDate`s of rows of `DATE_COLUMNS` whose events are known, by id."""
    return [CardDate(*row, events[row[0]]) for row in rows]
