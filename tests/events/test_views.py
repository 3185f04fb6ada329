"""What readers see: times in the event's zone with its name, the attendance block,
speakers, the status banner, JSON-LD, filters, the month calendar and the RSS feed."""

import datetime

import extruct
import feedparser
import pytest
import time_machine

from events.models import Event, EventException
from tests.events.factories import EventExceptionFactory, EventFactory, SpeakerFactory, local

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def text(response):
    return response.content.decode().replace("&#x27;", "'")


@time_machine.travel(NOW, tick=False)
def test_event_page_shows_zone_attendance_speakers_and_status(client):
    event = EventFactory(
        title="Hybrid meeting",
        publish_at=LONG_AGO,
        hybrid=True,
        time_zone="America/New_York",
        start=local(2026, 5, 14, 19, zone="America/New_York"),
        end=local(2026, 5, 14, 21, zone="America/New_York"),
        online_notes="Passcode 1234",
        event_status=Event.EventStatus.POSTPONED,
        status_note="Because of the rail strike.",
    )
    SpeakerFactory(event=event, name="Ana Reyes", attendance="remote")
    SpeakerFactory(event=event, name="Sam Okafor")
    response = client.get(event.get_absolute_url())
    page = text(response)
    assert "Thursday 14 May 2026, 19:00" in page
    assert '21:00</time> <span class="event-zone">EDT</span>' in page
    assert "America/New" not in page  # the zone once: "EDT (America/New York)" was redundant
    assert 'datetime="2026-05-14T19:00:00-04:00"' in page
    assert "This event is postponed.</strong> Because of the rail strike." in page
    assert "Join in person or online" in page and "Passcode 1234" in page
    assert "Ana Reyes" in page and "Joining remotely" in page
    assert page.index("Ana Reyes") < page.index("Sam Okafor")
    assert f'href="{event.get_ics_url()}"' in page
    data = extruct.extract(page, syntaxes=["json-ld"])["json-ld"][0]
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-05-14T19:00:00-04:00"
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][1]["url"] == "https://meet.example/room"
    assert data["location"][0]["address"]["addressLocality"] == "London"
    assert [p["name"] for p in data["performer"]] == ["Ana Reyes", "Sam Okafor"]


@time_machine.travel(NOW, tick=False)
def test_online_event_json_ld_and_cancelled_banner(client):
    event = EventFactory(
        publish_at=LONG_AGO,
        online=True,
        start=NOW + datetime.timedelta(days=3),
        end=NOW + datetime.timedelta(days=3, hours=1),
        event_status=Event.EventStatus.CANCELLED,
    )
    page = text(client.get(event.get_absolute_url()))
    assert "This event is cancelled." in page
    data = extruct.extract(page, syntaxes=["json-ld"])["json-ld"][0]
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/webinar"}
    listing = text(client.get("/events/"))
    assert event.title in listing and "Cancelled" in listing


@time_machine.travel(NOW, tick=False)
def test_filters_by_kind_tag_and_city(client):
    EventFactory(title="Leeds vigil", kind="vigil", venue_city="Leeds", tags=["pay"],
                 publish_at=LONG_AGO)  # fmt: skip
    EventFactory(title="London picket", kind="picket", venue_city="London", tags=["pay"],
                 publish_at=LONG_AGO)  # fmt: skip
    EventFactory(title="London vigil", kind="vigil", venue_city="London", publish_at=LONG_AGO)

    def listed(query):
        occurrences = client.get(f"/events/{query}").context["occurrences"]
        return sorted(o.event.title for o in occurrences)

    assert listed("?kind=vigil") == ["Leeds vigil", "London vigil"]
    assert listed("?tag=pay") == ["Leeds vigil", "London picket"]
    assert listed("?city=london") == ["London picket", "London vigil"]
    assert listed("?kind=vigil&city=London") == ["London vigil"]
    assert listed("?kind=nonsense") == ["Leeds vigil", "London picket", "London vigil"]
    page = text(client.get("/events/?kind=vigil"))
    assert '<option value="vigil" selected>' in page
    assert 'href="/events/kinds/vigil/calendar.ics"' in page


