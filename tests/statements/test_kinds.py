"""Statement kinds: an editable list; a statement's kind labels it on its page, on cards,
in the feeds and in its JSON-LD, and is set in bulk from the statement list."""

import re

import extruct
import feedparser
import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Statement, StatementKind
from tests.factories import StatementFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds():
    return {
        name: StatementKind.objects.create(name=name, order=order)
        for order, name in enumerate(["Political statement", "Declaration", "Open letter"])
    }


@pytest.fixture
def editor_client(client):
    client.force_login(user_with_role("Editor"))
    return client


def labels(html):
    """The small label above each card's or page's title."""
    return re.findall(r'class="(?:card__section|article__section)">(?:<a [^>]+>)?([^<]+)<', html)


def test_the_kind_labels_the_statement_everywhere_readers_meet_it(client, kinds):
    letter = StatementFactory(title="Letter to the minister", kind=kinds["Open letter"])
    StatementFactory(title="Plain statement")
    page = client.get(letter.get_absolute_url()).content.decode()
    assert labels(page) == ["Open letter"]
    found = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    (data,) = [block for block in found if block["@type"] != "BreadcrumbList"]
    assert data["genre"] == "Open letter"
    listing = client.get("/statements/").content.decode()
    assert labels(listing) == ["Statement", "Open letter"]
    home = client.get("/").content.decode()
    assert "Open letter" in home
    for url in ("/statements/feed.rss", "/statements/feed.atom"):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo
        categories = {entry.title: [tag.term for tag in entry.tags] for entry in feed.entries}
        assert categories == {
            "Letter to the minister": ["Open letter"],
            "Plain statement": ["Statement"],
        }


def test_without_a_kind_it_is_a_statement(client):
    statement = StatementFactory()
    page = client.get(statement.get_absolute_url()).content.decode()
    assert labels(page) == ["Statement"]
    found = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    (data,) = [block for block in found if block["@type"] != "BreadcrumbList"]
    assert data["genre"] == "Statement"


def test_renaming_a_kind_reaches_readers_at_once(client, kinds, settings):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = True
    statement = StatementFactory(kind=kinds["Declaration"])
    assert labels(client.get(statement.get_absolute_url()).content.decode()) == ["Declaration"]
    kinds["Declaration"].name = "Joint declaration"
    kinds["Declaration"].save()
    page = client.get(statement.get_absolute_url()).content.decode()
    assert labels(page) == ["Joint declaration"]
    kinds["Declaration"].delete()
    assert labels(client.get(statement.get_absolute_url()).content.decode()) == ["Statement"]


def test_the_statement_list_reads_kinds_without_a_query_each(client, kinds, settings):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = False

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/statements/")
        return len(captured)

    StatementFactory(kind=kinds["Declaration"])
    client.get("/statements/")
    few = queries()
    for kind in kinds.values():
        StatementFactory.create_batch(3, kind=kind)
    client.get("/statements/")
    assert queries() == few


def test_search_results_show_the_kind_without_a_query_each(client, kinds, settings):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = False

    def search():
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/search/", {"q": "harbour"}).content.decode()
        return labels(html), len(captured)

    StatementFactory(title="Harbour letter", kind=kinds["Open letter"], section=None)
    StatementFactory(title="Harbour statement", section=None)
    search()  # site settings cached
    found, few = search()
    assert sorted(found) == ["Open letter", "Statement"]
    for kind in kinds.values():
        StatementFactory.create_batch(2, title=f"Harbour {kind.name}", kind=kind, section=None)
    search()  # what the new content version caches
    found, more = search()
    assert sorted(found) == sorted(["Open letter", "Statement", *[*kinds] * 2])
    assert more == few


def test_editors_keep_the_list_of_kinds(editor_client, kinds):
    page = editor_client.get("/admin/statements/statementkind/").content.decode()
    assert all(name in page for name in kinds)
    response = editor_client.post(
        "/admin/statements/statementkind/add/", {"name": "Conclusions", "order": "4"}
    )
    assert response.status_code == 302
    assert StatementKind.objects.filter(name="Conclusions").exists()
    response = editor_client.post(
        "/admin/statements/statementkind/add/", {"name": "Open letter", "order": "5"}
    )
    assert response.status_code == 200 and "already exists" in response.content.decode()
    assert StatementKind.objects.filter(name="Open letter").count() == 1


def set_kind(client, statements, **extra):
    data = {"action": "set_kind", "_selected_action": [s.pk for s in statements], **extra}
    return client.post("/admin/statements/statement/", data)


def test_set_kind_asks_which_then_sets_it(editor_client, kinds):
    first, second, other = StatementFactory.create_batch(3)
    page = set_kind(editor_client, [first, second], index=0)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Set the kind of 2 statements" in html
    assert all(name in html for name in kinds) and "No kind" in html
    assert not Statement.objects.filter(kind__isnull=False).exists()  # asking stores nothing
    response = set_kind(
        editor_client, [first, second], apply="Set kind", kind=str(kinds["Declaration"].pk)
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 statements are now: Declaration."
    ]
    assert {s.kind for s in Statement.objects.filter(pk__in=[first.pk, second.pk])} == {
        kinds["Declaration"]
    }
    assert Statement.objects.get(pk=other.pk).kind is None
    set_kind(editor_client, [first], apply="Set kind", kind="none")
    assert Statement.objects.get(pk=first.pk).kind is None


@pytest.mark.parametrize("value", [None, "", "99999", "not-a-kind"])
def test_set_kind_refuses_what_is_not_a_kind_and_stores_nothing(editor_client, kinds, value):
    statement = StatementFactory(kind=kinds["Open letter"])
    extra = {"apply": "Set kind"} if value is None else {"apply": "Set kind", "kind": value}
    response = set_kind(editor_client, [statement], **extra)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was changed." in html
    assert "Choose a kind" in html or "Select a valid choice" in html
    assert Statement.objects.get(pk=statement.pk).kind == kinds["Open letter"]


def test_authors_set_kinds_only_on_what_they_may_change(client, kinds):
    author = user_with_role("Author")
    client.force_login(author)
    draft = StatementFactory(draft=True, created_by=author)
    published = StatementFactory(created_by=author)
    someone_elses = StatementFactory(draft=True, created_by=UserFactory())
    response = set_kind(
        client,
        [draft, published, someone_elses],
        apply="Set kind",
        kind=str(kinds["Declaration"].pk),
    )
    assert response.status_code == 302
    assert Statement.objects.get(pk=draft.pk).kind == kinds["Declaration"]
    assert Statement.objects.get(pk=published.pk).kind is None
    assert Statement.objects.get(pk=someone_elses.pk).kind is None
