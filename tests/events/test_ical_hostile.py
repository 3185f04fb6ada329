"""Calendars survive every character an editor can type and every date code can store:
line breaks are escaped in every text property (the calendar's name included), other
control characters are dropped, and an event far outside the years a calendar can hold is
refused by the forms and left out of what is served."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from ical.calendar_stream import IcsCalendarStream

from events import ical
from events.models import Event, EventException
from publishing.models import SiteSettings
from tests.events.factories import EventExceptionFactory, EventFactory, local
from tests.events.test_admin import ADD_URL, form_data

pytestmark = pytest.mark.django_db

# Anything but the CR LF that ends each content line, and the TAB of a folded line.
STRAY_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert not STRAY_CONTROL.search(text.replace("\r\n", "")), url
    return text, IcsCalendarStream.calendar_from_ics(text)


def test_a_line_break_in_an_event_title_is_escaped(client):
    event = EventFactory(title="Picket\nat the gate", summary="First line\r\nsecond line")
    text, strict = served(client, event.get_ics_url())
    assert "SUMMARY:Picket\\nat the gate" in text
    assert "X-WR-CALNAME:Picket\\nat the gate" in text
    assert strict.events[0].summary == "Picket\nat the gate"
    assert "First line\nsecond line" in strict.events[0].description


def test_a_line_break_in_the_site_name_is_escaped_in_every_calendar(client):
    SiteSettings.objects.create(name="Harbour\nside")
    SiteSettings.clear_cache()
    EventFactory(tags=["docks"])
    for url in [
        "/events/calendar.ics",
        "/events/kinds/public-meeting/calendar.ics",
        "/events/tags/docks/calendar.ics",
    ]:
        text, _strict = served(client, url)
        assert "X-WR-CALNAME:Harbour\\nside: " in text, url
        assert "\r\nNAME:Harbour\\nside: " in text, url


def test_control_characters_stored_by_code_are_dropped(client):
    # PostgreSQL itself refuses a NUL in text: only SQLite can hold one.
    nul = "" if connection.vendor == "postgresql" else "\x00"
    hostile = f"{nul}\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f"
    event = EventFactory(
        title=f"Picket{hostile} at the gate",
        summary=f"Bring{hostile} a flask",
        status_note=f"Moved{hostile} inside",
        venue_name=f"Dockers'{hostile} Hall",
        venue_city=f"Lon{hostile}don",
        online_notes=f"Code{hostile} 1234",
        hybrid=True,
        repeat=Event.Repeat.WEEKLY,
        repeat_count=4,
    )
    EventExceptionFactory(
        event=event,
        date=event.local_start.date() + datetime.timedelta(days=7),
        kind=EventException.Kind.CANCELLED,
        note=f"Storm{hostile} warning",
    )
    text, strict = served(client, event.get_ics_url())
    summaries = sorted(" ".join(component.summary.split()) for component in strict.events)
    assert summaries == ["Cancelled: Picket at the gate", "Picket at the gate"]
    descriptions = " ".join(" ".join((item.description or "").split()) for item in strict.events)
    assert "Storm warning" in descriptions and "Code 1234" in descriptions
    served(client, "/events/calendar.ics")


FAR_FUTURE = dict(
    start=datetime.datetime(9999, 12, 31, 20, tzinfo=datetime.UTC),
    end=datetime.datetime(9999, 12, 31, 22, tzinfo=datetime.UTC),
)


def test_an_event_in_year_9999_stored_by_code_does_not_break_calendars_or_pages(client):
    EventFactory(title="Next week's meeting")
    far = EventFactory(title="Far away", time_zone="Asia/Tokyo", **FAR_FUTURE)
    text, strict = served(client, "/events/calendar.ics")
    assert [component.summary for component in strict.events] == ["Next week's meeting"]
    served(client, "/events/kinds/public-meeting/calendar.ics")
    assert client.get(far.get_ics_url()).status_code == 404
    assert client.get(far.get_absolute_url()).status_code == 404
    for url in ["/events/", "/events/past/", "/events/calendar/", "/events/feed.rss", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Far away" not in response.content.decode(), url


def test_the_calendar_writer_itself_leaves_out_what_it_cannot_hold():
    """Whatever the caller passes (a queryset not narrowed by `published()`)."""
    near = EventFactory(title="Near")
    far = EventFactory(title="Far away", all_day=True, **FAR_FUTURE)
    ancient = EventFactory(
        title="Ancient",
        start=datetime.datetime(1, 1, 1, 1, tzinfo=datetime.UTC),
        end=datetime.datetime(1, 1, 1, 2, tzinfo=datetime.UTC),
    )
    text = ical.calendar([ancient, near, far], "Everything", lambda path: f"https://x{path}")
    strict = IcsCalendarStream.calendar_from_ics(text)
    assert [component.summary for component in strict.events] == ["Near"]


@pytest.mark.parametrize(
    "start, end",
    [
        (FAR_FUTURE["start"], FAR_FUTURE["end"]),
        (local(2200, 1, 1, 10), local(2200, 1, 1, 12)),
        (local(2026, 5, 1, 10), local(2200, 1, 1, 12)),
        (local(1899, 12, 31, 10), local(1899, 12, 31, 12)),
    ],
)
def test_dates_outside_the_years_a_calendar_can_hold_are_refused(start, end):
    event = EventFactory.build(start=start, end=end)
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    messages = " ".join(sum(refused.value.message_dict.values(), []))
    assert "Choose a date between 1900 and 2199" in messages


def test_a_series_running_past_the_horizon_is_refused():
    event = EventFactory.build(
        start=local(2190, 1, 6, 18), end=local(2190, 1, 6, 19), repeat=Event.Repeat.MONTHLY_DATE,
        repeat_count=500,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "would run past 2199" in " ".join(refused.value.message_dict["repeat_count"])
    event.repeat_count = 100
    event.full_clean()
    event.repeat_count, event.repeat_until = None, datetime.date(9999, 1, 1)
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "repeat_until" in refused.value.message_dict


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo"])
def test_the_event_form_refuses_year_9999_and_keeps_what_was_typed(admin_client, zone):
    data = form_data(
        time_zone=zone, start_0="9999-12-31", start_1="23:00", end_0="9999-12-31", end_1="23:30"
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Choose a date between 1900 and 2199" in " ".join(errors["start"])
    assert "Choose a date between 1900 and 2199" in " ".join(errors["end"])
    assert "Hybrid meeting on the docks" in response.content.decode()
    assert Event.objects.count() == 0