@time_machine.travel(NOW, tick=False)
def test_month_calendar_places_occurrences_on_their_local_day(client):
    # 23:30 in New York on 14 May is 03:30 UTC on 15 May: it belongs on the 14th.
    EventFactory(
        title="Late meeting", publish_at=LONG_AGO, time_zone="America/New_York",
        start=local(2026, 5, 14, 23, 30, zone="America/New_York"),
        end=local(2026, 5, 14, 23, 55, zone="America/New_York"),
    )  # fmt: skip
    vigil = EventFactory(
        title="Vigil", publish_at=LONG_AGO, start=local(2026, 5, 7, 18),
        end=local(2026, 5, 7, 19), repeat=Event.Repeat.WEEKLY, repeat_count=4,
    )  # fmt: skip
    EventExceptionFactory(event=vigil, date=datetime.date(2026, 5, 14))
    EventExceptionFactory(
        event=vigil, date=datetime.date(2026, 5, 21), kind=EventException.Kind.CANCELLED
    )
    response = client.get("/events/calendar/2026/5/")
    days = {
        day.date: [(o.event.title, o.status) for o in day.occurrences]
        for week in response.context["weeks"]
        for day in week
    }
    assert days[datetime.date(2026, 5, 14)] == [("Late meeting", "scheduled")]
    assert days[datetime.date(2026, 5, 15)] == []
    assert days[datetime.date(2026, 5, 7)] == [("Vigil", "scheduled")]
    assert days[datetime.date(2026, 5, 21)] == [("Vigil", "cancelled")]
    assert days[datetime.date(2026, 5, 28)] == [("Vigil", "scheduled")]
    page = text(response)
    assert "May 2026" in page and 'href="/events/calendar/2026/6/"' in page
    assert client.get("/events/calendar/").context["month_start"] == datetime.date(2026, 5, 1)
    assert client.get("/events/calendar/2026/13/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_rss_lists_upcoming_events_with_their_local_time(client):
    EventFactory(
        title="Picket", publish_at=LONG_AGO, start=local(2026, 5, 20, 6, 30),
        end=local(2026, 5, 20, 9),
    )  # fmt: skip
    EventFactory(
        title="Old", publish_at=LONG_AGO, start=local(2026, 4, 1, 6), end=local(2026, 4, 1, 7)
    )
    feed = feedparser.parse(client.get("/events/feed.rss").content)
    assert [entry.title for entry in feed.entries] == ["Picket"]
    assert "Wednesday 20 May 2026, 06:30 BST" in feed.entries[0].description
    assert "Europe/London" not in feed.entries[0].description


@time_machine.travel(NOW, tick=False)
def test_home_shows_the_next_events(client):
    EventFactory(title="Soon", publish_at=LONG_AGO, start=NOW + datetime.timedelta(days=1),
                 end=NOW + datetime.timedelta(days=1, hours=1))  # fmt: skip
    EventFactory(title="Draft meeting", draft=True)
    page = text(client.get("/"))
    assert "Next events" in page and "Soon" in page and "Draft meeting" not in page


@time_machine.travel(NOW, tick=False)
def test_calendar_offers_a_webcal_subscription_beside_a_download(client):
    EventFactory(title="Rally", publish_at=LONG_AGO, kind=Event.Kind.VIGIL, tags=["docks"])
    page = text(client.get("/events/calendar/?kind=vigil&tag=docks"))
    for path in (
        "/events/calendar.ics",
        "/events/kinds/vigil/calendar.ics",
        "/events/tags/docks/calendar.ics",
    ):
        assert f'href="webcal://testserver{path}"' in page
        assert f'href="{path}" download=' in page
    assert "Subscribe to all events in your calendar app" in page
    assert "Download all events once (.ics file)" in page


@time_machine.travel(NOW, tick=False)
def test_month_calendar_is_bounded_by_the_events(client):
    EventFactory(title="First", publish_at=LONG_AGO, start=local(2026, 3, 10, 18))
    EventFactory(title="Last", publish_at=LONG_AGO, start=local(2026, 9, 10, 18))
    for path in (
        "/events/calendar/1900/1/",
        "/events/calendar/2026/1/",
        "/events/calendar/2099/1/",
    ):
        assert client.get(path).status_code == 404
    assert client.get("/events/calendar/2028/10/").status_code == 404  # 24 months after
    # The month before the first event is the first page, and links no further back.
    page = text(client.get("/events/calendar/2026/2/"))
    assert 'rel="prev"' not in page and 'href="/events/calendar/2026/3/"' in page
    assert '<meta name="robots" content="noindex, follow">' in page
    page = text(client.get("/events/calendar/2028/9/"))
    assert 'rel="next"' not in page and 'rel="prev"' in page
    # A month with an event is indexed, under its own address.
    page = text(client.get("/events/calendar/2026/3/"))
    assert "noindex" not in page
    assert '<link rel="canonical" href="http://testserver/events/calendar/2026/3/">' in page
    # The bare calendar is the current month: its canonical address is the month's own.
    page = text(client.get("/events/calendar/"))
    assert '<link rel="canonical" href="http://testserver/events/calendar/2026/5/">' in page


@time_machine.travel(NOW, tick=False)
def test_month_calendar_without_events_shows_this_month(client):
    assert client.get("/events/calendar/").status_code == 200
    assert client.get("/events/calendar/2026/4/").status_code == 200
    assert client.get("/events/calendar/2026/3/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_cancelled_event_offers_nothing_to_join_or_add(client):
    event = EventFactory(
        title="Called off", publish_at=LONG_AGO, hybrid=True,
        event_status=Event.EventStatus.CANCELLED, registration_url="https://example.org/r",
    )  # fmt: skip
    page = text(client.get(event.get_absolute_url()))
    assert "This event is cancelled." in page
    assert "event-attend" not in page and "Join the meeting online" not in page
    assert "Add to my calendar" not in page and "https://example.org/r" not in page


@time_machine.travel(NOW, tick=False)
def test_in_person_event_says_in_person_once(client):
    event = EventFactory(title="Meeting", publish_at=LONG_AGO)
    page = text(client.get(event.get_absolute_url()))
    assert "Join in person" in page and "<h3>In person</h3>" not in page
    assert "Add to my calendar (.ics)" in page
    hybrid = EventFactory(title="Both", publish_at=LONG_AGO, hybrid=True)
    page = text(client.get(hybrid.get_absolute_url()))
    assert "<h3>In person</h3>" in page and "<h3>Online</h3>" in page
