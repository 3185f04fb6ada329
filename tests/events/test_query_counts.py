"""Event lists and the month calendar run a fixed, small number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from tests.events.factories import EventExceptionFactory, EventFactory, SpeakerFactory
from tests.factories import ArticleFactory, ImageFactory, StatementFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def build(count):
    """`count` events of each sort: one-off with speakers and image, weekly with exceptions,
    past, in two zones, with tags, related articles and statements."""
    now = timezone.now()
    image = ImageFactory()
    article, statement = ArticleFactory(), StatementFactory()
    first = None
    for index in range(count):
        start = now + datetime.timedelta(days=1 + index % 20, hours=index)
        event = EventFactory(
            start=start,
            end=start + datetime.timedelta(hours=2),
            time_zone="America/New_York" if index % 2 else "Europe/London",
            lead_image=image,
            lead_image_alt="A hall",
            kind=Event.Kind.PUBLIC_MEETING,
            tags=["pay", f"topic-{index}"],
        )
        SpeakerFactory(event=event)
        SpeakerFactory(event=event, attendance="remote")
        event.related_articles.add(article)
        event.related_statements.add(statement)
        weekly = EventFactory(
            start=now - datetime.timedelta(days=7),
            end=now - datetime.timedelta(days=7) + datetime.timedelta(hours=1),
            repeat=Event.Repeat.WEEKLY,
            repeat_count=10,
            kind=Event.Kind.VIGIL,
            tags=["pay"],
        )
        EventExceptionFactory(
            event=weekly, date=(weekly.local_start + datetime.timedelta(weeks=2)).date()
        )
        EventFactory(start=now - datetime.timedelta(days=30 + index))
        first = first or event
    return first


def pages(event):
    month = timezone.localdate()
    return [
        "/",
        "/events/",
        "/events/past/",
        "/events/?kind=vigil&tag=pay&city=London",
        "/events/calendar/",
        f"/events/calendar/{month.year}/{month.month}/",
        event.get_absolute_url(),
        event.get_ics_url(),
        "/events/calendar.ics",
        "/events/kinds/vigil/calendar.ics",
        "/events/tags/pay/calendar.ics",
        "/events/feed.rss",
        "/sitemap.xml",
    ]


@pytest.fixture(autouse=True)
def _uncached(settings):
    """These count the queries of rendering a page, so the page cache stays out."""
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False


def counts(client, event):
    for url in pages(event):
        client.get(url)  # what a process reads once (site settings, sitemap sections) is read
    found = {}
    for url in pages(event):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        found[url.replace(event.slug, "{slug}")] = len(queries)
    return found


def test_query_counts_do_not_grow_with_the_number_of_events(client):
    small = counts(client, build(1))
    Event.objects.all().delete()
    large = counts(client, build(40))
    for page, count in large.items():
        print(f"queries {count:>2}  {page}")  # shown with -s, for the record
    assert large == small
    assert {page: count for page, count in large.items() if count > MAX_QUERIES} == {}


def weekly_events(count):
    """`count` weekly events from three weeks ago, for two years, one a day of the week."""
    now = timezone.now()
    for index in range(count):
        start = now - datetime.timedelta(days=21 - index % 7, hours=index % 5)
        EventFactory(
            start=start,
            end=start + datetime.timedelta(hours=1),
            repeat=Event.Repeat.WEEKLY,
            repeat_until=(start + datetime.timedelta(days=730)).date(),
            kind=Event.Kind.VIGIL if index % 2 else Event.Kind.PICKET,
            tags=["pay"],
        )


def test_lists_and_calendar_of_repeating_events_take_as_few_queries_at_any_size(client):
    today = timezone.localdate()
    pages = [
        "/events/",
        "/events/?page=10",
        "/events/?kind=vigil&tag=pay&page=3",
        "/events/past/",
        "/events/calendar/",
        f"/events/calendar/{today.year}/{today.month}/{today.day}/",
        "/events/feed.rss",
    ]

    def counts():
        client.get("/")  # the first page after a change reads what every page shares
        found = {}
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found[url] = len(queries)
        return found

    weekly_events(20)
    small = counts()
    Event.objects.all().delete()
    weekly_events(120)
    large = counts()
    for url in pages:
        # A calendar whose days are all busy skips reading the quieter days' events.
        assert large[url] <= small[url] <= 8, (url, small[url], large[url])
