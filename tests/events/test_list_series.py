"""The events lists: a repeating series is one card a month with its rule and its next
date, cards sit under month headings, every page holds a full page of cards, and times
name their zone once."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from events.templatetags.event_tags import zone_label
from tests.events.factories import EventExceptionFactory, EventFactory, local

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)  # a Monday
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def vigil(**fields):
    """A weekly vigil on Tuesdays at 18:00 London time, from 24 November, 8 times."""
    fields.setdefault("repeat_count", 8)
    return EventFactory(
        title="Weekly vigil",
        kind=Event.Kind.VIGIL,
        publish_at=LONG_AGO,
        start=local(2026, 11, 24, 18),
        end=local(2026, 11, 24, 19),
        repeat=Event.Repeat.WEEKLY,
        **fields,
    )


def cards(page):
    return re.findall(r'<article class="event-card[^"]*">.*?</article>', page, re.S)


def headings(page):
    return re.findall(r'<h2 class="event-month__heading"[^>]*>([^<]*)</h2>', page)


def when_line(card):
    return re.sub(r"<[^>]+>", "", re.search(r'event-card__when">(.*?)</p>', card).group(1))


@time_machine.travel(NOW, tick=False)
def test_a_weekly_series_is_one_card_a_month_with_its_rule_and_next_date(client):
    vigil()  # 24 November to 12 January
    EventFactory(title="Picket", publish_at=LONG_AGO, start=local(2026, 12, 2, 7),
                 end=local(2026, 12, 2, 9))  # fmt: skip
    page = client.get("/events/").content.decode()
    found = cards(page)
    assert len(found) == 4
    assert headings(page) == ["November 2026", "December 2026", "January 2027"]
    series = [card for card in found if "Weekly vigil" in card]
    assert len(series) == 3 and all("event-card--series" in card for card in series)
    assert [when_line(card) for card in series] == [
        "Every Tuesday, 18:00–19:00 GMT · next: 24 November",
        "Every Tuesday, 18:00–19:00 GMT · from: 1 December",
        "Every Tuesday, 18:00–19:00 GMT · from: 5 January 2027",
    ]
    # Its other dates are not repeated.
    assert "8 December" not in page and "12 January" not in page


@time_machine.travel(NOW, tick=False)
def test_one_off_events_keep_one_card_each(client):
    for day in (1, 2, 3):
        EventFactory(title=f"Meeting {day}", publish_at=LONG_AGO,
                     start=local(2026, 12, day, 19), end=local(2026, 12, day, 21))  # fmt: skip
    found = cards(client.get("/events/").content.decode())
    assert [re.search(r"Meeting \d", card).group() for card in found] == [
        "Meeting 1", "Meeting 2", "Meeting 3",
    ]  # fmt: skip
    assert not any("event-card--series" in card for card in found)


@time_machine.travel(NOW, tick=False)
def test_a_series_skips_a_cancelled_next_date_and_says_so(client):
    event = vigil()
    EventExceptionFactory(event=event, date=datetime.date(2026, 11, 24), kind="cancelled",
                          note="The pier is closed.")  # fmt: skip
    page = client.get("/events/").content.decode()
    november, december, _january = cards(page)
    # Its only date in November is cancelled: that card gives no date but says so.
    assert when_line(november) == "Every Tuesday, 18:00–19:00 GMT"
    assert "<strong>Cancelled</strong> on" in november and "Tuesday 24 November 2026" in november
    assert "The pier is closed." in november
    assert 'next: <time datetime="2026-12-01">1 December</time>' in december
    assert "Cancelled" not in december


def test_a_series_card_moves_on_as_its_dates_end():
    from django.test import Client

    with time_machine.travel(NOW, tick=False):
        vigil()  # Tuesdays, 24 November to 12 January
    client = Client()
    # Wednesday 2 December: 24 November and 1 December have ended.
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, tzinfo=datetime.UTC), tick=False):
        upcoming = cards(client.get("/events/").content.decode())
        past = cards(client.get("/events/past/").content.decode())
    assert [when_line(card) for card in upcoming] == [
        "Every Tuesday, 18:00–19:00 GMT · next: 8 December",
        "Every Tuesday, 18:00–19:00 GMT · from: 5 January 2027",
    ]
    assert [when_line(card) for card in past] == [
        "Every Tuesday, 18:00–19:00 GMT · most recent: 1 December",
        "Every Tuesday, 18:00–19:00 GMT · up to: 24 November",
    ]
    # Tuesday 15 December at 18:30: the 15th is running, so it is still to come.
    with time_machine.travel(local(2026, 12, 15, 18, 30), tick=False):
        upcoming = cards(client.get("/events/").content.decode())
        past = cards(client.get("/events/past/").content.decode())
    assert when_line(upcoming[0]) == "Every Tuesday, 18:00–19:00 GMT · next: 15 December"
    assert when_line(past[0]) == "Every Tuesday, 18:00–19:00 GMT · most recent: 8 December"


def test_dates_added_as_the_horizon_moves_on_share_their_month_card():
    """The command that stores dates further ahead adds some to a month that already has
    stored dates: that month still has one card, in both lists."""
    from django.test import Client

    with time_machine.travel(NOW, tick=False):
        event = vigil(repeat_count=None, repeat_until=datetime.date(2031, 1, 1))
    horizon_month = event.occurrences.order_by("start").last().local_month
    with time_machine.travel(NOW + datetime.timedelta(days=365), tick=False):
        call_command("extend_event_dates", stdout=io.StringIO())
    in_month = event.occurrences.filter(local_month=horizon_month).order_by("start")
    first, last = in_month.first(), in_month.last()
    assert in_month.count() >= 4 and last.start > NOW + datetime.timedelta(days=731)
    client = Client()
    # Before the month's first date: its card gives that date.
    with time_machine.travel(first.start - datetime.timedelta(days=20), tick=False):
        upcoming = cards(client.get("/events/").content.decode())
    assert sum(f'datetime="{first.local_date.isoformat()}"' in card for card in upcoming) == 1
    second = in_month[1].local_date.isoformat()
    assert not any(f'datetime="{second}"' in card for card in upcoming)
    # Just after its last date: one card for the month, giving that date.
    with time_machine.travel(last.end + datetime.timedelta(hours=1), tick=False):
        page = client.get("/events/past/").content.decode()
    assert len(cards(page)) == len(headings(page))  # one card a month
    assert f'datetime="{last.local_date.isoformat()}"' in cards(page)[0]


@time_machine.travel(NOW, tick=False)
def test_cards_sit_under_month_headings(client):
    vigil(repeat_count=3)
    for day in (28, 30):
        EventFactory(title=f"November {day}", publish_at=LONG_AGO,
                     start=local(2026, 11, day, 12), end=local(2026, 11, day, 14))  # fmt: skip
    EventFactory(title="January", publish_at=LONG_AGO, start=local(2027, 1, 9, 12),
                 end=local(2027, 1, 9, 14))  # fmt: skip
    page = client.get("/events/").content.decode()
    assert headings(page) == ["November 2026", "December 2026", "January 2027"]
    november, january = page.split('id="month-2027-01-01"')
    assert "Weekly vigil" in november and "November 28" in november
    assert "January" in january and "November 30" not in january
    december = november.split('id="month-2026-12-01"')[1]
    assert "Weekly vigil" in december and "from: " in december
    # Cards are headed one level below their month.
    assert '<h3 class="event-card__title">' in page
    assert '<h2 class="event-card__title">' not in page


@time_machine.travel(NOW, tick=False)
def test_the_past_list_has_month_headings_newest_first_and_series_once(client):
    EventFactory(title="Weekly past vigil", kind=Event.Kind.VIGIL, publish_at=LONG_AGO,
                 start=local(2026, 9, 22, 18), end=local(2026, 9, 22, 19),
                 repeat=Event.Repeat.WEEKLY, repeat_count=6)  # fmt: skip
    EventFactory(title="Summer rally", publish_at=LONG_AGO, start=local(2026, 7, 4, 12),
                 end=local(2026, 7, 4, 14))  # fmt: skip
    page = client.get("/events/past/").content.decode()
    assert headings(page) == ["October 2026", "September 2026", "July 2026"]
    assert page.count("Weekly past vigil") == 2  # once in each month
    assert 'most recent: <time datetime="2026-10-27">27 October</time>' in page
    assert 'up to: <time datetime="2026-09-29">29 September</time>' in page


@time_machine.travel(NOW, tick=False)
def test_a_page_with_a_series_still_holds_a_full_page_of_cards(client):
    vigil(repeat_count=10)  # 24 November to 26 January: three months
    for index in range(25):
        start = NOW + datetime.timedelta(days=1, hours=2 * index)
        EventFactory(publish_at=LONG_AGO, start=start, end=start + datetime.timedelta(hours=1))
    first = client.get("/events/").content.decode()
    second = client.get("/events/?page=2").content.decode()
    # 25 one-off events and the vigil in November, December and January: 28 cards.
    assert len(cards(first)) == 20 and len(cards(second)) == 8
    assert first.count("Weekly vigil") == 1 and "next:" in first
    assert second.count("Weekly vigil") == 2 and " · from: " in second
    assert headings(second) == ["November 2026", "December 2026", "January 2027"]
    assert 'rel="next" href="?page=2"' in first and 'rel="next"' not in second
    assert client.get("/events/?page=3").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_pages_of_many_series_are_full_and_none_is_short_in_the_middle(client):
    """Six weekly series for a year (13 months from 24 November: 78 cards) and ten one-off
    meetings: 88 cards, on four full pages and a last one of 8, and only the last page
    has no next link."""
    for number in range(6):
        day = 24 + number % 3
        EventFactory(title=f"Series {number}", publish_at=LONG_AGO,
                     start=local(2026, 11, day, 18), end=local(2026, 11, day, 19),
                     repeat=Event.Repeat.WEEKLY, repeat_count=52)  # fmt: skip
    for day in range(1, 11):
        EventFactory(title=f"Meeting {day}", publish_at=LONG_AGO,
                     start=local(2027, 2, day, 19), end=local(2027, 2, day, 21))  # fmt: skip
    counts, has_next = [], []
    for number in range(1, 6):
        page = client.get(f"/events/?page={number}").content.decode()
        counts.append(len(cards(page)))
        has_next.append('rel="next"' in page)
    assert counts == [20, 20, 20, 20, 8]
    assert has_next == [True, True, True, True, False]
    assert client.get("/events/?page=6").status_code == 404
    # Each series is on the list once a month, each meeting once.
    everything = "".join(client.get(f"/events/?page={n}").content.decode() for n in range(1, 6))
    assert everything.count(">Series 0</a>") == 13 and everything.count(">Meeting 7</a>") == 1


@time_machine.travel(NOW, tick=False)
def test_a_day_page_lists_without_month_headings(client):
    vigil()
    page = client.get("/events/calendar/2026/11/24/").content.decode()
    assert headings(page) == [] and "Weekly vigil" in page
    assert '<h2 class="event-card__title">' in page


@pytest.mark.parametrize(
    ("zone", "when", "label"),
    [
        ("Europe/London", datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC), "GMT"),
        ("Europe/London", datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC), "BST"),
        ("Europe/Warsaw", datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC), "CEST"),
        ("America/New_York", datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC), "EDT"),
        # A bare offset says little: the zone's city instead.
        ("Europe/Istanbul", datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC),
         "Istanbul time"),
        ("America/Argentina/Buenos_Aires",
         datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC), "Buenos Aires time"),
        # "CST" is both Chicago and Shanghai, "IST" India, Ireland and Israel.
        ("America/Chicago", datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC),
         "Chicago time"),
        ("Asia/Kolkata", datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC),
         "Kolkata time"),
        ("UTC", datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC), "UTC"),
        ("Etc/GMT-3", datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC), "UTC+3"),
    ],
)  # fmt: skip
def test_the_zone_is_named_once_and_readably(zone, when, label):
    import zoneinfo

    assert zone_label(when.astimezone(zoneinfo.ZoneInfo(zone)), zone) == label


@time_machine.travel(NOW, tick=False)
def test_pages_show_the_zone_once(client):
    event = EventFactory(title="Istanbul meeting", publish_at=LONG_AGO,
                         time_zone="Europe/Istanbul",
                         start=local(2026, 12, 3, 19, zone="Europe/Istanbul"),
                         end=local(2026, 12, 3, 21, zone="Europe/Istanbul"))  # fmt: skip
    london = EventFactory(title="London meeting", publish_at=LONG_AGO,
                          start=local(2026, 12, 4, 19), end=local(2026, 12, 4, 21))  # fmt: skip
    detail = client.get(event.get_absolute_url()).content.decode()
    assert '21:00</time> <span class="event-zone">Istanbul time</span>' in detail
    assert "</time> +03" not in detail and "(Europe/Istanbul)" not in detail
    listing = client.get("/events/").content.decode()
    assert '<span class="event-zone">GMT</span>' in listing
    assert "Europe/London" not in listing and "Europe/Istanbul" not in listing
    page = client.get(london.get_absolute_url()).content.decode()
    assert page.count('<span class="event-zone">') == 1


@time_machine.travel(NOW, tick=False)
def test_pages_of_series_take_the_same_queries_whatever_the_number_of_series(client, settings):
    """A page reads its cards in one query and the series' other dates of the month in
    one more, however many series and dates it shows."""
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = False

    def counts():
        client.get("/")  # what every page shares is read once
        found = []
        for url in ("/events/", "/events/?page=2", "/events/past/", "/events/?kind=vigil"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found.append(len(queries))
        return found

    def series(count):
        for number in range(count):
            EventFactory(title=f"Vigil {number}", kind=Event.Kind.VIGIL, publish_at=LONG_AGO,
                         start=local(2026, 9, 1 + number, 18), end=local(2026, 9, 1 + number, 19),
                         repeat=Event.Repeat.WEEKLY, repeat_count=60)  # fmt: skip

    series(2)
    few = counts()
    series(20)
    assert counts() == few
