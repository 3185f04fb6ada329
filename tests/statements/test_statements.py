"""Statements on every public entry point; query counts of their pages."""

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Endorsement
from tests.factories import EndorsementFactory, StatementFactory
from tests.support.sitemaps import sitemap_addresses

pytestmark = pytest.mark.django_db

ENTRY_POINTS = [
    "/",
    "/statements/",
    "/statements/feed.rss",
    "/statements/feed.atom",
]


def test_published_statement_is_on_every_entry_point(client):
    statement = StatementFactory()
    assert client.get(statement.get_absolute_url()).status_code == 200
    for url in ENTRY_POINTS:
        assert statement.get_absolute_url() in client.get(url).content.decode(), url
    assert f"http://testserver{statement.get_absolute_url()}" in sitemap_addresses(client)
    feed = feedparser.parse(client.get("/statements/feed.atom").content)
    assert not feed.bozo
    assert feed.entries[0].title == statement.title
    assert feed.entries[0].get("updated_parsed")


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_statement_is_on_no_entry_point(client, state):
    statement = StatementFactory(**{state: True})
    EndorsementFactory(statement=statement)
    assert client.get(statement.get_absolute_url()).status_code == 404
    assert client.get(f"/statements/{statement.slug}/signatories/").status_code == 404
    for url in ENTRY_POINTS:
        assert statement.get_absolute_url() not in client.get(url).content.decode(), url
    assert f"http://testserver{statement.get_absolute_url()}" not in sitemap_addresses(client)


def test_sitemap_lists_published_statements_only(client):
    shown = StatementFactory()
    StatementFactory(draft=True)
    statements = {url for url in sitemap_addresses(client) if "/statements/" in url} - {
        "http://testserver/statements/"
    }
    assert statements == {f"http://testserver{shown.get_absolute_url()}"}


def test_statement_list_empty_state(client):
    assert "No statements have been published yet." in client.get("/statements/").content.decode()


def count_queries(client, url):
    client.get(url)  # warm the site settings cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["{url}", "/statements/{slug}/signatories/"])
def test_query_counts_are_flat_in_the_number_of_signatories(client, page, settings):
    settings.PLACARD_PAGE_CACHE = False
    counts = []
    for signatories in (1, 200):
        statement = StatementFactory(moderated=True, goal=500)
        Endorsement.objects.bulk_create(
            [
                Endorsement(
                    statement=statement,
                    kind="organisation" if index % 3 == 0 else "individual",
                    name=f"Signer {index}",
                    email=f"s{index}@example.org",
                    country="PL",
                    comment="Solidarity",
                    consent_listed=True,
                    status="approved",
                )
                for index in range(signatories)
            ]
        )
        url = page.format(url=statement.get_absolute_url(), slug=statement.slug)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]
    assert counts[1] <= 8
