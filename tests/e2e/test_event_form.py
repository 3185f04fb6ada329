"""The event edit form in a real browser: grouped to fit about two screens at 1280×800,
its two statuses named apart, and speakers with a country, in an order set by hand and
shown so on the event's page."""

import pytest
from playwright.sync_api import expect

from events.models import Speaker
from tests.e2e.test_edit_forms import SCREEN, log_in
from tests.events.factories import EventFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

# About two screens of 800 pixels, with the rarely used groups folded (seven of them, the
# map position and admission included): a new event, and one with two speakers, the item's title,
# history and preview links.
MAX_FORM_HEIGHT = 1750


@pytest.fixture
def editor_page(live_server, browser):
    user_with_role("Editor", "editor")
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    log_in(page, live_server.url, "editor")
    yield page
    context.close()


def page_height(page):
    expect(page.locator(".prose-editor [contenteditable=true]")).to_be_visible()
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollHeight")


def test_the_new_event_form_fits_about_two_screens(live_server, editor_page):
    page = editor_page
    page.goto(f"{live_server.url}/admin/events/event/add/")
    height = page_height(page)
    assert height <= MAX_FORM_HEIGHT, f"the event form is {height}px long"
    # Nothing runs off to the side either.
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]

    folded = page.locator("#event_form fieldset.collapse details:not([open]) h2")
    expect(folded).to_have_text(
        [
            "Position on a map",
            "Repeats",
            "Admission and tickets",
            "Organiser",
            "Related",
            "Lead image",
            "Exceptions to the repeat rule",
        ],
        use_inner_text=True,
        ignore_case=True,
    )
    # Opening a folded group shows its fields.
    expect(page.locator("#id_organiser_name")).to_be_hidden()
    page.get_by_text("Organiser", exact=True).click()
    expect(page.locator("#id_organiser_name")).to_be_visible()
    expect(page.locator("#id_price")).to_be_hidden()
    page.get_by_text("Admission and tickets", exact=True).click()
    expect(page.get_by_label("Entry")).to_have_value("")
    expect(page.get_by_label("Currency")).to_have_value("EUR")
    expect(page.locator("#id_price")).to_be_visible()

    # The event's own status and its publication are named apart.
    event_status = page.get_by_label("Event status (on / cancelled / postponed …)")
    expect(event_status).to_have_value("scheduled")
    expect(event_status.locator("option:checked")).to_have_text("On, as planned")
    expect(page.get_by_label("Publication status")).to_have_value("draft")
    expect(page.get_by_label("Status:", exact=True)).to_have_count(0)


def test_an_event_with_speakers_fits_about_two_screens(live_server, editor_page):
    event = EventFactory()
    Speaker.objects.create(event=event, name="Ana Costa", role="Dockers' union", order=0)
    Speaker.objects.create(event=event, name="Bo Lindqvist", role="Seafarers", order=1)
    page = editor_page
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    height = page_height(page)
    assert height <= MAX_FORM_HEIGHT, f"the event form is {height}px long"
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]

    # Everything folded is still there, named, and opens across the whole form.
    rows = page.locator("#speakers-group tr.form-row:not(.empty-form)")
    expect(rows.nth(0).locator("input[name$='-name']")).to_have_value("Ana Costa")
    expect(rows.nth(1).locator("input[name$='-name']")).to_have_value("Bo Lindqvist")
    expect(page.get_by_text("Share a preview")).to_be_visible()
    page.get_by_text("Lead image", exact=True).click()
    expect(page.get_by_label("Alt text")).to_be_visible()

    def width(selector):
        return page.locator(selector).evaluate("node => node.getBoundingClientRect().width")

    assert width("fieldset:has(#id_lead_image_alt)") == width("fieldset:has(#id_venue_name)")


def test_speakers_have_a_country_and_an_order_shown_on_the_event_page(
    live_server, editor_page, browser
):
    event = EventFactory(title="Dockers' assembly")
    Speaker.objects.create(event=event, name="Ana Costa", role="Dockers' union", order=0)
    Speaker.objects.create(event=event, name="Bo Lindqvist", role="Seafarers", order=1)
    page = editor_page
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")

    rows = page.locator("#speakers-group tr.form-row:not(.empty-form)")
    rows.nth(0).get_by_label("Country").select_option(label="Portugal")
    rows.nth(1).get_by_label("Country").select_option(label="Sweden")
    page.get_by_role("button", name="Move Bo Lindqvist up").click()
    expect(rows.locator("input[name$='-name']").first).to_have_value("Bo Lindqvist")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    saved = [(s.name, s.country.code) for s in event.speakers.order_by("order", "pk")]
    assert saved == [("Bo Lindqvist", "SE"), ("Ana Costa", "PT")]

    reader = browser.new_context()
    try:
        public = reader.new_page()
        public.goto(f"{live_server.url}{event.get_absolute_url()}")
        speakers = public.locator(".speaker__name")
        expect(speakers).to_have_text(["Bo Lindqvist (Sweden)", "Ana Costa (Portugal)"])
    finally:
        reader.close()
