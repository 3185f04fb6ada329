"""Upcoming and past: where the boundary lies, in every zone and across a clock change."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from events.models import Event
from tests.events.factories import EventFactory, local
from tests.events.test_occurrences import dates_on

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=UTC)


def titles(queryset):
    return sorted(event.title for event in queryset)


def test_an_event_is_upcoming_until_it_ends_in_its_own_zone(client):
    # Both end at 18:00 local time on the same day: five hours apart in UTC.
    EventFactory(
        title="London picket",
        start=local(2026, 6, 10, 16),
        end=local(2026, 6, 10, 18),
        publish_at=LONG_AGO,
    )
    EventFactory(
        title="New York picket",
        publish_at=LONG_AGO,
        time_zone="America/New_York",
        start=local(2026, 6, 10, 16, zone="America/New_York"),
        end=local(2026, 6, 10, 18, zone="America/New_York"),
    )
    london, new_york = ["London picket"], ["New York picket"]
    day = datetime.datetime(2026, 6, 10, tzinfo=UTC)
    moments = {
        day.replace(hour=16, minute=59): (london + new_york, []),  # 17:59 BST: London running
        day.replace(hour=17, second=1): (new_york, london),  # 18:00:01 BST: London over
        day.replace(hour=21, minute=59): (new_york, london),  # 17:59 EDT: New York running
        day.replace(hour=22, second=1): ([], london + new_york),  # 18:00:01 EDT: both over
    }
    for moment, (upcoming, past) in moments.items():
        with time_machine.travel(moment, tick=False):
            assert titles(Event.objects.published().upcoming()) == upcoming, moment
            assert titles(Event.objects.published().past()) == past, moment
            page = client.get("/events/").content.decode()
            for title in ["London picket", "New York picket"]:
                assert (title in page) == (title in upcoming), (moment, title)
            page = client.get("/events/past/").content.decode()
            for title in past:
                assert title in page, (moment, title)


def test_the_boundary_follows_a_clock_change():
    # Weekly at 18:00–19:00 London time; BST starts on Sunday 29 March 2026.
    # The 2 April occurrence ends at 18:00 UTC, not 19:00 UTC as it would without the change.
    EventFactory(
        title="Vigil",
        publish_at=LONG_AGO,
        start=local(2026, 3, 19, 18),
        end=local(2026, 3, 19, 19),
        repeat=Event.Repeat.WEEKLY,
        repeat_count=3,
    )
    with time_machine.travel(datetime.datetime(2026, 4, 2, 17, 59, tzinfo=UTC), tick=False):
        assert titles(Event.objects.upcoming()) == ["Vigil"]
    with time_machine.travel(datetime.datetime(2026, 4, 2, 18, 0, 1, tzinfo=UTC), tick=False):
        assert titles(Event.objects.upcoming()) == []
        assert titles(Event.objects.past()) == ["Vigil"]


def test_upcoming_list_shows_running_and_future_occurrences_of_a_series(client):
    EventFactory(
        title="Vigil",
        publish_at=LONG_AGO,
        start=local(2026, 3, 19, 18),
        end=local(2026, 3, 19, 19),
        repeat=Event.Repeat.WEEKLY,
        repeat_count=4,
    )
    with time_machine.travel(datetime.datetime(2026, 3, 26, 17, 30, tzinfo=UTC), tick=False):
        upcoming = dates_on(client.get("/events/").context)
        past = dates_on(client.get("/events/past/").context)
    assert [o.local_start.day for o in upcoming] == [26, 2, 9]
    assert [o.local_start.day for o in past] == [19]
    assert [o.local_start.hour for o in upcoming] == [18, 18, 18]


def test_sequence_goes_up_when_the_calendar_changes_and_uid_stays():
    event = EventFactory()
    uid = event.uid
    event = Event.objects.get(pk=event.pk)
    event.description = "<p>Only the long text changed.</p>"
    event.save()
    assert event.sequence == 0
    event = Event.objects.get(pk=event.pk)
    event.start += datetime.timedelta(hours=1)
    event.end += datetime.timedelta(hours=1)
    event.save()
    event = Event.objects.get(pk=event.pk)
    assert event.sequence == 1
    event.event_status = Event.EventStatus.CANCELLED
    event.save()
    event.exceptions.create(date=datetime.date(2030, 1, 1), kind="skipped")
    event = Event.objects.get(pk=event.pk)
    assert event.sequence == 3
    assert event.uid == uid


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": local(2026, 5, 1, 17)}, "end", "ends before it starts"),
        ({"attendance": "online", "online_url": ""}, "online_url", "link people use to join"),
        ({"attendance": "hybrid", "online_url": ""}, "online_url", "link people use to join"),
        ({"venue_name": "", "venue_address": ""}, "venue_name", "needs a venue"),
        (
            {"attendance": "hybrid", "online_url": "https://meet.example/x", "venue_name": "",
             "venue_address": ""},
            "venue_name",
            "needs a venue",
        ),
        ({"repeat": "weekly"}, "repeat_until", "last date or a number of times"),
    ],
)  # fmt: skip
def test_validation_explains_what_is_wrong(changes, field, message):
    values = {"start": local(2026, 5, 1, 18), "end": local(2026, 5, 1, 20), **changes}
    event = EventFactory.build(**values)
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["slug"])
    assert message in " ".join(error.value.message_dict[field])


def test_reserved_slugs_are_not_given_to_events():
    assert EventFactory(title="Past").slug != "past"
    assert EventFactory(title="Calendar").slug != "calendar"


@time_machine.travel(datetime.datetime(2026, 3, 26, 12, tzinfo=UTC), tick=False)
def test_next_public_change_is_the_next_end_or_scheduled_publish():
    now = datetime.datetime(2026, 3, 26, 12, tzinfo=UTC)
    EventFactory(
        publish_at=LONG_AGO,
        start=local(2026, 3, 19, 18),
        end=local(2026, 3, 19, 19),
        repeat=Event.Repeat.WEEKLY,
        repeat_count=4,
    )
    EventFactory(publish_at=LONG_AGO, start=local(2026, 3, 28, 10), end=local(2026, 3, 28, 12))
    assert Event.next_public_change(now) == local(2026, 3, 26, 19)
    EventFactory(publish_at=now + datetime.timedelta(hours=2), start=local(2026, 4, 1, 10),
                 end=local(2026, 4, 1, 11))  # fmt: skip
    assert Event.next_public_change(now) == now + datetime.timedelta(hours=2)


@pytest.mark.parametrize(
    "country, town",
    [("GB", "London EC1R 0DU"), ("IE", "London EC1R 0DU"), ("US", "London EC1R 0DU"),
     ("DE", "EC1R 0DU London"), ("FR", "EC1R 0DU London"), ("", "EC1R 0DU London")],
)  # fmt: skip
def test_venue_lines_put_the_postcode_where_the_country_writes_it(country, town):
    event = Event(
        venue_name="Hall", venue_address="1 Street", venue_city="London",
        venue_postcode="EC1R 0DU", venue_country=country,
    )  # fmt: skip
    assert event.venue_lines[2] == town
