"""Every .ics we serve is strict iCalendar, survives an `icalendar` round trip, names its
zones, and keeps its UIDs while SEQUENCE counts the changes."""

import datetime

import icalendar
import pytest
import time_machine
from ical.calendar_stream import IcsCalendarStream

from events.models import Event, EventException
from tests.events.factories import EventExceptionFactory, EventFactory, SpeakerFactory, local

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def programme():
    with time_machine.travel(NOW - datetime.timedelta(days=1), tick=False):
        one_off = EventFactory(
            title="Public meeting", start=local(2026, 3, 20, 19), end=local(2026, 3, 20, 21),
            tags=["jobs"], hybrid=True,
        )  # fmt: skip
        SpeakerFactory(event=one_off, attendance="remote")
        conference = EventFactory(
            title="Conference", kind=Event.Kind.CONFERENCE, all_day=True,
            time_zone="Europe/Warsaw",
            start=local(2026, 4, 10, 0, zone="Europe/Warsaw"),
            end=local(2026, 4, 11, 23, 59, zone="Europe/Warsaw"),
            tags=["international"],
        )  # fmt: skip
        vigil = EventFactory(
            title="Vigil", kind=Event.Kind.VIGIL, start=local(2026, 3, 5, 18),
            end=local(2026, 3, 5, 19), repeat=Event.Repeat.WEEKLY, repeat_count=6,
            tags=["jobs"],
        )  # fmt: skip
        EventExceptionFactory(event=vigil, date=datetime.date(2026, 3, 12))
        EventExceptionFactory(
            event=vigil, date=datetime.date(2026, 3, 26), kind=EventException.Kind.CANCELLED,
            note="Storm",
        )  # fmt: skip
        monthly_all_day = EventFactory(
            title="Open day", kind=Event.Kind.SOCIAL, all_day=True,
            start=local(2026, 3, 7, 0), end=local(2026, 3, 7, 23, 59),
            repeat=Event.Repeat.MONTHLY_WEEKDAY, repeat_until=datetime.date(2026, 9, 30),
        )  # fmt: skip
        cancelled = EventFactory(
            title="March", kind=Event.Kind.DEMONSTRATION, time_zone="America/New_York",
            start=local(2026, 5, 1, 12, zone="America/New_York"),
            end=local(2026, 5, 1, 15, zone="America/New_York"),
            event_status=Event.EventStatus.CANCELLED, status_note="Called off",
        )  # fmt: skip
        webinar = EventFactory(title="Webinar", kind=Event.Kind.WEBINAR, online=True)
        EventFactory(title="Draft", draft=True)
        EventFactory(title="Tomorrow", publish_at=NOW + datetime.timedelta(days=1))
    return [one_off, conference, vigil, monthly_all_day, cancelled, webinar]


def served_calendars(client, events):
    urls = [event.get_ics_url() for event in events]
    urls += ["/events/calendar.ics", "/events/tags/jobs/calendar.ics"]
    urls += [f"/events/kinds/{kind}/calendar.ics" for kind in Event.Kind.values]
    texts = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        texts[url] = response.content.decode()
    return texts


@time_machine.travel(NOW, tick=False)
def test_every_served_calendar_is_strict_and_round_trips(client, programme):
    texts = served_calendars(client, programme)
    for url, text in texts.items():
        strict = IcsCalendarStream.calendar_from_ics(text)
        parsed = icalendar.Calendar.from_ical(text)
        again = icalendar.Calendar.from_ical(parsed.to_ical())
        assert again.to_ical() == parsed.to_ical(), url
        IcsCalendarStream.calendar_from_ics(parsed.to_ical().decode())
        uids = sorted(str(e["uid"]) for e in parsed.walk("VEVENT"))
        assert uids == sorted(e.uid for e in strict.events), url
        used = {
            component[name].params["TZID"]
            for component in parsed.walk("VEVENT")
            for name in ("dtstart", "dtend", "recurrence-id")
            if name in component and "TZID" in component[name].params
        }
        defined = {str(tz["tzid"]) for tz in parsed.walk("VTIMEZONE")}
        assert used <= defined, url
    everything = icalendar.Calendar.from_ical(texts["/events/calendar.ics"])
    summaries = sorted(str(e["summary"]) for e in everything.walk("VEVENT"))
    assert "Draft" not in summaries and "Tomorrow" not in summaries
    # The Warsaw conference is all day: floating dates need no zone.
    zones = {str(tz["tzid"]) for tz in everything.walk("VTIMEZONE")}
    assert zones == {"Europe/London", "America/New_York"}


