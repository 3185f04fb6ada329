"""On PostgreSQL a search ranks only candidates (`publishing.search.CANDIDATES`): the
newest items that match by their words, and the last items tagged with a tag the query
matches, each tag's read no further than that bound. The bound is made small here so
that a few items show what a common word meets at a million articles: the last tagged
items of every matching tag, together, make the candidates; an item found both ways is
listed once; and on small sites nothing changes (every match is a candidate)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from publishing import search
from publishing.prepared import forget_compiled
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="SQLite ranks every match")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False


@pytest.fixture
def few_candidates(monkeypatch):
    """Three candidates of each kind; the queries compiled with the usual bound dropped."""
    monkeypatch.setattr(search, "CANDIDATES", 3)
    forget_compiled()
    yield
    forget_compiled()


def titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    shown = re.findall(r'<h2 class="card__title"[^>]*><a href="[^"]+">([^<]+)</a>', page)
    return page, shown


def tagged(names, count, start):
    """Articles with neutral words, tagged `names` in turn, one an hour apart from
    `start` back: the later an article's key, the newer it is."""
    made = []
    for index in range(count):
        name = names[index % len(names)]
        made.append(
            ArticleFactory(
                title=f"Notes {index}",
                standfirst="A short report.",
                body="<p>Nothing else to say.</p>",
                tags=[name],
                publish_at=start - timedelta(hours=count - index),
            )
        )
    return made


@postgres_only
def test_a_common_tag_makes_candidates_of_its_last_tagged_items(client, few_candidates):
    now = timezone.now()
    ArticleFactory(
        title="Dockworkers at the gate",
        body="<p>The dockworkers met.</p>",
        publish_at=now - timedelta(days=30),
    )
    items = tagged(["Dockworkers"], 5, now)
    page, shown = titles(client, "dockworkers")
    assert "4 results" in page
    # Found by words ranks first; then the last three tagged, newest first.
    assert shown == ["Dockworkers at the gate", "Notes 4", "Notes 3", "Notes 2"]
    assert items[0].title not in shown and items[1].title not in shown


@postgres_only
def test_every_matching_tag_shares_one_bound(client, few_candidates):
    tagged(["Dockworkers", "Pickets"], 6, timezone.now())
    page, shown = titles(client, "dockworkers or pickets")
    # The last three tagged items of either tag, not three of each.
    assert "3 results" in page
    assert shown == ["Notes 5", "Notes 4", "Notes 3"]


@postgres_only
def test_an_item_found_by_its_words_and_its_tag_is_listed_once(client, few_candidates):
    ArticleFactory(
        title="Dockworkers vote",
        body="<p>The dockworkers voted.</p>",
        tags=["Dockworkers"],
        publish_at=timezone.now() - timedelta(hours=1),
    )
    page, shown = titles(client, "dockworkers")
    assert "1 result" in page
    assert shown == ["Dockworkers vote"]


def test_on_a_small_site_every_tagged_match_is_found(client):
    now = timezone.now()
    tagged(["Dockworkers", "Pickets", "Gardening"], 9, now)
    page, shown = titles(client, "dockworkers or pickets" if ON_POSTGRES else "dockworkers")
    expected = [f"Notes {index}" for index in range(8, -1, -1)]
    if ON_POSTGRES:
        expected = [title for title in expected if int(title.split()[1]) % 3 != 2]
    else:
        expected = [title for title in expected if int(title.split()[1]) % 3 == 0]
    assert f"{len(expected)} results" in page
    assert shown == expected
