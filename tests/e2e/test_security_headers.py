"""The Content-Security-Policy and Permissions-Policy in a real browser: readers' pages and
the admin's editor load with no violation and no console message at all.

`securitypolicyviolation` events are collected by a script Playwright injects before any
page script (injected scripts are not subject to the page's policy); console messages
catch what Chromium reports on its own, such as a Permissions-Policy feature it does not
know.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from publishing.models import SiteSettings, SocialLink
from tests.events.factories import EventFactory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EndorsementFactory,
    ImageFactory,
    SectionFactory,
    StatementFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
        `(${event.sourceFile}:${event.lineNumber})`
    );
});
"""


@pytest.fixture
def watch(browser):
    """`watch()` → a page in a fresh browser context (no HTTP cache, no cookies) whose
    console messages and policy violations are recorded."""
    contexts = []

    def new_page():
        context = browser.new_context()
        contexts.append(context)
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        page.messages = []
        page.on(
            "console",
            lambda message: page.messages.append(
                f"{message.type}: {message.text} {message.location}"
            ),
        )
        page.on("pageerror", lambda error: page.messages.append(f"pageerror: {error}"))
        return page

    yield new_page
    for context in contexts:
        context.close()


def problems(page):
    # Every console message counts, a missing favicon's 404 included.
    return page.messages + page.evaluate("window.__violations || []")


def open_and_check(page, url, cached=False):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, url
    assert response.headers.get("x-page-cache") == ("hit" if cached else "miss"), url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    return problems(page)


@pytest.mark.django_db(transaction=True)
def test_public_pages_load_without_a_policy_violation(live_server, watch):
    site = SiteSettings.objects.create(name="Harbourside Network", logo=ImageFactory())
    SocialLink.objects.create(site=site, label="Mastodon", url="https://social.example/@dock")
    article = ArticleFactory(
        title="Dockers win their pay claim",
        section=SectionFactory(name="News"),
        lead_image=ImageFactory(),
        lead_image_alt="Dockers on the quay",
        body='<p>Read <a href="https://union.example/report">the report</a>.</p>',
    )
    statement = StatementFactory(title="No to the closure of the port")
    EndorsementFactory(statement=statement)
    event = EventFactory(hybrid=True, registration_url="https://tickets.example/meeting")

    urls = [
        "/",
        article.get_absolute_url(),
        statement.get_absolute_url(),
        event.get_absolute_url(),
        "/search/?q=dockers",
    ]
    found = {}
    page = watch()
    for url in urls:
        found[url] = open_and_check(page, f"{live_server.url}{url}")
        if url == statement.get_absolute_url():
            expect(page.locator("form.endorse-form")).to_be_visible()
            # JSON-LD is data: present, and the policy says nothing about it.
            assert page.locator('script[type="application/ld+json"]').count() >= 1
        page.messages.clear()
    # The same pages for another reader, now from the page cache, with the same headers.
    page = watch()
    for url in urls:
        found[f"{url} (cached)"] = open_and_check(page, f"{live_server.url}{url}", cached=True)
        page.messages.clear()
    assert {url: messages for url, messages in found.items() if messages} == {}


@pytest.mark.django_db(transaction=True)
def test_the_admin_login_and_the_rich_text_editor_work_under_the_admin_policy(live_server, watch):
    UserFactory(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    AuthorFactory(name="Maria Kowalczyk")
    page = watch()

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/articles/article/add/$"))
    page.wait_for_load_state("networkidle")

    # The editor's modules load through its import map and it takes typing and shortcuts.
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    editor.press_sequentially("Members met at ")
    editor.press("Control+b")
    editor.press_sequentially("dawn")
    editor.press("Control+b")
    expect(editor.locator("strong")).to_have_text("dawn")

    page.locator("#id_title").fill("Night-shift vote")
    page.locator("#id_standfirst").fill("The vote was unanimous.")
    page.locator("#id_bylines-0-author + .select2").click()  # autocomplete, admin's own JS
    page.locator(".select2-container--open .select2-search__field").fill("Maria")
    page.locator(".select2-results__option", has_text="Maria Kowalczyk").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Night-shift vote")
    assert "<strong>dawn</strong>" in Article.objects.get(title="Night-shift vote").body
    assert problems(page) == []
