"""An event page's JSON-LD: a picture on every event, an organiser with an address,
speakers as performers, and a repeating series as an `eventSchedule` with the dates it is
not held."""

import datetime

import extruct
import pytest
import time_machine

from events.models import Event, EventException
from publishing.models import SiteSettings
from tests.events.factories import EventExceptionFactory, EventFactory, SpeakerFactory, local
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
BASE = "http://testserver"


@pytest.fixture(autouse=True)
def site(db):
    settings = SiteSettings(name="Harbourside Network")
    settings.save()
    SiteSettings.clear_cache()
    return settings


def event_block(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    found = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    (data,) = [block for block in found if block["@type"] == "Event"]
    return data


@time_machine.travel(NOW, tick=False)
def test_weekly_series_has_schedule_with_the_dates_it_is_not_held(client):
    event = EventFactory(
        title="Weekly vigil",
        publish_at=LONG_AGO,
        start=local(2026, 4, 7, 18),
        end=local(2026, 4, 7, 19, 30),
        repeat=Event.Repeat.WEEKLY,
        repeat_until=datetime.date(2026, 6, 30),
    )
    EventExceptionFactory(
        event=event, date=datetime.date(2026, 5, 12), kind=EventException.Kind.CANCELLED
    )
    EventExceptionFactory(
        event=event, date=datetime.date(2026, 5, 26), kind=EventException.Kind.SKIPPED
    )
    data = event_block(client, event)
    assert data["startDate"] == "2026-05-05T18:00:00+01:00"  # the next date
    assert data["eventSchedule"] == {
        "@type": "Schedule",
        "repeatFrequency": "P1W",
        "byDay": "https://schema.org/Tuesday",
        "startDate": "2026-04-07",
        "endDate": "2026-06-30",
        "startTime": "18:00:00",
        "endTime": "19:30:00",
        "duration": "PT1H30M",
        "scheduleTimezone": "Europe/London",
        "exceptDate": ["2026-05-12", "2026-05-26"],
    }


@time_machine.travel(NOW, tick=False)
def test_monthly_series_by_weekday_and_count(client):
    event = EventFactory(
        publish_at=LONG_AGO,
        start=local(2026, 4, 14, 19, zone="America/New_York"),  # the second Tuesday
        end=local(2026, 4, 14, 21, zone="America/New_York"),
        time_zone="America/New_York",
        repeat=Event.Repeat.MONTHLY_WEEKDAY,
        repeat_interval=2,
        repeat_count=3,
    )
    schedule = event_block(client, event)["eventSchedule"]
    assert schedule["repeatFrequency"] == "P2M"
    assert schedule["byDay"] == "https://schema.org/Tuesday"
    assert schedule["byMonthWeek"] == 2
    assert schedule["repeatCount"] == 3
    assert schedule["endDate"] == "2026-08-11"  # April, June, August
    assert schedule["scheduleTimezone"] == "America/New_York"
    assert "exceptDate" not in schedule


@time_machine.travel(NOW, tick=False)
def test_one_off_event_has_no_schedule_but_image_organizer_and_performers(client):
    event = EventFactory(publish_at=LONG_AGO, start=NOW + datetime.timedelta(days=3))
    SpeakerFactory(event=event, name="Ana Reyes", role="Dockers' union")
    SpeakerFactory(event=event, name="Sam Okafor", role="")
    data = event_block(client, event)
    assert "eventSchedule" not in data
    (image,) = data["image"]  # no picture of its own: the site's share picture
    assert image["@type"] == "ImageObject" and image["url"].startswith(f"{BASE}/static/")
    assert image["width"] and image["height"]
    # No organiser named: the site's organisation, with its address.
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Harbourside Network",
        "url": f"{BASE}/",
    }
    assert data["performer"] == [
        {"@type": "Person", "name": "Ana Reyes", "description": "Dockers' union"},
        {"@type": "Person", "name": "Sam Okafor"},
    ]


@time_machine.travel(NOW, tick=False)
def test_organiser_link_and_lead_image(client):
    event = EventFactory(
        publish_at=LONG_AGO,
        start=NOW + datetime.timedelta(days=3),
        organiser_name="Port Workers' Union",
        organiser_url="https://union.example/",
        lead_image=ImageFactory(),
    )
    data = event_block(client, event)
    assert data["organizer"]["url"] == "https://union.example/"
    assert all(image["url"].startswith(f"{BASE}/media/") for image in data["image"])
    assert all(image["width"] and image["height"] for image in data["image"])
    # Another organiser without a link is named, with no made-up address.
    event.organiser_url = ""
    event.save()
    assert event_block(client, event)["organizer"] == {
        "@type": "Organization",
        "name": "Port Workers' Union",
    }
    # A body of the site's own organisation gets the site's address.
    event.organiser_name = "The London branch of the Harbourside Network"
    event.save()
    assert event_block(client, event)["organizer"]["url"] == f"{BASE}/"
