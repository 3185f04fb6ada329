"""An editor builds a small campaign site from an empty database, through the admin only;
then a reader, logged out, finds everything on the public site at desktop and phone widths,
and the home page and the article pass axe-core and the Nu HTML checker.

The only thing made outside the browser is the administrator's account (the `admin_user`
fixture). Pages, a section, an author, an image, an article, a statement kind, a statement,
an event with a speaker, the header menu and the home layout are all made in the admin.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from events.models import Event
from home.models import HomeLayout
from menus.models import Menu, NamedList
from pages.models import Page
from statements.models import Statement
from tests.e2e.conftest import describe_html_errors, describe_violations
from tests.e2e.test_edit_forms import SCREEN, log_in
from tests.factories import jpeg_bytes

DESKTOP = SCREEN
PHONE = {"width": 390, "height": 844}
EDITABLE = ".prose-editor [contenteditable=true]"

PAGE_TITLE = "About us"
SECTION = "Campaign news"
AUTHOR = "Maria Kowalczyk"
ARTICLE = "Harbour workers win the night-shift vote"
ARTICLE_ALT = "Dockers raising their hands in a vote on the quay"
KIND = "Open letter"
STATEMENT = "Open letter to the port authority"
EVENT = "Rally at the harbour gates"
SPEAKER = "Ana Costa"
HIGHLIGHTS_HEADING = "This month"


def choose(page, select_id, search, option_text):
    """Pick `option_text` in the select2 autocomplete that replaces `<select id=…>`."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option_text).first.click()
    expect(page.locator(f"#{select_id}")).to_have_value(re.compile(r"^\d+$"))


def write(page, text):
    """Type into the form's (only) rich-text editor."""
    editor = page.locator(EDITABLE)
    editor.click()
    editor.press_sequentially(text)


def save(page, name):
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text(name)


def build_the_site(page, base, tmp_path):
    """The editor's work, screen by screen."""
    # A page.
    page.goto(f"{base}/admin/pages/page/add/")
    page.locator("#id_title").fill(PAGE_TITLE)
    write(page, "We are dockworkers, seafarers and their communities.")
    page.locator("#id_status").select_option("published")
    save(page, PAGE_TITLE)

    # A section and an author for the article.
    page.goto(f"{base}/admin/articles/section/add/")
    page.locator("#id_name").press_sequentially(SECTION)
    expect(page.locator("#id_slug")).to_have_value("campaign-news")
    save(page, SECTION)
    page.goto(f"{base}/admin/articles/author/add/")
    page.locator("#id_name").press_sequentially(AUTHOR)
    save(page, AUTHOR)

    # The article, its lead image uploaded through the "+" popup, published.
    photo = tmp_path / "vote-on-the-quay.jpg"
    photo.write_bytes(jpeg_bytes(width=1200, height=800, color=(30, 90, 160)))
    page.goto(f"{base}/admin/articles/article/add/")
    page.locator("#id_title").fill(ARTICLE)
    page.locator("#id_standfirst").fill("After a week of meetings, the vote was unanimous.")
    write(page, "Members met at dawn on the quay. The ballot opens on Monday.")
    choose(page, "id_section", "Campaign", SECTION)
    choose(page, "id_bylines-0-author", "Maria", AUTHOR)
    with page.expect_popup() as popup_info:
        page.locator("#add_id_lead_image").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.locator("#id_title").fill("Vote on the quay")
    popup.locator("#id_file").set_input_files(photo)
    popup.locator("#id_credit").fill("Network photo desk")
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    expect(page.locator("#id_lead_image option:checked")).to_have_text("Vote on the quay")
    page.locator("#id_lead_image_alt").fill(ARTICLE_ALT)
    page.locator("#id_status").select_option("published")
    save(page, ARTICLE)

    # A statement kind, and a statement of that kind, open for endorsement.
    page.goto(f"{base}/admin/statements/statementkind/add/")
    page.locator("#id_name").fill(KIND)
    save(page, KIND)
    page.goto(f"{base}/admin/statements/statement/add/")
    page.locator("#id_title").fill(STATEMENT)
    page.locator("#id_kind").select_option(label=KIND)
    page.locator("#id_issuing_body").fill("Adopted by the conference of the network")
    page.locator("#id_standfirst").fill("Sign the letter to the port authority.")
    write(page, "We call on the port authority to keep the night shift safe.")
    page.locator("#id_status").select_option("published")
    page.locator("#id_endorsements_open").check()
    save(page, STATEMENT)

    # An event with one speaker, in three weeks.
    day = (timezone.localdate() + timedelta(days=21)).isoformat()
    page.goto(f"{base}/admin/events/event/add/")
    page.locator("#id_title").fill(EVENT)
    write(page, "March from the station to the harbour gates.")
    page.get_by_role("textbox", name="Start date").fill(day)
    page.get_by_role("textbox", name="Start time").fill("17:00")
    page.get_by_role("textbox", name="End date").fill(day)
    page.get_by_role("textbox", name="End time").fill("19:00")
    page.locator("#id_venue_name").fill("Harbour gates")
    page.locator("#id_venue_city").fill("Gdańsk")
    page.get_by_label("Publication status").select_option("published")
    page.get_by_role("button", name="Add another Speaker").click()
    page.locator("#id_speakers-0-name").fill(SPEAKER)
    page.locator("#id_speakers-0-role").fill("Dockers' union")
    save(page, EVENT)

    # The header menu: the page, then the events list.
    header = Menu.objects.get(location=Menu.Location.HEADER)
    page.goto(f"{base}/admin/menus/menu/{header.pk}/change/")
    rows = page.locator("[id^=entries-group] tr.form-row:not(.empty-form)")
    first = rows.count() - 1  # the blank row the form offers
    page.locator(f"#id_entries-{first}-order").fill("1")
    choose(page, f"id_entries-{first}-page", "About", PAGE_TITLE)
    page.get_by_role("button", name="Add another entry").click()
    page.locator(f"#id_entries-{first + 1}-order").fill("2")
    page.locator(f"#id_entries-{first + 1}-named_list").select_option(NamedList.EVENTS)
    save(page, "")

    # The home layout: the article leads, and the highlights get a heading.
    page.goto(f"{base}/admin/home/homelayout/")
    expect(page).to_have_url(re.compile(r"/admin/home/homelayout/1/change/$"))
    choose(page, "id_lead_article", "Harbour", ARTICLE)
    page.locator("#id_highlights_heading").fill(HIGHLIGHTS_HEADING)
    save(page, "")