@time_machine.travel(NOW, tick=False)
def test_calendar_content(client, programme):
    one_off, conference, vigil, monthly_all_day, cancelled, webinar = programme
    text = client.get(vigil.get_ics_url()).content.decode()
    assert (
        'attachment; filename="vigil.ics"' == client.get(vigil.get_ics_url())["Content-Disposition"]
    )
    assert "RRULE:FREQ=WEEKLY;COUNT=6;INTERVAL=1" in text
    assert "EXDATE;TZID=Europe/London:20260312T180000" in text
    assert "RECURRENCE-ID;TZID=Europe/London:20260326T180000" in text
    assert "DTSTART;TZID=Europe/London:20260305T180000" in text
    text = client.get(conference.get_ics_url()).content.decode()
    assert "DTSTART;VALUE=DATE:20260410" in text and "DTEND;VALUE=DATE:20260412" in text
    text = client.get(monthly_all_day.get_ics_url()).content.decode()
    assert "RRULE:FREQ=MONTHLY;UNTIL=20260930;INTERVAL=1;BYDAY=1SA" in text
    text = client.get(cancelled.get_ics_url()).content.decode()
    assert "STATUS:CANCELLED" in text and "SUMMARY:Cancelled: March" in text
    assert "DTSTART;TZID=America/New_York:20260501T120000" in text
    text = client.get(webinar.get_ics_url()).content.decode()
    # The join link is the CONFERENCE, never the LOCATION of an online-only event.
    assert "LOCATION:Online" in text and "LOCATION:https" not in text
    (vevent,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(vevent["conference"]) == "https://meet.example/webinar"
    assert vevent["conference"].params["VALUE"] == "URI"
    assert vevent["conference"].params["LABEL"] == "Join online"


def test_uid_is_stable_and_sequence_goes_up_on_change(client):
    event = EventFactory()
    first = icalendar.Calendar.from_ical(client.get(event.get_ics_url()).content)
    first_event = first.walk("VEVENT")[0]
    event = Event.objects.get(pk=event.pk)
    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    event.event_status = Event.EventStatus.CANCELLED
    event.save()
    second = icalendar.Calendar.from_ical(client.get(event.get_ics_url()).content)
    second_event = second.walk("VEVENT")[0]
    assert second_event["uid"] == first_event["uid"]
    assert int(second_event["sequence"]) > int(first_event["sequence"])
    assert second_event["status"] == "CANCELLED"
    feed = icalendar.Calendar.from_ical(client.get("/events/calendar.ics").content)
    assert feed.walk("VEVENT")[0]["uid"] == first_event["uid"]


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_events_have_no_ics(client, state):
    event = EventFactory(**{state: True})
    assert client.get(event.get_ics_url()).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_hybrid_event_keeps_the_venue_in_location_and_the_link_in_conference(client, programme):
    one_off = programme[0]
    calendar = icalendar.Calendar.from_ical(client.get(one_off.get_ics_url()).content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["location"]) == "Dockers' Hall, 12 Quay Street, London, United Kingdom"
    assert str(vevent["conference"]) == "https://meet.example/room"
    assert "GEO" not in vevent  # venues store no coordinates
    in_person = programme[2]
    (vevent, *_) = icalendar.Calendar.from_ical(client.get(in_person.get_ics_url()).content).walk(
        "VEVENT"
    )
    assert "CONFERENCE" not in vevent


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "path",
    ["/events/calendar.ics", "/events/kinds/vigil/calendar.ics", "/events/tags/jobs/calendar.ics"],
)
def test_subscribed_calendars_say_how_often_to_refresh_and_where_they_live(client, programme, path):
    response = client.get(path)
    text = response.content.decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    assert "X-PUBLISHED-TTL:PT1H" in text
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["source"]) == f"http://testserver{path}"
    assert str(calendar["url"]) == f"http://testserver{path}"
    for vevent in calendar.walk("VEVENT"):
        assert str(vevent["url"]).startswith("http://testserver/events/")
    IcsCalendarStream.calendar_from_ics(text)  # still strict iCalendar


@time_machine.travel(NOW, tick=False)
def test_one_event_download_is_no_subscription(client, programme):
    calendar = icalendar.Calendar.from_ical(client.get(programme[0].get_ics_url()).content)
    assert "REFRESH-INTERVAL" not in calendar and "SOURCE" not in calendar
