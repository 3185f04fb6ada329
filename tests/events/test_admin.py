"""The event admin: times typed in the event's zone, clear messages that keep the typed
input, speakers inline, filters, and the duplicate action."""

import datetime
import os
import subprocess
import sys

import pytest
from django.utils import timezone

from events.models import Event, Speaker
from tests.events.factories import EventFactory, SpeakerFactory, local
from tests.support.live import ROOT

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/events/event/add/"


def form_data(**overrides):
    data = {
        "title": "Hybrid meeting on the docks",
        "slug": "",
        "kind": "public-meeting",
        "summary": "",
        "description": "<p>All welcome.</p>",
        "time_zone": "America/New_York",
        "start_0": "2026-05-14",
        "start_1": "19:00",
        "end_0": "2026-05-14",
        "end_1": "21:00",
        "repeat": "",
        "repeat_interval": "1",
        "repeat_until": "",
        "repeat_count": "",
        "attendance": "hybrid",
        "venue_name": "Union Hall",
        "venue_address": "1 Pier Street",
        "venue_city": "New York",
        "venue_postcode": "",
        "venue_country": "US",
        "online_url": "https://meet.example/hall",
        "online_notes": "",
        "event_status": "scheduled",
        "status_note": "",
        "organiser_name": "",
        "organiser_url": "",
        "registration_url": "",
        "status": "published",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "00:00",
        "tags": "docks",
        "lead_image": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "speakers-TOTAL_FORMS": "2",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "1000",
        "speakers-0-name": "Ana Reyes",
        "speakers-0-role": "ILWU",
        "speakers-0-attendance": "remote",
        "speakers-0-order": "1",
        "speakers-1-name": "Sam Okafor",
        "speakers-1-role": "",
        "speakers-1-attendance": "in-person",
        "speakers-1-order": "0",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0",
        "exceptions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_times_are_typed_in_the_event_zone_and_stored_in_utc(admin_client):
    response = admin_client.post(ADD_URL, form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    # 19:00 EDT is 23:00 UTC.
    assert event.start == datetime.datetime(2026, 5, 14, 23, tzinfo=datetime.UTC)
    assert [(s.name, s.is_remote) for s in event.speakers.all()] == [
        ("Sam Okafor", False),
        ("Ana Reyes", True),
    ]
    assert event.created_by.username == "admin"
    # The change form shows the times back in the event's zone.
    page = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="start_0" value="14/05/2026"' in page
    assert 'name="start_1" value="19:00:00"' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"time_zone": "Europe/London", "start_0": "2026-03-29", "start_1": "01:30",
             "end_0": "2026-03-29", "end_1": "04:00"},
            "01:30 on 29 March 2026 does not exist in Europe/London: the clocks go forward",
        ),
        (
            {"time_zone": "Europe/London", "start_0": "2026-10-25", "start_1": "01:30",
             "end_0": "2026-10-25", "end_1": "04:00"},
            "01:30 on 25 October 2026 happens twice in Europe/London: the clocks go back",
        ),
        ({"end_1": "18:00"}, "The event ends before it starts"),
        ({"online_url": ""}, "An online or hybrid event needs the link people use to join."),
        ({"venue_name": "", "venue_address": ""}, "An in-person or hybrid event needs a venue"),
        ({"repeat": "weekly"}, "A repeating event needs a last date or a number of times."),
    ],
)  # fmt: skip
def test_mistakes_are_explained_and_the_typed_input_kept(admin_client, overrides, message):
    response = admin_client.post(ADD_URL, form_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page.replace("&#x27;", "'")
    assert 'value="Hybrid meeting on the docks"' in page
    assert 'value="Ana Reyes"' in page
    assert f'value="{overrides.get("start_1", "19:00")}"' in page
    assert Event.objects.count() == 0


def test_changelist_filters_upcoming_and_past(admin_client):
    EventFactory(title="Next week")
    EventFactory(
        title="Last month",
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=30, hours=-2),
        venue_city="Leeds",
    )
    page = admin_client.get("/admin/events/event/").content.decode()
    assert "Next week" in page and "Last month" in page and "Leeds" in page
    page = admin_client.get("/admin/events/event/?when=upcoming").content.decode()
    assert "Next week" in page and "Last month" not in page
    page = admin_client.get("/admin/events/event/?when=past").content.decode()
    assert "Next week" not in page and "Last month" in page
    page = admin_client.get("/admin/events/event/?event_status__exact=cancelled").content
    assert b"Next week" not in page


