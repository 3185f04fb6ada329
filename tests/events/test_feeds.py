"""The Atom feed of upcoming events, and the pages that link it."""

import datetime
import re

import feedparser
import pytest
from django.utils import timezone

from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_atom_feed_lists_upcoming_published_events_with_when_and_where(client):
    soon = timezone.now() + datetime.timedelta(days=3)
    coming = EventFactory(title="Harbour rally", start=soon, end=soon + datetime.timedelta(hours=2))
    EventFactory(title="Draft rally", draft=True)
    EventFactory(title="Scheduled rally", scheduled=True)
    past = timezone.now() - datetime.timedelta(days=3)
    EventFactory(title="Past rally", start=past, end=past + datetime.timedelta(hours=2))

    response = client.get("/events/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Harbour rally"]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{coming.get_absolute_url()}"
    assert re.fullmatch(r"tag:testserver,\d{4}-\d\d-\d\d:event/\d+", entry.id)
    assert f"{coming.local_start:%-d %B %Y}" in entry.summary
    assert "Dockers&#x27; Hall" in entry.summary or "Dockers' Hall" in entry.summary


def test_event_pages_link_the_atom_feed(client):
    EventFactory()
    page = client.get("/events/").content.decode()
    assert 'type="application/atom+xml"' in page
    assert 'href="/events/feed.atom"' in page
