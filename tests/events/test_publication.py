"""Draft / scheduled / published × every public entry point of events."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.events.factories import EventFactory
from tests.support.sitemaps import sitemap_file

pytestmark = pytest.mark.django_db


def entry_points(event):
    """Every public address that could show the event, with the event's own values."""
    month = event.local_start
    return [
        "/",
        "/events/",
        f"/events/?kind={event.kind}",
        "/events/?tag=grid",
        f"/events/?city={event.venue_city}",
        "/events/calendar/",
        f"/events/calendar/{month.year}/{month.month}/",
        "/events/feed.rss",
        "/events/feed.atom",
        "/events/calendar.ics",
        f"/events/kinds/{event.kind}/calendar.ics",
        "/events/tags/grid/calendar.ics",
        sitemap_file(event, "events"),
        event.get_ics_url(),
    ]


def shows(client, url, event):
    response = client.get(url)
    if response.status_code == 404:
        return False
    assert response.status_code == 200, url
    text = response.content.decode()
    return event.get_absolute_url() in text or str(event.uid) in text


def make(state, **kwargs):
    kwargs.setdefault("start", timezone.now() + datetime.timedelta(days=2))
    kwargs.setdefault("end", kwargs["start"] + datetime.timedelta(hours=2))
    if state != "published":
        kwargs[state] = True
    return EventFactory(title=f"The {state} event", tags=["grid"], **kwargs)


@pytest.fixture
def neighbour():
    """A published event with the same tag, so that every tag page exists."""
    return EventFactory(title="Neighbour", tags=["grid"])


def test_published_event_is_on_every_entry_point(client, neighbour):
    event = make("published")
    assert client.get(event.get_absolute_url()).status_code == 200
    missing = [url for url in entry_points(event) if not shows(client, url, event)]
    assert missing == []


def test_past_published_event_is_in_the_past_list_and_calendar(client):
    event = make("published", start=timezone.now() - datetime.timedelta(days=3))
    assert shows(client, "/events/past/", event)
    assert not shows(client, "/events/", event)
    month = event.local_start
    assert shows(client, f"/events/calendar/{month.year}/{month.month}/", event)


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_event_is_on_no_entry_point(client, neighbour, state):
    event = make(state)
    assert client.get(event.get_absolute_url()).status_code == 404
    leaks = [url for url in entry_points(event) + ["/events/past/"] if shows(client, url, event)]
    assert leaks == []
    assert event.title not in client.get("/").content.decode()


def test_scheduled_event_appears_by_itself_at_its_publish_time(client, neighbour):
    event = make("scheduled")
    assert not shows(client, "/events/", event)
    with time_machine.travel(event.publish_at + datetime.timedelta(seconds=1)):
        assert shows(client, "/events/", event)
        assert shows(client, "/events/calendar.ics", event)


def test_staff_preview_of_a_draft_is_marked_and_not_cached(admin_client):
    event = make("draft")
    response = admin_client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
