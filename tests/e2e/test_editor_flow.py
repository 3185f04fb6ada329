"""An editor writes and publishes an article in the admin; a reader then finds and reads it.

Everything goes through the browser as people use it: the login form, the WYSIWYG editor,
the author autocomplete, the "+" popup that uploads a lead image, the save button, then
the public home page in a separate, logged-out browser context.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import AuthorFactory, SectionFactory, UserFactory, jpeg_bytes

PASSWORD = "correct horse battery staple"
TITLE = "Harbour workers win the night-shift vote"
STANDFIRST = "After a week of meetings on the quay, the vote was unanimous."
BOLD_TEXT = "every shift was represented"
ALT_TEXT = "Dockers raising their hands in a vote on the quay"


@pytest.mark.django_db(transaction=True)
def test_editor_publishes_an_article_that_a_reader_finds(live_server, page, browser, tmp_path):
    UserFactory(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    AuthorFactory(name="Maria Kowalczyk")
    AuthorFactory(name="Sam Okafor")
    SectionFactory(name="News")
    photo = tmp_path / "vote-on-the-quay.jpg"
    photo.write_bytes(jpeg_bytes(width=1200, height=800, color=(30, 90, 160)))

    # The editor logs in through the real form and lands on the add form.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/articles/article/add/$"))

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_standfirst").fill(STANDFIRST)

    # Rich text: type, then bold part of it with the keyboard shortcut.
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    editor.press_sequentially("Members met at dawn and ")
    editor.press("Control+b")
    editor.press_sequentially(BOLD_TEXT)
    editor.press("Control+b")
    editor.press_sequentially(". The ballot opens on Monday.")
    expect(editor.locator("strong")).to_have_text(BOLD_TEXT)

    # The byline's author through the select2 autocomplete.
    page.locator("#id_bylines-0-author + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Maria")
    page.locator(".select2-results__option", has_text="Maria Kowalczyk").click()
    expect(page.locator("#id_bylines-0-author")).to_have_value(re.compile(r"^\d+$"))

    # A new lead image, uploaded through the "+" popup next to the field.
    with page.expect_popup() as popup_info:
        page.locator("#add_id_lead_image").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.locator("#id_title").fill("Vote on the quay")
    popup.locator("#id_file").set_input_files(photo)
    popup.locator("#id_credit").fill("Network photo desk")
    # Saving closes the popup and selects the new image in the opener's field.
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    expect(page.locator("#id_lead_image option:checked")).to_have_text("Vote on the quay")

    page.locator("#id_lead_image_alt").fill(ALT_TEXT)
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_contain_text(TITLE)
    article = Article.objects.get(title=TITLE)
    assert article.is_published
    assert [author.name for author in article.byline_authors()] == ["Maria Kowalczyk"]
    assert f"<strong>{BOLD_TEXT}</strong>" in article.body
    assert article.lead_image.title == "Vote on the quay"
    assert article.lead_image_alt == ALT_TEXT

    # A reader, not logged in, finds it on the home page and opens it.
    reader_context = browser.new_context()
    try:
        reader = reader_context.new_page()
        reader.goto(f"{live_server.url}/")
        reader.get_by_role("link", name=TITLE).first.click()
        expect(reader).to_have_url(re.compile(rf"/articles/{article.slug}/$"))
        expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(reader.locator(".article__standfirst")).to_have_text(STANDFIRST)
        expect(reader.locator(".article__body strong")).to_have_text(BOLD_TEXT)
        image = reader.get_by_role("img", name=ALT_TEXT)
        expect(image).to_be_visible()
        # The file itself loaded, not just the element.
        assert image.evaluate("img => img.complete && img.naturalWidth") > 0
        expect(reader.locator(".article__image figcaption")).to_contain_text("Network photo desk")
    finally:
        reader_context.close()
