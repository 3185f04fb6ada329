"""Two editors in two browsers open the same article; A saves, then B saves.

B must see that A saved in between and what A changed, and B's own typing must still be
in the form, so nothing is lost and nothing is overwritten silently.
"""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, user_with_role

PASSWORD = "correct horse battery staple"


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_two_editors_conflict_and_nothing_is_lost(live_server, browser):
    user_with_role("Editor", "alice")
    user_with_role("Editor", "bruno")
    article = ArticleFactory(title="Port strike: the facts", body="<p>First draft.</p>")
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    alice = browser.new_context().new_page()
    bruno = browser.new_context().new_page()
    log_in(alice, live_server.url, "alice")
    log_in(bruno, live_server.url, "bruno")
    alice.goto(change_url)
    bruno.goto(change_url)

    alice.locator("#id_title").fill("Port strike: the facts, updated")
    alice.locator("input[name=_continue]").click()
    expect(alice.locator(".messagelist .success")).to_be_visible()

    editor = bruno.locator(".prose-editor [contenteditable=true]")
    editor.click()
    editor.press("End")
    editor.press_sequentially(" Bruno's long paragraph about the ballot result.")
    bruno.locator("input[name=_continue]").click()

    conflict = bruno.locator(".conflict")
    expect(conflict).to_contain_text("alice saved this item")
    expect(conflict).to_contain_text("Port strike: the facts, updated")
    expect(bruno.locator(".prose-editor [contenteditable=true]")).to_contain_text(
        "Bruno's long paragraph about the ballot result."
    )
    article.refresh_from_db()
    assert article.title == "Port strike: the facts, updated"
    assert "Bruno" not in article.body

    # Bruno saves again knowingly: his text wins, with the title as his form had it.
    bruno.locator("input[name=_continue]").click()
    expect(bruno.locator(".messagelist .success")).to_be_visible()
    assert "Bruno's long paragraph" in Article.objects.get(pk=article.pk).body
