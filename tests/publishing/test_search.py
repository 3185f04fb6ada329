"""Search: ranking on a fixed corpus, published only, filters, hostile queries.

Runs on both databases: PostgreSQL full-text search with stemming, and the simpler
word-matching fallback on SQLite.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, SectionFactory, StatementFactory

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def corpus():
    now = timezone.now()
    news = SectionFactory(name="News")
    return {
        "title": ArticleFactory(
            title="Harbour pilots strike for safety",
            standfirst="A report.",
            body="<p>Nothing else.</p>",
            section=news,
            publish_at=now - timedelta(days=30),
        ),
        "lead": ArticleFactory(
            title="Monday's meeting",
            standfirst="The harbour pilots voted to strike.",
            body="<p>Details follow.</p>",
            publish_at=now - timedelta(days=2),
        ),
        "body": ArticleFactory(
            title="Weekly bulletin",
            standfirst="News in brief.",
            body="<p>Among other things, harbour pilots said they would strike.</p>",
            publish_at=now - timedelta(days=1),
        ),
        "statement": StatementFactory(
            title="Declaration of the harbour pilots",
            body="<p>We support the strike.</p>",
            publish_at=now - timedelta(days=10),
        ),
        "event": EventFactory(
            title="Rally for the harbour pilots' strike",
            summary="Join us on the quay.",
            publish_at=now - timedelta(days=3),
        ),
        "draft": ArticleFactory(title="Harbour pilots strike secretly", draft=True),
        "scheduled": ArticleFactory(title="Harbour pilots strike tomorrow", scheduled=True),
        "unrelated": ArticleFactory(title="Gardening tips", body="<p>Roses.</p>"),
    }


def titles(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response, [
        line.split(">", 1)[1].split("<", 1)[0]
        for line in response.content.decode().split('<h2 class="card__title"><a href=')[1:]
    ]


def test_title_matches_rank_above_lead_above_text(client, corpus):
    _response, found = titles(client, q="harbour pilots", type="article")
    assert found == [
        "Harbour pilots strike for safety",
        "Monday&#39;s meeting",
        "Weekly bulletin",
    ]


def test_search_spans_articles_statements_and_events(client, corpus):
    response, found = titles(client, q="harbour pilots")
    assert "Declaration of the harbour pilots" in found
    assert "Rally for the harbour pilots&#39; strike" in found
    assert "Gardening tips" not in found
    assert "5 results" in response.content.decode()


def test_drafts_and_scheduled_items_are_never_found(client, corpus):
    _response, found = titles(client, q="secretly")
    assert found == []
    _response, found = titles(client, q="harbour pilots strike")
    assert "Harbour pilots strike secretly" not in found
    assert "Harbour pilots strike tomorrow" not in found


@pytest.mark.skipif(not ON_POSTGRES, reason="stemming is a PostgreSQL feature")
def test_stemming_finds_other_forms_of_a_word(client, corpus):
    _response, found = titles(client, q="striking pilot")
    assert "Harbour pilots strike for safety" in found


def test_snippets_highlight_the_words(client, corpus):
    response, _found = titles(client, q="roses")
    assert "<mark>Roses</mark>" in response.content.decode()


def test_filters_by_type_section_and_year(client, corpus):
    _r, found = titles(client, q="harbour", type="statement")
    assert found == ["Declaration of the harbour pilots"]
    _r, found = titles(client, q="harbour", section="news")
    assert found == ["Harbour pilots strike for safety"]
    year = corpus["title"].publish_at.year
    _r, found = titles(client, q="harbour", year=str(year - 5))
    assert found == []


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "Type a word or two"),
        ("!!! *** ((( )))", "Please type at least one word"),
        ("%_'\"\\;--", "Please type at least one word"),
        ("harbour " * 2000, "only its first 200 characters were used"),
        ("a" * 10_000, "only its first 200 characters were used"),
        ('harbour OR "pilots', "result"),
        ("-harbour", "result"),  # "not harbour" on PostgreSQL, "harbour" on SQLite
    ],
)
def test_hostile_queries_get_a_friendly_page(client, corpus, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_pages_of_results_and_query_count(client, settings):
    settings.PLACARD_PAGE_CACHE = False
    for index in range(25):
        ArticleFactory(title=f"Solidarity note {index}")
    first = client.get("/search/", {"q": "solidarity"}).content.decode()
    assert "Page 1 of 2" in first
    second = client.get("/search/", {"q": "solidarity", "page": 2}).content.decode()
    assert second.count('class="search-result"') == 5
    assert client.get("/search/", {"q": "solidarity", "page": 9}).status_code == 404
    client.get("/")  # site settings cached
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "solidarity"})
    assert len(queries) <= 8
