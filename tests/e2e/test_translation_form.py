"""Translating in the admin, in a real browser: "Add a translation" opens a prefilled form
with the original's text in a panel beside it on a wide screen and above it on a narrow
one; the form passes axe, and once saved the original lists its translation."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import describe_violations
from tests.e2e.test_edit_forms import EDITABLE, log_in
from tests.factories import ArticleFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

PANEL = "aside.translation-original"


@pytest.fixture
def original(settings):
    settings.PLACARD_LANGUAGES = ["en-gb", "es", "uk"]
    return ArticleFactory(
        title="Dockers win the night shift",
        standfirst="A vote on the quay.",
        body="<p>The <strong>night shift</strong> stays.</p>" + "<p>More of the report.</p>" * 40,
        language="en-gb",
    )


def editor_page(browser, live_server, width, height=800):
    user_with_role("Editor", "editor")
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, live_server.url, "editor")
    return context, page


def open_spanish_form(page, live_server, original):
    page.goto(f"{live_server.url}/admin/articles/article/{original.pk}/change/")
    page.locator(".translation-menu summary").click()
    page.locator(".translation-menu").get_by_role("link", name="Spanish").click()
    expect(page.locator(EDITABLE)).to_be_visible()
    page.wait_for_load_state("load")


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_the_original_sits_beside_a_wide_form_and_the_translation_is_saved(
    live_server, browser, run_axe, original
):
    context, page = editor_page(browser, live_server, 1280)
    try:
        open_spanish_form(page, live_server, original)
        # Prefilled from the original.
        expect(page.get_by_label("Title")).to_have_value("Dockers win the night shift")
        expect(page.locator(EDITABLE)).to_contain_text("night shift stays")

        panel = page.get_by_role("complementary", name="The original, in British English")
        expect(panel).to_be_visible()
        expect(panel).to_contain_text("The night shift stays.")
        aside, fields = box(page, PANEL), box(page, "#article_form fieldset")
        assert aside["x"] >= fields["x"] + fields["width"], (aside, fields)
        assert aside["y"] < fields["y"] + fields["height"]  # side by side, not below
        # Sticky and scrollable on its own: still in view after scrolling the form.
        assert aside["height"] <= 800
        page.evaluate("window.scrollTo(0, 1500)")
        page.wait_for_timeout(200)
        assert page.evaluate("window.scrollY") > aside["y"] + 200
        after = box(page, PANEL)
        assert 0 <= after["y"] <= 40, after
        assert page.locator(PANEL).evaluate("node => node.scrollHeight > node.clientHeight")

        page.wait_for_timeout(200)  # the admin's own scripts are set up
        violations = run_axe(page)
        assert violations == [], describe_violations(violations)

        page.get_by_label("Title").fill("Los estibadores ganan el turno de noche")
        page.get_by_label("Slug").fill("los-estibadores-ganan")
        page.locator("#article_form input[name=_save]").click()
        expect(page.locator(".messagelist")).to_be_visible()
        spanish = Article.objects.get(language="es")
        assert spanish.translation_of_id == original.pk
        assert spanish.title == "Los estibadores ganan el turno de noche"

        page.goto(f"{live_server.url}/admin/articles/article/{original.pk}/change/")
        group = page.get_by_role("navigation", name="Translations of this text")
        expect(group.get_by_role("link", name="Spanish: Los estibadores ganan")).to_be_visible()
        expect(group.get_by_role("link", name="British English: Dockers win")).to_have_attribute(
            "aria-current", "page"
        )
        violations = run_axe(page)
        assert violations == [], describe_violations(violations)
    finally:
        context.close()


def test_the_original_sits_above_a_narrow_form_and_folds(live_server, browser, original):
    context, page = editor_page(browser, live_server, 600)
    try:
        open_spanish_form(page, live_server, original)
        aside, fields = box(page, PANEL), box(page, "#article_form fieldset")
        assert aside["y"] + aside["height"] <= fields["y"], (aside, fields)
        # Folds without scripts: a <details> summary.
        page.locator(f"{PANEL} summary").click()
        expect(page.locator(f"{PANEL} .translation-original__text")).to_be_hidden()
    finally:
        context.close()
