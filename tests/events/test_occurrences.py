"""Stored dates: they follow every change to an event at once (the admin with its inline
exceptions, code, workflow actions, deletion), reach two years ahead, and the lists,
the month calendar, its days and the feeds read them a page at a time."""

import datetime
import importlib
import io
import itertools

import feedparser
import icalendar
import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, EventException, Occurrence
from events.views import UpcomingEventListView
from tests.events.factories import EventExceptionFactory, EventFactory, local
from tests.events.test_admin import form_data

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
THURSDAYS = ["2026-05-07", "2026-05-14", "2026-05-21", "2026-05-28"]


def vigil_form(**overrides):
    """A weekly vigil on Thursdays at 18:00 in London, four times, as typed in the admin."""
    vigil = {
        "title": "Thursday vigil", "time_zone": "Europe/London", "attendance": "in-person",
        "online_url": "", "start_0": "2026-05-07", "start_1": "18:00", "end_0": "2026-05-07",
        "end_1": "19:00", "repeat": "weekly", "repeat_count": "4", "speakers-TOTAL_FORMS": "0",
    }  # fmt: skip
    return form_data(**{**vigil, **overrides})


def dates_on(context):
    """The dates a list page shows: a series' card stands for its dates in the month."""
    if context["months"] is None:
        return list(context["occurrences"])
    return [
        date
        for group in context["months"]
        for row in group.rows
        for date in (row.series.dates if row.series else [row.occurrence])
    ]


def listed(client, url="/events/"):
    """(local date, status) of each date on the page."""
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        (str(occurrence.local_start.date()), occurrence.status)
        for occurrence in dates_on(response.context)
    ]


def feeds(client):
    """What the RSS feed and the subscribable calendar say about the events."""
    rss = feedparser.parse(client.get("/events/feed.rss").content)
    calendar = icalendar.Calendar.from_ical(client.get("/events/calendar.ics").content)
    events = calendar.walk("VEVENT")
    return {
        "rss": [(entry.title, entry.description.split("</strong>")[0]) for entry in rss.entries],
        "ics": sorted((str(e["summary"]), e.get("rrule", {}).get("COUNT", [0])[0]) for e in events),
    }