def test_duplicate_action_makes_a_draft_copy_with_speakers(admin_client):
    event = EventFactory(title="Branch meeting", tags=["branch"], start=local(2026, 12, 1, 19))
    SpeakerFactory(event=event, name="First speaker")
    SpeakerFactory(event=event, name="Second speaker", attendance=Speaker.Attendance.REMOTE)
    response = admin_client.post(
        "/admin/events/event/",
        {"action": "duplicate_events", "_selected_action": [event.pk]},
        follow=True,
    )
    assert "1 draft copy made" in response.content.decode()
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.title == "Branch meeting (copy)"
    assert copy.status == Event.Status.DRAFT
    assert copy.uid != event.uid and copy.slug != event.slug
    assert copy.start == event.start
    assert [s.name for s in copy.speakers.all()] == ["First speaker", "Second speaker"]
    assert list(copy.tags.names()) == ["branch"]
    assert event.speakers.count() == 2


def test_exceptions_must_fall_on_a_date_of_the_series(admin_client):
    weekly = {
        "time_zone": "Europe/London", "start_0": "2026-05-14", "start_1": "18:00",
        "end_0": "2026-05-14", "end_1": "19:00", "repeat": "weekly", "repeat_count": "4",
        "exceptions-TOTAL_FORMS": "2", "exceptions-0-date": "2026-05-21",
        "exceptions-0-kind": "skipped", "exceptions-0-note": "",
        "exceptions-1-date": "2026-05-22", "exceptions-1-kind": "cancelled",
        "exceptions-1-note": "Rain",
    }  # fmt: skip
    response = admin_client.post(ADD_URL, form_data(**weekly))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The event does not take place on Friday 22 May 2026." in page
    assert 'value="Rain"' in page
    weekly["exceptions-1-date"] = "2026-05-28"
    response = admin_client.post(ADD_URL, form_data(**weekly))
    assert response.status_code == 302
    event = Event.objects.get()
    assert sorted(str(e.date) for e in event.exceptions.all()) == ["2026-05-21", "2026-05-28"]


def test_all_day_events_ignore_a_midnight_clock_change(admin_client):
    # Clocks in Santiago go from 00:00 to 01:00 on 6 September 2026: midnight never happens.
    data = form_data(
        time_zone="America/Santiago", all_day="on", start_0="2026-09-06", start_1="",
        end_0="2026-09-06", end_1="", attendance="in-person", online_url="",
    )  # fmt: skip
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.local_start.date() == datetime.date(2026, 9, 6)
    assert event.local_end.date() == datetime.date(2026, 9, 6)


def test_a_missing_time_is_asked_for_unless_all_day(admin_client):
    response = admin_client.post(ADD_URL, form_data(start_1=""))
    assert response.status_code == 200
    assert "Enter a time, or tick “all day”." in response.content.decode()


def test_a_new_event_is_in_the_sites_time_zone_whatever_it_is(admin_client, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    page = admin_client.get(ADD_URL).content.decode()
    assert '<option value="Asia/Tokyo" selected>' in page
    assert Event().time_zone == "Asia/Tokyo"


# What a site sets for itself in its environment (.env.example), each apart from the defaults.
SITE_SETTINGS = [
    {"DJANGO_TIME_ZONE": "Asia/Tokyo"},
    {"DJANGO_LANGUAGE_CODE": "fr"},
    {"PLACARD_LANGUAGES": "en-gb,fr,de"},
    {"PLACARD_CURRENCY": "GBP"},
]


@pytest.mark.parametrize("site", SITE_SETTINGS, ids=lambda site: next(iter(site)))
def test_a_site_set_up_otherwise_finds_no_change_to_the_models(site):
    # Settings are read when the models load: a new process, as on that site's server.
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="tests.settings", **site)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
