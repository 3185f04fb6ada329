"""The home page and the admin home page in a browser: the demo home page on a phone stays
within about four screens, a lead without an image leaves no hole, the arranged variants
pass axe-core and the Nu HTML checker, and the dashboard uses the width of the screen."""

import re

import pytest
from playwright.sync_api import expect

from articles.demo import create_demo_content
from events.demo import create_demo_events
from home.models import HomeHighlight, HomeLayout
from site_config.demo import configure_site
from statements.demo import create_demo_statements
from statements.models import Statement, StatementKind
from tests.e2e.conftest import describe_html_errors, describe_violations
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, StatementFactory, UserFactory, user_with_role

PHONE = {"width": 390, "height": 844}
# About four screens of that phone.
PHONE_HEIGHT_LIMIT = 3400
PASSWORD = "correct horse battery staple"


def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


@pytest.mark.django_db(transaction=True)
def test_the_demo_home_page_fits_four_phone_screens(live_server, page, run_axe):
    configure_site()
    create_demo_content()
    create_demo_statements()
    create_demo_events()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    expect(page.locator(".home-lead img")).to_be_visible()
    for heading in ("Highlights", "Statements", "Next events", "Latest articles"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    height = page_height(page)
    print(f"demo home page on a 390x844 phone: {height} px")  # shown with -s
    assert height <= PHONE_HEIGHT_LIMIT
    # Statements and events come right after the lead and the highlights.
    order = page.evaluate(
        "Array.from(document.querySelectorAll('main section h2')).map(h => h.textContent.trim())"
    )
    assert order[:4] == ["Highlights", "Statements", "Next events", "Latest articles"]
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


def arranged_home():
    """A layout an editor could make: a statement without an image leads, highlights of
    every kind, statements and events at the end, kinds on the statements."""
    kind = StatementKind.objects.create(name="Open letter")
    lead = StatementFactory(title="Open letter to the port authority", kind=kind)
    layout = HomeLayout.objects.create(
        lead_statement=lead,
        highlights_heading="Year highlights",
        statements_position=HomeLayout.Position.END,
        events_position=HomeLayout.Position.AFTER_LEAD,
    )
    items = [
        ArticleFactory(title="Dockers win the night-shift vote"),
        StatementFactory(title="Declaration for safe harbours", kind=kind),
        EventFactory(title="Rally at the harbour gates"),
    ]
    for order, item in enumerate(items):
        HomeHighlight.objects.create(layout=layout, order=order, **{item._meta.model_name: item})
    for index in range(6):
        ArticleFactory(title=f"Report number {index + 1}")
    StatementFactory(title="Statement on automation")
    EventFactory(title="Members' meeting")
    return lead


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_a_lead_without_an_image_reads_as_a_panel(live_server, page, run_axe, viewport):
    arranged_home()
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/")
    lead = page.locator(".home-lead")
    expect(lead).to_contain_text("Open letter to the port authority")
    expect(lead).to_contain_text("Open letter")
    assert lead.locator("img, .home-lead__image").count() == 0
    box = lead.bounding_box()
    body = page.locator(".home-lead__body").bounding_box()
    # The text starts at the panel's edge (no empty image column) and the panel is short.
    assert body["x"] - box["x"] < 40
    assert box["height"] < 420
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


@pytest.mark.django_db
def test_arranged_home_pages_are_valid_html(client, tmp_path, check_html):
    arranged_home()
    (tmp_path / "arranged.html").write_bytes(client.get("/").content)
    layout = HomeLayout.objects.get()
    layout.lead_statement = None
    layout.events_position = HomeLayout.Position.AFTER_HIGHLIGHTS
    layout.statements_position = HomeLayout.Position.AFTER_HIGHLIGHTS
    layout.save()
    Statement.objects.filter(title="Open letter to the port authority").delete()
    (tmp_path / "default-positions.html").write_bytes(client.get("/").content)
    errors = check_html(sorted(tmp_path.glob("*.html")))
    assert not errors, describe_html_errors(errors)


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_uses_the_width_of_the_screen(live_server, page):
    editor = user_with_role("Editor")
    editor.set_password(PASSWORD)
    editor.save()
    ArticleFactory(title="My draft", draft=True, created_by=editor)
    ArticleFactory(title="Out tomorrow", scheduled=True)
    ArticleFactory(title="Out already")
    UserFactory(username="someone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    panels = page.locator(".dashboard-panel")
    assert panels.count() >= 6
    lefts = {round(panels.nth(i).bounding_box()["x"]) for i in range(panels.count())}
    print(f"dashboard panel columns at 1280 px: {len(lefts)}")
    assert len(lefts) > 1
    models = page.locator("#content-main > .module")
    model_lefts = {round(models.nth(i).bounding_box()["x"]) for i in range(models.count())}
    assert len(model_lefts) > 1
    assert page.locator("#recent-actions-module").count() == 0
