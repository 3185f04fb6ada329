"""A rescheduled or postponed event keeps the start it had: shown on its page as
“Rescheduled from …” and given to search engines as `previousStartDate`."""

import datetime
import html
import re

import extruct
import pytest
import time_machine

from events.admin import duplicate
from events.models import Event
from tests.events.factories import EventFactory, local
from tests.events.test_admin import form_data

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
FIRST = local(2026, 5, 14, 19)  # Thursday 14 May 2026, 19:00 BST
LATER = local(2026, 6, 4, 19)


def rally(**fields):
    fields.setdefault("event_status", Event.EventStatus.SCHEDULED)
    return EventFactory(title="Rally", publish_at=LONG_AGO, start=FIRST,
                        end=FIRST + datetime.timedelta(hours=2), **fields)  # fmt: skip


def move(event, start, status=None):
    event = Event.objects.get(pk=event.pk)  # as the admin loads it
    event.start, event.end = start, start + datetime.timedelta(hours=2)
    if status is not None:
        event.event_status = status
    event.save()
    return Event.objects.get(pk=event.pk)


def visible_text(page):
    main = page[page.index("<main") :]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def event_block(page):
    found = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    (data,) = [block for block in found if block["@type"] == "Event"]
    return data


def test_moving_the_start_while_marking_it_rescheduled_keeps_the_old_start():
    event = move(rally(), LATER, Event.EventStatus.RESCHEDULED)
    assert event.previous_start == FIRST and event.start == LATER


def test_marking_it_rescheduled_first_then_moving_it_keeps_the_old_start():
    event = rally(event_status=Event.EventStatus.RESCHEDULED)
    assert event.previous_start is None  # not moved yet
    assert move(event, LATER).previous_start == FIRST


def test_a_postponed_event_moved_keeps_its_first_start():
    event = move(rally(event_status=Event.EventStatus.POSTPONED), LATER)
    assert event.previous_start == FIRST


def test_correcting_the_start_of_an_event_on_as_planned_is_not_a_rescheduling():
    assert move(rally(), LATER).previous_start is None


def test_a_second_move_keeps_the_first_start():
    event = move(rally(), LATER, Event.EventStatus.RESCHEDULED)
    event = move(event, LATER + datetime.timedelta(days=7))
    assert event.previous_start == FIRST


@pytest.mark.parametrize("status", [Event.EventStatus.SCHEDULED, Event.EventStatus.MOVED_ONLINE])
def test_back_on_as_planned_or_moved_online_forgets_the_old_start(status):
    event = move(rally(), LATER, Event.EventStatus.RESCHEDULED)
    event.event_status = status
    event.save()
    assert Event.objects.get(pk=event.pk).previous_start is None


def test_a_cancellation_keeps_it_and_moving_back_forgets_it():
    event = move(rally(), LATER, Event.EventStatus.RESCHEDULED)
    event.event_status = Event.EventStatus.CANCELLED
    event.save()
    assert Event.objects.get(pk=event.pk).previous_start == FIRST
    assert move(event, FIRST, Event.EventStatus.RESCHEDULED).previous_start is None


def test_a_new_event_or_a_copy_has_no_previous_start():
    event = rally(event_status=Event.EventStatus.RESCHEDULED)
    assert event.previous_start is None
    moved = move(event, LATER)
    assert duplicate(moved).previous_start is None


def test_the_admin_keeps_the_old_start_when_the_date_and_status_change_together(admin_client):
    event = rally()
    response = admin_client.post(
        f"/admin/events/event/{event.pk}/change/",
        form_data(title="Rally", time_zone="Europe/London", start_0="2026-06-04",
                  start_1="19:00", end_0="2026-06-04", end_1="21:00",
                  event_status="rescheduled", status_note="The square is closed.",
                  loaded_version=event.edit_version),
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.start == LATER and event.previous_start == FIRST
    page = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "Previously planned start" in page and "14 May 2026 19:00 BST" in page


@time_machine.travel(NOW, tick=False)
def test_the_page_says_rescheduled_from_and_search_engines_read_it(client):
    event = move(rally(), LATER, Event.EventStatus.RESCHEDULED)
    page = client.get(event.get_absolute_url()).content.decode()
    assert (
        "This event has been rescheduled. Rescheduled from Thursday 14 May 2026, 19:00 BST"
        in visible_text(page)
    )
    assert '<time datetime="2026-05-14T19:00:00+01:00">' in page
    data = event_block(page)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["startDate"] == "2026-06-04T19:00:00+01:00"
    assert data["previousStartDate"] == "2026-05-14T19:00:00+01:00"


@time_machine.travel(NOW, tick=False)
def test_a_postponed_page_says_first_planned_for_without_a_previous_start_date(client):
    event = move(rally(event_status=Event.EventStatus.POSTPONED), LATER)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "This event is postponed. First planned for Thursday 14 May 2026" in visible_text(page)
    assert "previousStartDate" not in event_block(page)


@time_machine.travel(NOW, tick=False)
def test_an_all_day_event_gives_the_day_it_was_planned(client):
    event = EventFactory(title="Festival", publish_at=LONG_AGO, all_day=True,
                         start=local(2026, 5, 16), end=local(2026, 5, 16, 23, 59))  # fmt: skip
    event = Event.objects.get(pk=event.pk)
    event.start, event.end = local(2026, 5, 23), local(2026, 5, 23, 23, 59)
    event.event_status = Event.EventStatus.RESCHEDULED
    event.save()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Rescheduled from Saturday 16 May 2026 ." in visible_text(page)
    assert event_block(page)["previousStartDate"] == "2026-05-16"


@time_machine.travel(NOW, tick=False)
def test_an_event_rescheduled_without_a_known_start_says_only_that(client):
    event = rally(event_status=Event.EventStatus.RESCHEDULED)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Rescheduled from" not in page
    assert "previousStartDate" not in event_block(page)
