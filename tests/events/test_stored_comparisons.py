"""Dates compared as stored (`querysets.AsStored`, a unary plus on SQLite) give the same
answers at the boundaries: published at the very second, ended at the very second, and
a date running into the first day of the calendar."""

import datetime

import pytest
import time_machine

from events.models import Occurrence
from tests.events.factories import EventFactory, local

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)


def titles(queryset):
    return sorted(occurrence.event.title for occurrence in queryset)


@time_machine.travel(NOW, tick=False)
def test_an_event_is_listed_from_the_second_of_its_publish_time():
    EventFactory(title="Now", publish_at=NOW)
    EventFactory(title="A microsecond later", publish_at=NOW + datetime.timedelta(microseconds=1))
    assert titles(Occurrence.objects.published(NOW)) == ["Now"]


@time_machine.travel(NOW, tick=False)
def test_a_date_ending_this_second_is_still_upcoming_and_not_yet_past():
    EventFactory(title="Ends now", start=NOW - datetime.timedelta(hours=2), end=NOW,
                 publish_at=NOW - datetime.timedelta(days=1))  # fmt: skip
    EventFactory(title="Ended", start=NOW - datetime.timedelta(hours=3),
                 end=NOW - datetime.timedelta(microseconds=1),
                 publish_at=NOW - datetime.timedelta(days=1))  # fmt: skip
    published = Occurrence.objects.published(NOW)
    assert titles(published.upcoming(NOW)) == ["Ends now"]
    assert titles(published.past(NOW)) == ["Ended"]


@time_machine.travel(NOW, tick=False)
def test_a_night_meeting_from_the_day_before_shows_on_the_calendars_first_day(client):
    # The calendar of May 2026 starts on Monday 27 April: a meeting from the evening of
    # the 26th to 01:00 on the 27th runs on its first day.
    EventFactory(title="Night shift meeting", start=local(2026, 4, 26, 22),
                 end=local(2026, 4, 27, 1), publish_at=NOW - datetime.timedelta(days=1))  # fmt: skip
    EventFactory(title="Evening before", start=local(2026, 4, 26, 18),
                 end=local(2026, 4, 26, 20), publish_at=NOW - datetime.timedelta(days=1))  # fmt: skip
    page = client.get("/events/calendar/2026/5/").content.decode()
    assert "Night shift meeting" in page
    assert "Evening before" not in page