@time_machine.travel(NOW, tick=False)
def test_admin_changes_reach_the_lists_and_feeds_at_once(admin_client):
    response = admin_client.post("/admin/events/event/add/", vigil_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    change = f"/admin/events/event/{event.pk}/change/"
    assert listed(admin_client) == [(day, "scheduled") for day in THURSDAYS]
    assert "Thursday 7 May 2026, 18:00" in feeds(admin_client)["rss"][0][1]

    typed = {}

    def save(**changes):
        """Save the form again, with these changes to what was typed so far."""
        typed.update(changes, loaded_version=Event.objects.get(pk=event.pk).edit_version)
        response = admin_client.post(change, vigil_form(**typed))
        assert response.status_code == 302, response.context["adminform"].form.errors

    save(repeat_count="2")  # the rule
    assert listed(admin_client) == [(day, "scheduled") for day in THURSDAYS[:2]]
    assert feeds(admin_client)["ics"] == [("Thursday vigil", 2)]

    save(**{
        "exceptions-TOTAL_FORMS": "1", "exceptions-0-date": "2026-05-07",
        "exceptions-0-kind": "cancelled", "exceptions-0-note": "Storm warning",
    })  # fmt: skip
    assert listed(admin_client) == [("2026-05-07", "cancelled"), ("2026-05-14", "scheduled")]
    assert "Storm warning" in admin_client.get("/events/").content.decode()
    assert ("Cancelled: Thursday vigil", 0) in feeds(admin_client)["ics"]

    exception = EventException.objects.get()
    save(**{
        "exceptions-TOTAL_FORMS": "1", "exceptions-INITIAL_FORMS": "1",
        "exceptions-0-id": str(exception.pk), "exceptions-0-event": str(event.pk),
        "exceptions-0-date": "2026-05-07", "exceptions-0-kind": "skipped",
        "exceptions-0-note": "",
    })  # fmt: skip
    assert listed(admin_client) == [("2026-05-14", "scheduled")]
    assert "Thursday 14 May 2026, 18:00" in feeds(admin_client)["rss"][0][1]

    admin_client.post(
        "/admin/events/event/", {"action": "unpublish", "_selected_action": [event.pk]}
    )
    assert listed(admin_client) == []
    assert feeds(admin_client) == {"rss": [], "ics": []}
    admin_client.post("/admin/events/event/", {"action": "publish", "_selected_action": [event.pk]})
    assert listed(admin_client) == [("2026-05-14", "scheduled")]

    admin_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert listed(admin_client) == []
    assert feeds(admin_client) == {"rss": [], "ics": []}
    assert not Occurrence.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_changes_made_in_code_reach_the_lists_at_once(client):
    vigil = EventFactory(
        title="Thursday vigil", publish_at=LONG_AGO, start=local(2026, 5, 7, 18),
        end=local(2026, 5, 7, 19), repeat=Event.Repeat.WEEKLY, repeat_count=4,
    )  # fmt: skip
    assert listed(client) == [(day, "scheduled") for day in THURSDAYS]
    vigil.start, vigil.end = local(2026, 5, 8, 18), local(2026, 5, 8, 19)
    vigil.save()
    assert [day for day, _ in listed(client)] == [
        "2026-05-08", "2026-05-15", "2026-05-22", "2026-05-29"
    ]  # fmt: skip
    skipped = EventExceptionFactory(event=vigil, date=datetime.date(2026, 5, 15))
    EventExceptionFactory(event=vigil, date=datetime.date(2026, 5, 22), kind="cancelled")
    assert listed(client) == [
        ("2026-05-08", "scheduled"), ("2026-05-22", "cancelled"), ("2026-05-29", "scheduled")
    ]  # fmt: skip
    skipped.delete()
    assert len(listed(client)) == 4
    vigil.event_status = Event.EventStatus.CANCELLED
    vigil.save()
    assert {status for _, status in listed(client)} == {"cancelled"}
    vigil.delete()
    assert listed(client) == [] and not Occurrence.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_only_published_events_have_dates_and_scheduled_ones_appear_on_time(client):
    EventFactory(title="Draft", draft=True, start=local(2026, 5, 7, 18), end=local(2026, 5, 7, 19))
    scheduled = EventFactory(
        title="Scheduled", publish_at=NOW + datetime.timedelta(hours=1),
        start=local(2026, 5, 7, 18), end=local(2026, 5, 7, 19),
    )  # fmt: skip
    assert list(Occurrence.objects.values_list("event__title", flat=True)) == ["Scheduled"]
    pages = ["/events/", "/events/calendar/2026/5/", "/events/calendar/2026/5/7/", "/"]
    for url in pages:
        assert "Scheduled" not in client.get(url).content.decode(), url
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        for url in pages:
            page = client.get(url).content.decode()
            assert scheduled.get_absolute_url() in page and "Draft" not in page, url


@time_machine.travel(NOW, tick=False)
def test_dates_are_stored_two_years_ahead_and_the_command_moves_the_horizon_on(client):
    weekly = EventFactory(
        publish_at=LONG_AGO, start=local(2026, 5, 7, 18), end=local(2026, 5, 7, 19),
        repeat=Event.Repeat.WEEKLY, repeat_until=datetime.date(2031, 1, 1),
    )  # fmt: skip
    two_years = weekly.start + datetime.timedelta(days=731)  # it starts after today
    last = weekly.occurrences.order_by("start").last().start
    assert two_years - datetime.timedelta(weeks=1) < last < two_years
    a_year_later = NOW + datetime.timedelta(days=365)
    with time_machine.travel(a_year_later, tick=False):
        out = io.StringIO()
        call_command("extend_event_dates", stdout=out)
        call_command("extend_event_dates", stdout=out)
    two_years = a_year_later + datetime.timedelta(days=731)
    assert two_years - datetime.timedelta(weeks=1) < weekly.occurrences.last().start < two_years
    added = weekly.occurrences.filter(start__gt=last).count()
    assert out.getvalue() == f"Event dates stored: {added}.\nEvent dates stored: 0.\n"
    starts = [occurrence.local_start for occurrence in weekly.occurrences.order_by("start")]
    assert {(start.weekday(), start.hour) for start in starts} == {(3, 18)}
    weeks = {later.date() - earlier.date() for earlier, later in itertools.pairwise(starts)}
    assert weeks == {datetime.timedelta(weeks=1)}


@time_machine.travel(NOW, tick=False)
def test_dates_can_be_stored_afresh_and_the_migration_stores_them_first():
    vigil = EventFactory(
        publish_at=LONG_AGO, start=local(2026, 5, 7, 18), end=local(2026, 5, 7, 19),
        repeat=Event.Repeat.WEEKLY, repeat_count=4,
    )  # fmt: skip
    EventExceptionFactory(event=vigil, date=datetime.date(2026, 5, 14))
    EventExceptionFactory(event=vigil, date=datetime.date(2026, 5, 21), kind="cancelled")
    EventFactory(draft=True)

    def stored():
        return list(Occurrence.objects.values_list("event", "start", "cancelled"))

    expected = stored()
    assert len(expected) == 3
    Occurrence.objects.all().delete()
    call_command("extend_event_dates", "--rebuild", stdout=io.StringIO())
    assert stored() == expected
    Occurrence.objects.all().delete()
    migration = importlib.import_module("events.migrations.0008_occurrences")
    migration.store_dates(apps, schema_editor=None)
    assert stored() == expected


@time_machine.travel(NOW, tick=False)
def test_the_migration_links_dates_stored_before_it(client, settings):
    """Dates stored before their month neighbours' ends were kept get them from the
    migration: the lists then show one card a month for the series."""
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = False
    EventFactory(
        title="Thursday vigil", publish_at=LONG_AGO, start=local(2026, 5, 7, 18),
        end=local(2026, 5, 7, 19), repeat=Event.Repeat.WEEKLY, repeat_count=8,
    )  # fmt: skip
    Occurrence.objects.update(earlier_dates_end=None, later_dates_end=None)
    assert client.get("/events/").content.decode().count("Thursday vigil") > 2
    migration = importlib.import_module("events.migrations.0018_month_neighbour_ends")
    migration.link_stored_dates(apps, schema_editor=None)
    assert client.get("/events/").content.decode().count("Thursday vigil") == 2  # May, June


@time_machine.travel(NOW, tick=False)
def test_lists_are_paged_by_the_database(client):
    for index in range(45):
        start = NOW + datetime.timedelta(hours=6 * (index + 1))
        EventFactory(publish_at=LONG_AGO, start=start, end=start + datetime.timedelta(hours=1))
    first, third = client.get("/events/"), client.get("/events/?page=3")
    assert len(first.context["occurrences"]) == 20 and len(third.context["occurrences"]) == 5
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert 'rel="next"' not in third.content.decode()
    assert "Page 3" in third.content.decode()
    for url in ("/events/?page=4", "/events/?page=0", "/events/?page=two"):
        assert client.get(url).status_code == 404, url
    assert client.get("/events/past/?page=2").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_long_and_overnight_events_are_listed_and_on_every_day_they_run(client):
    EventFactory(
        title="Five-day congress", publish_at=LONG_AGO, start=local(2026, 4, 27, 9),
        end=local(2026, 5, 1, 17),
    )  # fmt: skip
    EventFactory(
        title="Night shift picket", publish_at=LONG_AGO, start=local(2026, 5, 5, 22),
        end=local(2026, 5, 6, 2),
    )  # fmt: skip
    EventFactory(title="Tomorrow", publish_at=LONG_AGO, start=local(2026, 5, 2, 10),
                 end=local(2026, 5, 2, 11))  # fmt: skip
    response = client.get("/events/")
    titles = [occurrence.event.title for occurrence in response.context["occurrences"]]
    assert titles == ["Five-day congress", "Tomorrow", "Night shift picket"]
    days = {
        day.date.day: [occurrence.event.title for occurrence in day.occurrences]
        for week in client.get("/events/calendar/2026/5/").context["weeks"]
        for day in week
        if day.date.month == 5
    }
    assert days[1] == ["Five-day congress"] and days[2] == ["Tomorrow"]
    assert days[5] == days[6] == ["Night shift picket"]
    assert days[7] == []
    april = client.get("/events/calendar/2026/4/").context["weeks"]
    congress = [
        d.date.day for week in april for d in week
        if "Five-day congress" in [o.event.title for o in d.occurrences]
    ]  # fmt: skip
    assert congress == [27, 28, 29, 30, 1]
    day = client.get("/events/calendar/2026/5/6/")
    assert [o.event.title for o in day.context["occurrences"]] == ["Night shift picket"]


@time_machine.travel(NOW, tick=False)
def test_a_busy_calendar_day_links_to_its_own_list(client):
    for hour in range(9, 15):  # six on 7 May
        EventFactory(
            title=f"Meeting at {hour}", kind=Event.Kind.PICKET if hour % 2 else Event.Kind.VIGIL,
            publish_at=LONG_AGO, start=local(2026, 5, 7, hour), end=local(2026, 5, 7, hour, 30),
        )  # fmt: skip
    EventFactory(title="Quiet day", publish_at=LONG_AGO, start=local(2026, 5, 8, 9),
                 end=local(2026, 5, 8, 10))  # fmt: skip
    page = client.get("/events/calendar/2026/5/").content.decode()
    assert '<a href="/events/calendar/2026/5/7/">6 events</a>' in page
    assert "Meeting at 9" not in page and "Quiet day" in page
    filtered = client.get("/events/calendar/2026/5/?kind=vigil").content.decode()
    assert "Meeting at 10" in filtered  # three vigils: listed on the day itself
    day = client.get("/events/calendar/2026/5/7/")
    assert [o.event.title for o in day.context["occurrences"]] == [
        f"Meeting at {hour}" for hour in range(9, 15)
    ]
    assert "Events on Thursday 7 May 2026" in day.content.decode()
    kind = client.get("/events/calendar/2026/5/7/?kind=picket")
    assert [o.event.title for o in kind.context["occurrences"]] == [
        "Meeting at 9", "Meeting at 11", "Meeting at 13"
    ]  # fmt: skip
    for impossible in ("2026/2/30", "1/1/1", "2026/5/99999999999999999999"):
        assert client.get(f"/events/calendar/{impossible}/").status_code == 404, impossible


@time_machine.travel(NOW, tick=False)
def test_lists_of_events_show_their_first_pages_and_point_to_the_calendar(client, monkeypatch):
    # A list shows MAX_PAGES pages (1,000 cards); two here, so 45 events go beyond them.
    monkeypatch.setattr(UpcomingEventListView, "max_pages", 2)
    for index in range(45):
        start = NOW + datetime.timedelta(hours=6 * (index + 1))
        EventFactory(publish_at=LONG_AGO, start=start, end=start + datetime.timedelta(hours=1))
    first, last = client.get("/events/"), client.get("/events/?page=2")
    calendar = f'<a href="{reverse("events:event-calendar")}">calendar</a>'
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert calendar not in first.content.decode()
    assert len(last.context["occurrences"]) == 20
    assert 'rel="next"' not in last.content.decode()
    assert "Lists of events show their first 2 pages only" in last.content.decode()
    assert calendar in last.content.decode()
    beyond = client.get("/events/?page=3")
    assert beyond.status_code == 404
    assert "Lists of events show their first 2 pages only" in beyond.content.decode()
    assert calendar in beyond.content.decode()
    # A page far beyond is refused without reading the rows before it.
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/events/?page=100000").status_code == 404
    assert not any("events_occurrence" in query["sql"] for query in captured.captured_queries)
