"""The admin home page: every link on it answers for every role, every panel of the
dashboard has something to show here, one list of activity, and no library's name as a
heading."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from publishing.dashboard import PER_LIST
from publishing.models import AuditEntry, record
from tests.events.factories import EventFactory
from tests.factories import (
    ArticleFactory,
    EndorsementFactory,
    StatementFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ROLES = ["Author", "Editor", "Administrator"]
LINK = re.compile(r'<a [^>]*href="([^"#][^"]*)"')
PANEL = re.compile(
    r'<section class="module dashboard-panel[^"]*">\s*<h2>([^<]+)</h2>(.*?)</section>', re.S
)


@pytest.fixture
def accounts():
    """One account per role, each with work in every state, and what editors moderate."""
    users = {role: user_with_role(role) for role in ROLES}
    for user in users.values():
        ArticleFactory(title=f"Draft of {user.username}", draft=True, created_by=user)
        ArticleFactory(title=f"Scheduled by {user.username}", scheduled=True, created_by=user)
        ArticleFactory(title=f"Published by {user.username}", created_by=user)
        StatementFactory(
            title=f"Sent back to {user.username}",
            draft=True,
            created_by=user,
            review_state="sent_back",
            review_note="Please add the place of adoption.",
        )
        EventFactory(
            title=f"Submitted by {user.username}",
            draft=True,
            created_by=user,
            review_state="submitted",
        )
    EndorsementFactory(statement=StatementFactory(moderated=True), status="confirmed")
    editor = users["Editor"]
    record(editor, AuditEntry.Action.PUBLISHED, Article.objects.filter(status="published")[0])
    gone = ArticleFactory(title="Deleted since")
    record(editor, AuditEntry.Action.DELETED, gone)
    gone.delete()
    return users


def admin_home(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_the_admin_home_page_answers(client, accounts, role):
    html = admin_home(client, accounts[role])
    panels = dict(PANEL.findall(html))
    expected = {"Waiting for review", "Sent back to me", "My drafts", "Scheduled"}
    expected |= {"Recently published"}
    if role != "Author":
        expected |= {"Endorsements awaiting moderation", "Recent activity"}
    assert set(panels) == expected
    empty = [title for title, body in panels.items() if "<a " not in body]
    assert empty == [], "every panel shows links with this content"
    links = sorted(set(LINK.findall(html)))
    assert len(links) > 20
    failures = {}
    for url in links:
        if url.startswith(("mailto:", "http")):
            continue
        response = client.get(url.replace("&amp;", "&"), follow=True)
        if response.status_code != 200:
            failures[url] = response.status_code
    assert failures == {}


def test_the_moderation_notice_lists_what_waits(client, accounts):
    html = admin_home(client, accounts["Editor"])
    (url,) = re.findall(r'<a href="([^"]+)">1 endorsement to approve or reject</a>', html)
    page = client.get(url.replace("&amp;", "&"))
    assert page.status_code == 200
    assert "Signer" in page.content.decode() and "1 endorsement" in page.content.decode()


def test_one_activity_list_the_audit_log(client, accounts):
    html = admin_home(client, accounts["Editor"])
    assert "Recent actions" not in html and "recent-actions-module" not in html
    activity = dict(PANEL.findall(html))["Recent activity"]
    assert "Deleted since" in activity and 'href="/admin/articles/article/' in activity
    assert 'href="/admin/publishing/auditentry/"' in activity
    # A deleted item is named, not linked.
    assert re.search(r"deleted Deleted since", activity)
    assert "Recent activity" not in admin_home(client, accounts["Author"])


def test_no_library_is_named_as_a_heading(client):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    html = admin_home(client, superuser)
    headings = re.findall(r'class="section"[^>]*>([^<]+)</a>', html)
    assert "Tags" in headings
    for name in ("Taggit", "Axes", "Tasks Database Backend", "Django_Tasks_Db"):
        assert name not in headings


def home_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/admin/").status_code == 200
    return len(captured)


def test_the_admin_home_page_takes_at_most_ten_queries_however_much_there_is(client, accounts):
    client.force_login(accounts["Editor"])
    client.get("/admin/")
    before = home_queries(client)
    for user in accounts.values():
        for _ in range(PER_LIST):
            ArticleFactory(draft=True, created_by=user, review_state="submitted")
            StatementFactory(scheduled=True, created_by=user)
            record(user, AuditEntry.Action.PUBLISHED, EventFactory(created_by=user))
    assert home_queries(client) == before <= 10


def test_each_list_merges_the_types_newest_first_with_who_wrote_them(client):
    editor = user_with_role("Editor")
    editor.first_name, editor.last_name = "Priya", "Raman"
    editor.save()
    now = timezone.now()
    for hours in range(1, PER_LIST + 3):
        ArticleFactory(title=f"{hours}h ago", publish_at=now - timedelta(hours=hours))
    StatementFactory(title="Just now", publish_at=now - timedelta(minutes=5), created_by=editor)
    recent = dict(PANEL.findall(admin_home(client, editor)))["Recently published"]
    titles = re.findall(r'<a href="[^"]+">([^<]+)</a>', recent)
    assert titles == ["Just now", *(f"{hours}h ago" for hours in range(1, PER_LIST))]
    assert re.search(r">Just now</a> <span class=\"meta\">statement · [^<]* · Priya Raman<", recent)
