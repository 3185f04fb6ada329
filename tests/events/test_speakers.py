"""Speakers' countries and order, and the event form's two statuses named apart."""

import re

import pytest

from events.models import Event, Speaker
from tests.events.factories import EventFactory
from tests.events.test_admin import ADD_URL, form_data
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_a_speaker_may_have_a_country_saved_from_the_form(admin_client):
    data = form_data(**{"speakers-0-country": "PT", "speakers-1-country": ""})
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    stored = [(s.name, s.country.code or "") for s in event.speakers.all()]
    assert stored == [("Sam Okafor", ""), ("Ana Reyes", "PT")]


def test_a_new_speaker_without_a_place_goes_last(admin_client):
    data = form_data(**{"speakers-0-order": "", "speakers-1-order": "0"})
    assert admin_client.post(ADD_URL, data).status_code == 302
    event = Event.objects.get()
    assert [(s.name, s.order) for s in event.speakers.all()] == [
        ("Sam Okafor", 0),
        ("Ana Reyes", 1),
    ]


def test_the_event_page_shows_each_speakers_country_next_to_the_name(client):
    event = EventFactory()
    Speaker.objects.create(event=event, name="Ana Reyes", role="ILWU", country="US", order=0)
    Speaker.objects.create(event=event, name="Sam Okafor", order=1)
    page = client.get(event.get_absolute_url()).content.decode()
    assert (
        '<span class="speaker__name">Ana Reyes <span class="speaker__country">'
        "(United States of America)</span></span>"
    ) in page
    assert '<span class="speaker__name">Sam Okafor</span>' in page


def test_the_two_statuses_are_named_apart(admin_client):
    page = admin_client.get(ADD_URL).content.decode()
    assert "Event status (on / cancelled / postponed …):" in page
    assert "Publication status:" in page
    assert ">On, as planned</option>" in page
    assert ">Status:<" not in page


def test_an_author_reads_the_publication_status_by_its_name(client):
    author = user_with_role("Author")
    client.force_login(author)
    event = EventFactory(draft=True, created_by=author)
    form = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    # Read-only for an author, who cannot publish, and still named apart.
    assert re.search(r"<label>Publication status:</label>\s*<div class=\"readonly\">Draft<", form)
    assert "Event status (on / cancelled / postponed …):" in form
    assert ">Status:<" not in form
    listing = client.get("/admin/events/event/").content.decode()
    assert re.search(r'<a href="\?o=[\d.-]+">Publication status</a>', listing)
    assert re.search(r">\s*By publication status\s*<", listing)
    assert re.search(r">\s*By status\s*<", listing) is None
