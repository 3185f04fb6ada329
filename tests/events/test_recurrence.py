"""Repeating events: our expansion agrees with `recurring-ical-events` reading our own .ics."""

import datetime
import zoneinfo

import icalendar
import pytest
import recurring_ical_events
import time_machine

from events.models import Event, EventException
from events.occurrences import occurrences
from events.recurrence import describe, monthly_weekday
from tests.events.factories import EventExceptionFactory, EventFactory, local

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def library_expansion(client, event, first, last):
    """(local start, STATUS) of every instance that `recurring-ical-events` finds."""
    text = client.get(event.get_ics_url()).content.decode()
    calendar = icalendar.Calendar.from_ical(text)
    found = recurring_ical_events.of(calendar).between(first, last)
    return sorted(
        (component.decoded("dtstart").astimezone(event.tz).replace(tzinfo=None),
         str(component.get("status")))
        for component in found
    )  # fmt: skip


def our_expansion(event):
    return sorted(
        (o.local_start.replace(tzinfo=None), "CANCELLED" if o.is_cancelled else "CONFIRMED")
        for o in occurrences(Event.objects.get(pk=event.pk))
    )


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_weekly_vigil_with_exceptions_matches_the_library_across_a_clock_change(client):
    # Thursdays at 18:00 London time; the clocks go forward on Sunday 29 March 2026.
    vigil = EventFactory(
        kind=Event.Kind.VIGIL,
        start=local(2026, 3, 12, 18),
        end=local(2026, 3, 12, 19),
        repeat=Event.Repeat.WEEKLY,
        repeat_count=8,
    )
    EventExceptionFactory(event=vigil, date=datetime.date(2026, 3, 26))
    EventExceptionFactory(
        event=vigil,
        date=datetime.date(2026, 4, 9),
        kind=EventException.Kind.CANCELLED,
        note="Storm warning",
    )
    ours = our_expansion(vigil)
    theirs = library_expansion(
        client, vigil, datetime.datetime(2026, 1, 1), datetime.datetime(2027, 1, 1)
    )
    assert ours == theirs
    assert len(ours) == 7  # 8 dates, one skipped
    assert (datetime.datetime(2026, 3, 26, 18), "CONFIRMED") not in ours
    assert (datetime.datetime(2026, 4, 9, 18), "CANCELLED") in ours
    # Wall-clock time is kept: 18:00 GMT is 18:00 UTC, 18:00 BST is 17:00 UTC.
    starts = [o.start for o in occurrences(Event.objects.get(pk=vigil.pk))]
    assert starts[0].astimezone(datetime.UTC).hour == 18
    assert starts[-1].astimezone(datetime.UTC).hour == 17


@pytest.mark.parametrize(
    ("repeat", "start", "expected_days"),
    [
        (Event.Repeat.MONTHLY_WEEKDAY, (2026, 1, 13), [13, 10, 10, 14, 12, 9]),  # 2nd Tuesday
        (Event.Repeat.MONTHLY_DATE, (2026, 1, 31), [31, 31, 31, 31, 31, 31]),  # skips short months
        (Event.Repeat.MONTHLY_WEEKDAY, (2026, 3, 31), [31, 28, 26, 30, 28, 25]),  # last Tuesday
    ],
)
def test_monthly_rules_match_the_library(client, repeat, start, expected_days):
    meeting = EventFactory(
        start=local(*start, 19, zone="America/New_York"),
        end=local(*start, 21, zone="America/New_York"),
        time_zone="America/New_York",
        repeat=repeat,
        repeat_count=6,
    )
    ours = our_expansion(meeting)
    theirs = library_expansion(
        client, meeting, datetime.datetime(2025, 12, 1), datetime.datetime(2028, 1, 1)
    )
    assert ours == theirs
    assert [day.day for day, _status in ours] == expected_days
    assert all(day.hour == 19 for day, _status in ours)


def test_until_date_includes_its_last_day_and_matches_the_library(client):
    event = EventFactory(
        start=local(2026, 10, 1, 20),
        end=local(2026, 10, 1, 21),
        repeat=Event.Repeat.WEEKLY,
        repeat_interval=2,
        repeat_until=datetime.date(2026, 11, 26),
    )
    ours = our_expansion(event)
    assert [day.date() for day, _ in ours][-1] == datetime.date(2026, 11, 26)
    assert len(ours) == 5
    theirs = library_expansion(
        client, event, datetime.datetime(2026, 1, 1), datetime.datetime(2027, 6, 1)
    )
    assert ours == theirs
    assert event.last_end == local(2026, 11, 26, 21)


def test_monthly_weekday_position():
    assert monthly_weekday(datetime.date(2026, 3, 10)) == (1, 2)
    assert monthly_weekday(datetime.date(2026, 3, 31)) == (1, -1)
    assert monthly_weekday(datetime.date(2026, 2, 24)) == (1, 4)  # fourth, also the last


def test_rules_read_in_words():
    weekly = EventFactory.build(
        start=local(2026, 3, 12, 18), repeat=Event.Repeat.WEEKLY, repeat_count=8
    )
    assert describe(weekly) == "Every week on Thursday, 8 times"
    monthly = EventFactory.build(
        start=local(2026, 3, 10, 18),
        repeat=Event.Repeat.MONTHLY_WEEKDAY,
        repeat_interval=2,
        repeat_until=datetime.date(2026, 12, 31),
    )
    assert describe(monthly) == "Every 2 months on the second Tuesday, until 31 December 2026"
