"""`Last-Modified` is the time of the content a page shows (pagecache/modified.py), not
the time the cache was filled: conditional GETs from feed readers and calendar apps get a
304 until that content changes."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from tests.events.factories import EventFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past():
    """Two days ago, when the content was written."""
    return timezone.now() - timedelta(days=2)


@pytest.fixture
def articles(past):
    with time_machine.travel(past, tick=False):
        older = ArticleFactory(title="Older story", publish_at=past - timedelta(hours=5))
        newer = ArticleFactory(
            title="Dockers win their pay claim", publish_at=past - timedelta(hours=1)
        )
    return older, newer


@pytest.fixture
def event(past):
    with time_machine.travel(past, tick=False):
        return EventFactory(title="Rally for the dockers", publish_at=past - timedelta(hours=3))


def stamp(moment):
    return http_date(moment.timestamp())


def edit_later(item, **changes):
    """Save `item` now, as an editor would (it was written two days ago)."""
    for name, value in changes.items():
        setattr(item, name, value)
    item.save()


def conditional_cycle(client, url, expected, edit, changed_text):
    """GET (its Last-Modified is `expected`); a conditional GET with it is a 304; after
    `edit()`, the same conditional GET is a 200 with a newer Last-Modified."""
    first = client.get(url)
    assert first.status_code == 200
    assert first["Last-Modified"] == expected, url
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304, url
    assert again.content == b""
    edit()
    later = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert later.status_code == 200, url
    assert parse_http_date(later["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    assert changed_text in later.content.decode()
    return later


def test_detail_page_has_the_items_updated_time(client, articles):
    _older, newer = articles
    conditional_cycle(
        client,
        newer.get_absolute_url(),
        stamp(newer.updated_at),
        lambda: edit_later(newer, title="Dockers win their pay claim in full"),
        "Dockers win their pay claim in full",
    )


@pytest.mark.parametrize("url", ["/articles/", "/articles/feed.atom", "/articles/feed.rss"])
def test_lists_and_feeds_have_the_newest_listed_items_time(client, articles, url):
    older, newer = articles
    conditional_cycle(
        client,
        url,
        stamp(max(older.updated_at, newer.updated_at)),
        lambda: edit_later(older, title="Older story, corrected"),
        "Older story, corrected",
    )


def test_a_scheduled_item_going_live_moves_the_lists_time(client, articles):
    first = client.get("/articles/")
    ArticleFactory(title="Goes live later", publish_at=timezone.now() + timedelta(minutes=5))
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        cache.clear()  # the stored page expires at that moment; the test's clock jumps
        later = client.get("/articles/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert later.status_code == 200
    assert "Goes live later" in later.content.decode()
    assert parse_http_date(later["Last-Modified"]) > parse_http_date(first["Last-Modified"])


@pytest.mark.parametrize("which", ["calendar", "event"])
def test_calendar_feed_and_event_ics_have_the_events_time(client, event, which):
    url = "/events/calendar.ics" if which == "calendar" else f"/events/{event.slug}.ics"
    conditional_cycle(
        client,
        url,
        stamp(event.updated_at),
        lambda: edit_later(event, title="Rally for the dockers, moved"),
        "Rally for the dockers\\, moved",  # iCalendar escapes the comma
    )


def test_refilling_the_cache_keeps_the_content_time(client, articles):
    """Not the moment the cache was filled: a page stored again later says the same."""
    _older, newer = articles
    url = newer.get_absolute_url()
    first = client.get(url)
    cache.clear()
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        refilled = client.get(url)
    assert refilled["X-Page-Cache"] == "miss"
    assert refilled["Last-Modified"] == first["Last-Modified"] == stamp(newer.updated_at)


def test_a_page_naming_no_items_still_gets_a_last_modified(client, articles):
    response = client.get("/")
    assert response.status_code == 200
    assert parse_http_date(response["Last-Modified"]) <= timezone.now().timestamp() + 1
