"""The admin's edit forms in a real browser (issue 12, items 6 and 9): a body editor tall
enough to write in and named for screen readers, a wide title, the lead image's
thumbnail, bylines put in order by keyboard and by dragging, the editor's note only in
review, labelled date and time inputs, an author's first save submitting for review, and
unsaved text kept in the browser and offered back after the page was closed.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from articles.models import Article, Byline
from publishing.models import AuditEntry, Publishable
from tests.e2e.conftest import describe_violations
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    jpeg_bytes,
    user_with_role,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
SCREEN = {"width": 1280, "height": 800}
EDITABLE = ".prose-editor [contenteditable=true]"


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_be_visible()


@pytest.fixture
def editor_page(live_server, browser):
    user_with_role("Editor", "editor")
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    log_in(page, live_server.url, "editor")
    yield page
    context.close()


def change_url(base, obj):
    return f"{base}/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def wait_for_editor(page):
    expect(page.locator(EDITABLE)).to_be_visible()


def bylines(article):
    return [b.author.name for b in Byline.objects.filter(article=article).order_by("order", "pk")]


# The body editor, the title, the lead image ------------------------------------------------


def test_the_body_editor_is_tall_named_and_its_icons_render(live_server, editor_page):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    wait_for_editor(page)

    editor = page.get_by_role("textbox", name="Body")
    expect(editor).to_be_visible()
    height = editor.evaluate("node => node.getBoundingClientRect().height")
    assert height >= 400, f"the body editor is {height}px tall"

    # Every toolbar button shows its glyph: a missing icon font would leave the ligature's
    # name ("format_list_bulleted") as wide text.
    widths = page.locator(".prose-menubar__button").evaluate_all(
        "buttons => buttons.filter(b => !b.classList.contains('hidden'))"
        ".map(b => [b.getAttribute('aria-label'), b.getBoundingClientRect().width])"
    )
    assert widths and all(width < 40 for _name, width in widths), widths
    assert page.evaluate("document.fonts.check('24px \"Material Icons\"')")
    # The block-type menu's arrow is our own SVG, painted whatever the fonts.
    arrow = page.locator(".prose-menubar__selected").evaluate(
        """node => {
            const style = getComputedStyle(node, '::after');
            return {mask: style.maskImage || style.webkitMaskImage, width: style.width,
                    content: style.content};
        }"""
    )
    assert arrow["mask"].startswith('url("data:image/svg+xml'), arrow
    assert arrow["width"] == "10px" and arrow["content"] == '""', arrow

    # A click on the label puts the cursor in the editor.
    page.locator("label[for=id_body]").click()
    expect(editor).to_be_focused()

    title = page.locator("#id_title").bounding_box()
    column = page.locator(".form-row.field-title").bounding_box()
    assert title["width"] >= 600, f"the title box is {title['width']}px wide"
    assert column["x"] + column["width"] - (title["x"] + title["width"]) < 40


def test_the_chosen_lead_image_shows_a_thumbnail(live_server, editor_page):
    quay = ImageFactory(
        title="Vote on the quay",
        file=ContentFile(jpeg_bytes(width=900, height=600, color=(30, 90, 160)), name="q.jpg"),
    )
    ImageFactory(
        title="Picket at dawn",
        file=ContentFile(jpeg_bytes(width=900, height=600, color=(160, 40, 40)), name="p.jpg"),
    )
    article = ArticleFactory(lead_image=quay, lead_image_alt="Dockers voting")
    page = editor_page
    page.goto(change_url(live_server.url, article))

    thumbnail = page.locator("img.image-chooser__thumbnail")
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_attribute("alt", "Chosen image: Vote on the quay")
    assert "/renditions/" in thumbnail.get_attribute("src")  # a small rendition, not the file
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") > 0
    first = thumbnail.get_attribute("src")

    # Another image chosen in the autocomplete: the thumbnail follows.
    page.locator("#id_lead_image + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Picket")
    page.locator(".select2-results__option", has_text="Picket at dawn").click()
    expect(thumbnail).to_have_attribute("alt", "Chosen image: Picket at dawn")
    assert thumbnail.get_attribute("src") != first
    expect(thumbnail).to_be_visible()


# Bylines in order ---------------------------------------------------------------------------


def test_bylines_are_reordered_from_the_keyboard_and_saved_in_that_order(live_server, editor_page):
    names = ["Maria Kowalczyk", "Sam Okafor", "Lina Haddad"]
    article = ArticleFactory(authors=[AuthorFactory(name=name) for name in names])
    Byline.objects.filter(article=article).update(order=0)  # as typed before: all zero
    page = editor_page
    page.goto(change_url(live_server.url, article))
    expect(page.locator("#bylines-group .ordered-inline__move").first).to_be_visible()
    expect(page.get_by_role("button", name="Move Maria Kowalczyk up")).to_be_disabled()

    # From the row above, Tab reaches the button; pressed twice, Lina goes to the top.
    page.locator("#id_bylines-1-DELETE").focus()
    page.keyboard.press("Tab")
    up = page.get_by_role("button", name="Move Lina Haddad up")
    expect(up).to_be_focused()
    page.keyboard.press("Enter")
    status = page.locator("#bylines-group [role=status]")
    expect(status).to_have_text("Lina Haddad is now at place 2 of 3.")
    page.keyboard.press("Enter")
    expect(status).to_have_text("Lina Haddad is now at place 1 of 3.")
    # At the top, "up" is disabled and the keyboard stays on the row's "down" button.
    expect(up).to_be_disabled()
    expect(page.get_by_role("button", name="Move Lina Haddad down")).to_be_focused()
    page.keyboard.press("Space")
    expect(status).to_have_text("Lina Haddad is now at place 2 of 3.")

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert bylines(article) == ["Maria Kowalczyk", "Lina Haddad", "Sam Okafor"]
    # The page shows them in the saved order.
    shown = page.locator("#bylines-group tr.form-row:not(.empty-form) select option:checked")
    expect(shown).to_have_text(["Maria Kowalczyk", "Lina Haddad", "Sam Okafor"])


def drag(page, handle, target, below=True):
    """Drag `handle` with the mouse to just below (or above) the middle of `target`."""
    handle.scroll_into_view_if_needed()
    target.scroll_into_view_if_needed()
    start = handle.bounding_box()
    box = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    y = box["y"] + box["height"] * (0.9 if below else 0.1)
    page.mouse.move(start["x"] + start["width"] / 2, y, steps=12)
    page.mouse.up()


def test_bylines_are_reordered_by_dragging_and_a_new_one_goes_last(live_server, editor_page):
    names = ["Maria Kowalczyk", "Sam Okafor", "Lina Haddad"]
    article = ArticleFactory(authors=[AuthorFactory(name=name) for name in names])
    AuthorFactory(name="Joe Newcomer")
    page = editor_page
    page.goto(change_url(live_server.url, article))
    rows = page.locator("#bylines-group tr.form-row:not(.empty-form)")
    expect(rows.locator(".ordered-inline__handle")).to_have_count(3)

    # Maria's row, dragged by its handle below Lina's.
    drag(page, rows.nth(0).locator(".ordered-inline__handle"), rows.nth(2))
    expect(rows.locator("select option:checked")).to_have_text(
        ["Sam Okafor", "Lina Haddad", "Maria Kowalczyk"]
    )

    # A new byline is added at the end and keeps its place.
    page.get_by_role("button", name="Add another Author").click()
    new_row = rows.nth(3)
    new_row.locator(".select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Joe")
    page.locator(".select2-results__option", has_text="Joe Newcomer").click()

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert bylines(article) == ["Sam Okafor", "Lina Haddad", "Maria Kowalczyk", "Joe Newcomer"]


# The editor's note, labels, accessibility -----------------------------------------------------


def test_the_editors_note_shows_only_while_in_review(live_server, editor_page):
    author = user_with_role("Author", "writer")
    published = ArticleFactory(title="Already out")
    waiting = ArticleFactory(
        title="Please publish", draft=True, created_by=author, review_state="submitted"
    )
    page = editor_page

    page.goto(change_url(live_server.url, published))
    wait_for_editor(page)
    expect(page.get_by_label("Note from the editor")).to_have_count(0)

    page.goto(change_url(live_server.url, waiting))
    note = page.get_by_label("Note from the editor")
    expect(note).to_be_visible()
    assert note.bounding_box()["height"] < 90  # a few lines, not a large box
    note.fill("Please add a source for the figures.")
    page.get_by_role("button", name="Send back to the author with the note below").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.review_state == Publishable.Review.SENT_BACK

    # Sent back, the note is shown above the form, not as a field.
    page.goto(change_url(live_server.url, waiting))
    expect(page.locator(".review-note")).to_contain_text("Please add a source for the figures.")
    expect(page.get_by_label("Note from the editor")).to_have_count(0)


@pytest.mark.parametrize("which", ["article-add", "article-change", "statement-add", "event-add"])
def test_edit_forms_pass_axe_with_labelled_date_and_time_inputs(
    live_server, editor_page, run_axe, which
):
    page = editor_page
    article = ArticleFactory(
        authors=[AuthorFactory(name="Maria Kowalczyk"), AuthorFactory(name="Sam Okafor")],
        lead_image=ImageFactory(title="Quay"),
        lead_image_alt="Dockers voting",
    )
    urls = {
        "article-add": "/admin/articles/article/add/",
        "article-change": f"/admin/articles/article/{article.pk}/change/",
        "statement-add": "/admin/statements/statement/add/",
        "event-add": "/admin/events/event/add/",
    }
    page.goto(live_server.url + urls[which])
    wait_for_editor(page)
    expect(page.get_by_role("textbox", name="Publish date")).to_be_visible()
    expect(page.get_by_role("textbox", name="Publish time")).to_be_visible()
    if which == "event-add":
        for name in ("Start date", "Start time", "End date", "End time"):
            expect(page.get_by_role("textbox", name=name)).to_be_visible()
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # the admin's own scripts (autocomplete) are set up
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


# An author's first save ----------------------------------------------------------------------


def test_an_author_submits_a_new_article_for_review_on_its_first_save(live_server, browser):
    author = user_with_role("Author", "writer")
    author.first_name, author.last_name = "Rosa", "Ferreira"
    author.save()
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    log_in(page, live_server.url, "writer")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_title").fill("Night shift ballot opens")
    page.get_by_role("textbox", name="Body").click()
    page.keyboard.type("Members vote from Monday.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    article = Article.objects.get(title="Night shift ballot opens")
    assert article.status == Publishable.Status.DRAFT
    assert article.review_state == Publishable.Review.SUBMITTED
    assert "Members vote from Monday." in article.body
    assert AuditEntry.objects.filter(object_id=article.pk, user=author).get().action == (
        AuditEntry.Action.SUBMITTED
    )
    # The byline carries the author's name, not their login.
    assert [a.name for a in article.byline_authors()] == ["Rosa Ferreira"]
    context.close()


# Nothing typed is lost -------------------------------------------------------------------------


def type_unsaved_changes(page):
    page.locator("#id_title").fill("Harbour vote: the full result")
    editor = page.locator(EDITABLE)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Turnout was 87 per cent.")
    # The copy is written shortly after typing stops.
    page.wait_for_function(
        "() => Object.keys(localStorage).some(k => k.startsWith('placard:unsaved:'))"
    )


def test_unsaved_changes_come_back_after_the_tab_was_closed(live_server, browser):
    user_with_role("Editor", "editor")
    article = ArticleFactory(title="Harbour vote", body="<p>The count is under way.</p>")
    url = change_url(live_server.url, article)
    first = browser.new_context(viewport=SCREEN)
    page = first.new_page()
    log_in(page, live_server.url, "editor")
    page.goto(url)
    wait_for_editor(page)
    type_unsaved_changes(page)
    state = first.storage_state()  # the browser's cookies and storage, as on disk
    first.close()  # the tab is closed (or the browser crashed) without saving

    article.refresh_from_db()
    assert article.title == "Harbour vote"  # nothing went to the server
    second = browser.new_context(viewport=SCREEN, storage_state=state)
    page = second.new_page()
    page.goto(url)
    offer = page.locator(".autosave-offer")
    expect(offer).to_contain_text(re.compile(r"Restore unsaved changes from \d{1,2}:\d{2}"))
    wait_for_editor(page)
    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_title")).to_have_value("Harbour vote: the full result")
    expect(page.locator(EDITABLE)).to_contain_text("Turnout was 87 per cent.")
    expect(offer).to_contain_text("Your unsaved changes are back in the form.")

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.title == "Harbour vote: the full result"
    assert "Turnout was 87 per cent." in article.body
    # Saved: the copy is gone and not offered again.
    page.reload()
    wait_for_editor(page)
    expect(page.locator(".autosave-offer")).to_have_count(0)
    assert (
        page.evaluate(
            "() => Object.keys(localStorage).filter(k => k.startsWith('placard:unsaved:'))"
        )
        == []
    )
    second.close()


def stored_copies(page):
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('placard:unsaved:'))"
        ".map(k => localStorage.getItem(k))"
    )


def test_a_copy_older_than_the_saved_item_is_offered_as_older(live_server, editor_page):
    article = ArticleFactory(title="Harbour vote", body="<p>The count is under way.</p>")
    page = editor_page
    page.goto(change_url(live_server.url, article))
    wait_for_editor(page)
    type_unsaved_changes(page)

    # Someone else saves the article meanwhile: the copy was made from an older version.
    article.refresh_from_db()
    article.standfirst = "The count is over."
    article.save()
    page.reload()
    wait_for_editor(page)
    expect(page.locator("#id_standfirst")).to_have_value("The count is over.")
    offer = page.locator(".autosave-offer")
    expect(offer).to_contain_text(
        re.compile(
            r"Restore unsaved changes from \d{1,2}:\d{2}\? "
            r"They are older than the version saved at \d{1,2}:\d{2}\."
        )
    )
    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_title")).to_have_value("Harbour vote: the full result")
    expect(page.locator(EDITABLE)).to_contain_text("Turnout was 87 per cent.")
    # Only the copy's own changes came back: the other person's change stays.
    expect(page.locator("#id_standfirst")).to_have_value("The count is over.")

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.title == "Harbour vote: the full result"
    assert "Turnout was 87 per cent." in article.body
    assert article.standfirst == "The count is over."


def test_an_older_copy_can_be_discarded(live_server, editor_page):
    article = ArticleFactory(title="Harbour vote", body="<p>The count is under way.</p>")
    page = editor_page
    page.goto(change_url(live_server.url, article))
    wait_for_editor(page)
    type_unsaved_changes(page)
    article.refresh_from_db()
    article.standfirst = "The count is over."
    article.save()

    page.reload()
    wait_for_editor(page)
    expect(page.locator(".autosave-offer")).to_contain_text("older than the version saved")
    page.get_by_role("button", name="Discard").click()
    expect(page.locator(".autosave-offer")).to_contain_text("The unsaved changes were discarded.")
    expect(page.locator("#id_title")).to_have_value("Harbour vote")
    assert stored_copies(page) == []
    page.reload()
    wait_for_editor(page)
    page.wait_for_timeout(300)
    expect(page.locator(".autosave-offer")).to_have_count(0)


def test_an_older_copy_that_is_saved_already_is_dropped_without_asking(live_server, editor_page):
    article = ArticleFactory(title="Harbour vote", body="<p>The count is under way.</p>")
    page = editor_page
    page.goto(change_url(live_server.url, article))
    wait_for_editor(page)
    page.locator("#id_title").fill("Harbour vote: the full result")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.includes('/change/'))")

    # The same change, saved from another tab.
    article.refresh_from_db()
    article.title = "Harbour vote: the full result"
    article.save()
    page.reload()
    wait_for_editor(page)
    page.wait_for_timeout(300)
    expect(page.locator(".autosave-offer")).to_have_count(0)
    assert stored_copies(page) == []


def test_text_typed_while_the_offer_is_shown_is_kept_too(live_server, browser):
    user_with_role("Editor", "editor")
    article = ArticleFactory(title="Harbour vote", body="<p>The count is under way.</p>")
    url = change_url(live_server.url, article)
    first = browser.new_context(viewport=SCREEN)
    page = first.new_page()
    log_in(page, live_server.url, "editor")
    page.goto(url)
    wait_for_editor(page)
    type_unsaved_changes(page)
    state = first.storage_state()
    first.close()

    # The tab comes back with the offer; the editor types elsewhere before answering it.
    second = browser.new_context(viewport=SCREEN, storage_state=state)
    page = second.new_page()
    page.goto(url)
    wait_for_editor(page)
    expect(page.locator(".autosave-offer")).to_be_visible()
    page.locator("#id_standfirst").fill("Typed while the offer was on screen.")
    page.wait_for_function(
        "() => Object.values(localStorage).some(v => v.includes('Typed while the offer'))"
    )
    state = second.storage_state()  # the browser crashes again before an answer...

    # ... or the editor restores: the copy comes back and what was just typed stays.
    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_title")).to_have_value("Harbour vote: the full result")
    expect(page.locator("#id_standfirst")).to_have_value("Typed while the offer was on screen.")
    second.close()

    third = browser.new_context(viewport=SCREEN, storage_state=state)
    page = third.new_page()
    page.goto(url)
    wait_for_editor(page)
    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_title")).to_have_value("Harbour vote: the full result")
    expect(page.locator(EDITABLE)).to_contain_text("Turnout was 87 per cent.")
    expect(page.locator("#id_standfirst")).to_have_value("Typed while the offer was on screen.")
    third.close()


def test_unsaved_changes_survive_an_expired_session(live_server, browser):
    user_with_role("Editor", "editor")
    article = ArticleFactory(title="Harbour vote", body="<p>The count is under way.</p>")
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    log_in(page, live_server.url, "editor")
    page.goto(change_url(live_server.url, article))
    wait_for_editor(page)
    type_unsaved_changes(page)

    Session.objects.all().delete()  # the session expires while the editor types
    page.locator("input[name=_save]").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Back on the form after logging in, the typed text is offered back.
    expect(page).to_have_url(re.compile(rf"/article/{article.pk}/change/"))
    wait_for_editor(page)
    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_title")).to_have_value("Harbour vote: the full result")
    expect(page.locator(EDITABLE)).to_contain_text("Turnout was 87 per cent.")
    context.close()


def test_a_new_items_copy_is_dropped_once_it_is_saved(live_server, editor_page):
    AuthorFactory(name="Maria Kowalczyk")
    page = editor_page
    add = f"{live_server.url}/admin/articles/article/add/"
    page.goto(add)
    wait_for_editor(page)
    page.locator("#id_title").fill("Port strike diary")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.endsWith('/article/add/'))")
    page.reload()
    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_title")).to_have_value("Port strike diary")
    page.locator("#id_bylines-0-author + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Maria")
    page.locator(".select2-results__option", has_text="Maria Kowalczyk").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Article.objects.filter(title="Port strike diary").exists()

    page.goto(add)
    wait_for_editor(page)
    page.wait_for_timeout(300)
    expect(page.locator(".autosave-offer")).to_have_count(0)
    expect(page.locator("#id_title")).to_have_value("")
