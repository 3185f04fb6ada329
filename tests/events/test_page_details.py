"""Event page details: speaker cards aligned at the top, "in person" said once, and the
month calendar's days bounded like its months."""

import datetime
import html
import pathlib
import re

import pytest
import time_machine
from django.conf import settings

from tests.events.factories import EventFactory, SpeakerFactory, local

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def visible_text(page):
    main = page[page.index("<main") :]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@time_machine.travel(NOW, tick=False)
def test_speaker_cards_keep_each_part_in_its_own_element(client):
    event = EventFactory(publish_at=LONG_AGO)
    SpeakerFactory(event=event, name="Ana Reyes", role="ILWU", country="US", attendance="remote")
    SpeakerFactory(event=event, name="Sam Okafor", role="")
    page = client.get(event.get_absolute_url()).content.decode()
    items = re.findall(r'<li class="speaker">(.*?)</li>', page, re.S)
    assert len(items) == 2
    assert items[0].startswith('<span class="speaker__name">Ana Reyes')
    assert '<span class="speaker__role">ILWU</span>' in items[0]
    assert '<span class="speaker__remote">Joining remotely</span>' in items[0]
    assert "speaker__role" not in items[1] and "speaker__remote" not in items[1]


def test_speaker_cards_line_up_at_the_top_of_their_row():
    """The cards share a grid row: without `align-content: start` the lines of a short
    card spread over the height of the tallest."""
    css = pathlib.Path(settings.BASE_DIR, "static/css/site.css").read_text()
    rules = re.findall(r"(?m)^\.speaker\s*\{([^}]*)\}", css)
    assert any("align-content: start" in rule for rule in rules)


@time_machine.travel(NOW, tick=False)
def test_an_in_person_event_says_in_person_once(client):
    event = EventFactory(title="Meeting", publish_at=LONG_AGO)
    text = visible_text(client.get(event.get_absolute_url()).content.decode())
    assert "Join in person" in text
    assert text.lower().count("in person") == 1
    assert "Where Dockers' Hall, London" in text


@time_machine.travel(NOW, tick=False)
def test_online_and_hybrid_events_still_say_how(client):
    online = EventFactory(title="Webinar", publish_at=LONG_AGO, online=True)
    text = visible_text(client.get(online.get_absolute_url()).content.decode())
    assert "How Online" in text
    hybrid = EventFactory(title="Both", publish_at=LONG_AGO, hybrid=True)
    text = visible_text(client.get(hybrid.get_absolute_url()).content.decode())
    assert "How Hybrid (in person and online)" in text


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_in_person_event_still_says_where(client):
    event = EventFactory(title="Off", publish_at=LONG_AGO, event_status="cancelled",
                         venue_city="")  # fmt: skip
    text = visible_text(client.get(event.get_absolute_url()).content.decode())
    assert "Where Dockers' Hall" in text


@time_machine.travel(NOW, tick=False)
def test_day_pages_exist_only_within_the_calendar_months(client):
    EventFactory(publish_at=LONG_AGO, start=local(2026, 5, 7, 18), end=local(2026, 5, 7, 19))
    # The calendar runs from the month before the first event (or this month) to 24
    # months after the last: April 2026 to May 2028.
    for url in ("/events/calendar/2026/4/1/", "/events/calendar/2026/5/7/",
                "/events/calendar/2028/5/31/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    for url in ("/events/calendar/2026/3/31/", "/events/calendar/2028/6/1/",
                "/events/calendar/1900/1/1/", "/events/calendar/2099/1/1/",
                "/events/calendar/2026/2/30/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


@time_machine.travel(NOW, tick=False)
def test_busy_days_outside_the_calendar_months_have_no_link(client):
    """The first month's grid starts with days of the month before, which has no pages."""
    for hour in range(6):
        EventFactory(publish_at=LONG_AGO, start=local(2026, 3, 30, 8 + hour),
                     end=local(2026, 3, 30, 9 + hour))  # fmt: skip
    # Events on 30 March: the calendar starts in February, whose grid ends on 1 March.
    page = client.get("/events/calendar/2026/4/").content.decode()
    assert '<a href="/events/calendar/2026/3/30/">6 events</a>' in page
    first = client.get("/events/calendar/2026/2/").content.decode()
    assert "/events/calendar/2026/1/" not in first.split('<table class="month"')[1]
    links = re.findall(r'href="(/events/calendar/\d+/\d+/\d+/)[^"]*"', page + first)
    for link in links:
        assert client.get(link).status_code == 200, link
