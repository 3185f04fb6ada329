"""What the filters offer and how far the month calendar runs: only what published events
give, read from indexes (see `event_published_idx`, `event_city_idx`). A draft, an event
scheduled for later and one stored by code outside the years the site can show give
nothing, and a scheduled event gives its city, topic and months at its publish time,
without any write."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from events.models import Event
from tests.events.factories import EventFactory, local
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
PUBLISHED_LATER = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)


def choices(client, url="/events/"):
    """The options of the topic and city filters, as (value, label) pairs."""
    page = client.get(url).content.decode().replace("&#x27;", "'")

    def options(name):
        select = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', page, re.S)
        found = (
            re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[1])
            if select
            else []
        )
        return [(value, label) for value, label in found if value]

    return {"tags": options("tag"), "cities": options("city")}


def not_public_events():
    EventFactory(title="Draft", draft=True, venue_city="Bristol", tags=["drafting"],
                 publish_at=LONG_AGO)  # fmt: skip
    EventFactory(title="Scheduled", venue_city="Cardiff", tags=["later"],
                 publish_at=PUBLISHED_LATER)  # fmt: skip
    # Stored by code past the years the site can show: the forms refuse such a date.
    EventFactory(title="Far away", venue_city="Dundee", tags=["far"], publish_at=LONG_AGO,
                 start=datetime.datetime(2250, 1, 1, 10, tzinfo=datetime.UTC),
                 end=datetime.datetime(2250, 1, 1, 12, tzinfo=datetime.UTC))  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_filters_offer_the_cities_and_topics_of_published_events_only(client):
    EventFactory(title="Leeds vigil", venue_city="Leeds", tags=["pay", "safety"],
                 publish_at=LONG_AGO)  # fmt: skip
    EventFactory(title="London picket", venue_city="London", tags=["pay"], publish_at=LONG_AGO)
    # A city and a topic that a draft shares with a published event are offered once.
    EventFactory(title="London draft", draft=True, venue_city="London", tags=["safety"],
                 publish_at=LONG_AGO)  # fmt: skip
    EventFactory(title="Webinar", online=True, tags=["pay"], publish_at=LONG_AGO)  # no city
    ArticleFactory(tags=["articles-only"])  # a topic of articles, not of events
    not_public_events()
    assert choices(client) == {
        "tags": [("pay", "pay"), ("safety", "safety")],
        "cities": [("Leeds", "Leeds"), ("London", "London")],
    }
    # The same on the past list and the month calendar.
    assert choices(client, "/events/past/") == choices(client)
    assert choices(client, "/events/calendar/") == choices(client)


@time_machine.travel(NOW, tick=False)
def test_a_topic_is_offered_by_its_name_sorted_and_a_city_as_typed(client):
    EventFactory(venue_city="glasgow", tags=["pay"], publish_at=LONG_AGO)
    EventFactory(venue_city="Aberdeen", tags=["pay"], publish_at=LONG_AGO)
    Tag.objects.filter(slug="pay").update(name="Pay and conditions")
    assert choices(client) == {
        "tags": [("pay", "Pay and conditions")],
        "cities": [("Aberdeen", "Aberdeen"), ("glasgow", "glasgow")],
    }


def test_a_scheduled_event_gives_its_city_and_topic_at_its_publish_time(client):
    with time_machine.travel(NOW, tick=False):
        EventFactory(venue_city="Leeds", tags=["pay"], publish_at=LONG_AGO)
        not_public_events()
        assert choices(client) == {"tags": [("pay", "pay")], "cities": [("Leeds", "Leeds")]}
    # Published to the second: not before its time, and then with no write.
    with time_machine.travel(PUBLISHED_LATER - datetime.timedelta(seconds=1), tick=False):
        assert ("Cardiff", "Cardiff") not in choices(client)["cities"]
    with time_machine.travel(PUBLISHED_LATER, tick=False):
        assert choices(client) == {
            "tags": [("later", "later"), ("pay", "pay")],
            "cities": [("Cardiff", "Cardiff"), ("Leeds", "Leeds")],
        }


@time_machine.travel(NOW, tick=False)
def test_without_published_events_the_filters_offer_kinds_only(client):
    not_public_events()
    assert choices(client) == {"tags": [], "cities": []}
    page = client.get("/events/").content.decode()
    assert 'id="filter-kind"' in page and 'id="filter-tag"' not in page


def calendar_status(client, year, month):
    return client.get(f"/events/calendar/{year}/{month}/").status_code


@time_machine.travel(NOW, tick=False)
def test_the_calendar_runs_from_the_first_published_start_to_the_last_end(client):
    EventFactory(title="First", publish_at=LONG_AGO, start=local(2026, 3, 10, 18))
    # A weekly vigil to December: the calendar runs 24 months past its last date.
    vigil = EventFactory(title="Vigil", publish_at=LONG_AGO, start=local(2026, 4, 7, 18),
                         repeat=Event.Repeat.WEEKLY, repeat_until=datetime.date(2026, 12, 15))  # fmt: skip
    assert vigil.last_end.astimezone(datetime.UTC).date() == datetime.date(2026, 12, 15)
    # Neither a draft nor an event scheduled for later moves the bounds; nor one stored
    # by code outside the years the site can show.
    EventFactory(title="Old draft", draft=True, publish_at=LONG_AGO, start=local(2024, 1, 10, 18))
    EventFactory(title="Early, scheduled", publish_at=PUBLISHED_LATER,
                 start=local(2025, 6, 10, 18))  # fmt: skip
    EventFactory(title="Late, scheduled", publish_at=PUBLISHED_LATER,
                 start=local(2030, 6, 10, 18))  # fmt: skip
    not_public_events()
    assert calendar_status(client, 2026, 1) == 404
    assert calendar_status(client, 2026, 2) == 200  # the month before the first event
    page = client.get("/events/calendar/2026/2/").content.decode()
    assert 'rel="prev"' not in page
    assert calendar_status(client, 2028, 12) == 200
    assert calendar_status(client, 2029, 1) == 404
    page = client.get("/events/calendar/2028/12/").content.decode()
    assert 'rel="next"' not in page
    # A day has a page only within those months.
    assert client.get("/events/calendar/2026/2/1/").status_code == 200
    assert client.get("/events/calendar/2026/1/31/").status_code == 404


def test_a_scheduled_event_extends_the_calendar_at_its_publish_time(client):
    with time_machine.travel(NOW, tick=False):
        EventFactory(title="First", publish_at=LONG_AGO, start=local(2026, 3, 10, 18))
        EventFactory(title="Early, scheduled", publish_at=PUBLISHED_LATER,
                     start=local(2025, 6, 10, 18))  # fmt: skip
        EventFactory(title="Late, scheduled", publish_at=PUBLISHED_LATER,
                     start=local(2030, 6, 10, 18))  # fmt: skip
        assert calendar_status(client, 2025, 5) == 404
        assert calendar_status(client, 2032, 6) == 404
    with time_machine.travel(PUBLISHED_LATER, tick=False):
        assert calendar_status(client, 2025, 4) == 404
        assert calendar_status(client, 2025, 5) == 200
        assert calendar_status(client, 2032, 6) == 200
        assert calendar_status(client, 2032, 7) == 404


@time_machine.travel(NOW, tick=False)
def test_choices_and_bounds_take_the_same_queries_for_any_number_of_events(client):
    def queries(url):
        client.get(url)  # the first request after a change reads more (cache versions)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    EventFactory(venue_city="Leeds", tags=["pay"], publish_at=LONG_AGO)
    urls = ["/events/", "/events/calendar/", "/events/calendar/2026/5/1/"]
    few = {url: queries(url) for url in urls}
    for index in range(12):
        EventFactory(venue_city=f"City {index}", tags=[f"topic-{index}"], publish_at=LONG_AGO,
                     draft=index % 3 == 0)  # fmt: skip
    many = {url: queries(url) for url in urls}
    assert many == few
    assert all(count <= 8 for count in many.values()), many


@time_machine.travel(NOW, tick=False)
def test_filters_offer_a_newly_published_events_city_and_topic_at_once(client):
    EventFactory(title="Leeds vigil", venue_city="Leeds", tags=["pay"], publish_at=LONG_AGO)
    assert choices(client)["cities"] == [("Leeds", "Leeds")]  # the choices are kept now
    draft = EventFactory(title="York rally", draft=True, venue_city="York", tags=["housing"],
                         publish_at=LONG_AGO)  # fmt: skip
    assert choices(client)["cities"] == [("Leeds", "Leeds")]
    draft.status = Event.Status.PUBLISHED
    draft.save()
    assert choices(client) == {
        "tags": [("housing", "housing"), ("pay", "pay")],
        "cities": [("Leeds", "Leeds"), ("York", "York")],
    }
    draft.delete()
    assert choices(client)["cities"] == [("Leeds", "Leeds")]
