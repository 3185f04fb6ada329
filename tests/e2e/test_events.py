"""An editor creates a hybrid meeting with two speakers in the admin; a reader then finds
it in the upcoming list and the month calendar, opens it and adds it to a calendar."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream
from playwright.sync_api import expect

from events.models import Event
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
TITLE = "Hybrid meeting: the future of the port"


@pytest.mark.django_db(transaction=True)
def test_editor_creates_a_hybrid_meeting_that_a_reader_adds_to_a_calendar(
    live_server, page, browser, tmp_path
):
    UserFactory(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    london = zoneinfo.ZoneInfo("Europe/London")
    day = timezone.now().astimezone(london).date() + datetime.timedelta(days=10)

    page.goto(f"{live_server.url}/admin/events/event/add/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/events/event/add/$"))

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_kind").select_option("public-meeting")
    page.locator("#id_summary").fill("Dockers and residents discuss the automation plan.")
    page.locator("#id_time_zone").select_option("Europe/London")
    page.locator("#id_start_0").fill(day.isoformat())
    page.locator("#id_start_1").fill("19:00")
    page.locator("#id_end_0").fill(day.isoformat())
    page.locator("#id_end_1").fill("21:00")
    page.locator("#id_attendance").select_option("hybrid")
    page.locator("#id_venue_name").fill("Dockers' Hall")
    page.locator("#id_venue_address").fill("12 Quay Street")
    page.locator("#id_venue_city").fill("London")
    page.locator("#id_online_url").fill("https://meet.example/port")

    add_speaker = page.locator("#speakers-group .add-row a")
    add_speaker.click()
    page.locator("#id_speakers-0-name").fill("Maria Kowalczyk")
    page.locator("#id_speakers-0-role").fill("Northern Dockers' Union")
    add_speaker.click()
    page.locator("#id_speakers-1-name").fill("Jan de Vries")
    page.locator("#id_speakers-1-role").fill("Rotterdam port workers")
    page.locator("#id_speakers-1-attendance").select_option("remote")
    # Speakers are listed in the order they were added (no numbers to type).
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_contain_text(TITLE)
    event = Event.objects.get(title=TITLE)
    assert event.is_published
    assert event.local_start.replace(tzinfo=None) == datetime.datetime.combine(
        day, datetime.time(19)
    )
    assert [(s.name, s.is_remote) for s in event.speakers.all()] == [
        ("Maria Kowalczyk", False),
        ("Jan de Vries", True),
    ]

    reader_context = browser.new_context(accept_downloads=True)
    try:
        reader = reader_context.new_page()
        reader.goto(f"{live_server.url}/events/")
        expect(reader.get_by_role("link", name=TITLE)).to_be_visible()

        reader.goto(f"{live_server.url}/events/calendar/{day.year}/{day.month}/")
        cell = reader.locator("td.month__day:not(.month__day--other)").nth(day.day - 1)
        expect(cell.get_by_role("link", name=TITLE)).to_be_visible()
        cell.get_by_role("link", name=TITLE).click()

        expect(reader).to_have_url(re.compile(rf"/events/{event.slug}/$"))
        expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(reader.locator(".event-facts")).to_contain_text("19:00")
        expect(reader.locator(".event-facts .event-zone")).to_have_text(re.compile(r"^(GMT|BST)$"))
        expect(reader.locator(".event-attend")).to_contain_text("Dockers' Hall")
        expect(reader.get_by_role("link", name="Join the meeting online")).to_be_visible()
        expect(reader.locator(".speaker", has_text="Jan de Vries")).to_contain_text(
            "Joining remotely"
        )
        expect(reader.locator(".speaker", has_text="Maria Kowalczyk")).not_to_contain_text(
            "Joining remotely"
        )

        with reader.expect_download() as download_info:
            reader.get_by_role("link", name="Add to my calendar (.ics)").click()
        download = download_info.value
        assert download.suggested_filename == f"{event.slug}.ics"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        calendar = IcsCalendarStream.calendar_from_ics(target.read_text())
        [vevent] = calendar.events
        assert vevent.summary == TITLE
        assert vevent.dtstart.astimezone(datetime.UTC) == event.start
        assert vevent.dtstart.tzinfo.key == "Europe/London"
    finally:
        reader_context.close()