@pytest.mark.django_db(transaction=True)
def test_an_editor_builds_a_campaign_site_that_readers_can_use(
    live_server, browser, admin_user, run_axe, check_html, tmp_path
):
    base = live_server.url
    editor_context = browser.new_context(viewport=DESKTOP)
    try:
        page = editor_context.new_page()
        log_in(page, base, admin_user.username)
        build_the_site(page, base, tmp_path)
    finally:
        editor_context.close()

    # What the admin saved.
    about = Page.objects.get(title=PAGE_TITLE)
    article = Article.objects.get(title=ARTICLE)
    statement = Statement.objects.get(title=STATEMENT)
    event = Event.objects.get(title=EVENT)
    assert about.is_published and article.is_published
    assert statement.is_published and event.is_published
    assert article.lead_image.title == "Vote on the quay"
    assert article.section.name == SECTION
    assert statement.kind.name == KIND and statement.endorsements_open
    assert [speaker.name for speaker in event.speakers.all()] == [SPEAKER]
    layout = HomeLayout.objects.get()
    assert layout.lead_article == article and layout.highlights_heading == HIGHLIGHTS_HEADING
    paths = {
        "page": about.get_absolute_url(),
        "article": article.get_absolute_url(),
        "statement": statement.get_absolute_url(),
        "event": event.get_absolute_url(),
    }

    # A reader, logged out, at both widths.
    failures = []
    for viewport in (DESKTOP, PHONE):
        width = viewport["width"]
        reader_context = browser.new_context(viewport=viewport)
        try:
            reader = reader_context.new_page()
            response = reader.goto(f"{base}/")
            assert response.status == 200
            lead = reader.locator(".home-lead")
            expect(lead).to_contain_text(ARTICLE)
            # On the home page the lead's picture is a decorative duplicate of its link.
            expect(lead.locator("img")).to_be_visible()
            statement_link = reader.locator("main").get_by_role("link", name=STATEMENT)
            expect(statement_link.first).to_be_visible()
            expect(reader.locator("main")).to_contain_text(KIND)
            expect(reader.locator("main").get_by_role("link", name=EVENT).first).to_be_visible()
            menu = reader.locator(".site-nav__list a")
            expect(menu).to_have_text([PAGE_TITLE, "Events"])
            if reader.locator(".site-nav__toggle").is_visible():  # folded on a phone
                reader.locator(".site-nav__toggle").click()
            expect(menu.first).to_be_visible()
            violations = run_axe(reader)
            if violations:
                failures.append(f"--- home at {width}px\n{describe_violations(violations)}")

            for name, path in paths.items():
                response = reader.goto(f"{base}{path}")
                assert response.status == 200, f"{name} {path} at {width}px"
            expect(reader.get_by_role("heading", level=1)).to_have_text(EVENT)
            expect(reader.locator(".speaker__name")).to_contain_text([SPEAKER])
            reader.goto(f"{base}{paths['article']}")
            expect(reader.get_by_role("heading", level=1)).to_have_text(ARTICLE)
            image = reader.get_by_role("img", name=ARTICLE_ALT)
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth") > 0
            violations = run_axe(reader)
            if violations:
                failures.append(f"--- article at {width}px\n{describe_violations(violations)}")

            if viewport is DESKTOP:
                # The markup as served (not the live DOM), for the Nu HTML checker.
                for name, path in (("home", "/"), ("article", paths["article"])):
                    served = reader_context.request.get(f"{base}{path}")
                    assert served.status == 200
                    (tmp_path / f"{name}.html").write_bytes(served.body())
        finally:
            reader_context.close()
    assert not failures, "axe-core found accessibility problems:\n" + "\n".join(failures)

    errors = check_html([tmp_path / "home.html", tmp_path / "article.html"])
    assert not errors, "The Nu HTML checker found errors:\n" + describe_html_errors(errors)
