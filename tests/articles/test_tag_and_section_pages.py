"""The lists of a tag and of a section: every way a tag's page is found (see
`articles.views.TagDetailView`) lists exactly the published articles of the tag, newest
first, with exact counts, on every page, counted or remembered; deep pages cost the
queries of the first."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import views
from publishing.pagination import MAX_PAGES
from tests.factories import ArticleFactory, SectionFactory, StatementFactory
from tests.support.queries import cold_and_warm_queries

pytestmark = pytest.mark.django_db

PER_PAGE = 2
# (FEW_LINKS, MANY_LINKS) that make the test's tag one of few, more or very many links;
# None: read from the index of the tag's links by publish time (PostgreSQL only).
WAYS = {"sorted": (1_000, 2_000), "walked": (2, 1_000), "tested": (2, 3), "linked": None}


@pytest.fixture(autouse=True)
def small_pages(monkeypatch, settings):
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False
    for view in (views.TagDetailView, views.SectionDetailView):
        monkeypatch.setattr(view, "paginate_by", PER_PAGE)


@pytest.fixture(params=list(WAYS))
def way(request, monkeypatch):
    if WAYS[request.param] is None:
        if connection.vendor != "postgresql":
            pytest.skip("the tags' links keep their articles' publish times on PostgreSQL only")
        assert views.ordered_links()
        return request.param
    # The other ways are those of SQLite, and of a site in several languages.
    monkeypatch.setattr(views, "ordered_links", lambda: False)
    few, many = WAYS[request.param]
    monkeypatch.setattr(views, "FEW_LINKS", few)
    monkeypatch.setattr(views, "MANY_LINKS", many)
    return request.param


def titles(html):
    return re.findall(r'<h2 class="card__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def current(html):
    return re.search(r'<span class="pagination__current">([^<]+)</span>', html)[1]


def read_pages(client, path):
    """The titles of every page of a list, and each page's "Page N of M"."""
    shown, numbers = [], []
    for number in range(1, MAX_PAGES + 1):
        response = client.get(f"{path}?page={number}")
        if response.status_code == 404:
            break
        html = response.content.decode()
        shown += titles(html)
        numbers.append(current(html) if "pagination__current" in html else "")
    return shown, numbers


@pytest.fixture
def tagged():
    """Seven published articles tagged "docks" (two published at the same second), and
    articles and a statement that must not be listed; newest first."""
    now = timezone.now().replace(microsecond=0)
    section = SectionFactory(name="News")
    same_time = now - timedelta(hours=5)
    times = [now - timedelta(hours=hours) for hours in (1, 2, 3, 4)] + [same_time] * 2
    times.append(now - timedelta(days=30))
    listed = [
        ArticleFactory(title=f"Listed {i}", publish_at=at, section=section, tags=["docks"])
        for i, at in enumerate(times)
    ]
    ArticleFactory(title="A draft", draft=True, tags=["docks"])
    ArticleFactory(title="Scheduled", scheduled=True, tags=["docks"])
    ArticleFactory(title="Another tag", tags=["ports"])
    StatementFactory(title="A statement", tags=["docks"])
    # Newest first; of two at the same time, the later key first.
    return sorted(listed, key=lambda article: (article.publish_at, article.pk), reverse=True)


def test_every_way_lists_the_tags_published_articles_newest_first(client, tagged, way):
    shown, numbers = read_pages(client, "/tags/docks/")
    assert shown == [article.title for article in tagged]
    assert numbers == ["Page 1 of 4", "Page 2 of 4", "Page 3 of 4", "Page 4 of 4"]
    assert client.get("/tags/docks/?page=5").status_code == 404


def test_pages_read_with_a_remembered_count_are_the_same(client, tagged, way):
    first = [client.get(f"/tags/docks/?page={number}").content for number in (3, 1, 2)]
    again = [client.get(f"/tags/docks/?page={number}").content for number in (3, 1, 2)]
    assert [titles(page.decode()) for page in again] == [titles(page.decode()) for page in first]


def test_a_scheduled_article_joins_the_list_at_its_time(client, tagged, way):
    later = ArticleFactory(
        title="Later", publish_at=timezone.now() + timedelta(hours=2), tags=["docks"]
    )
    assert "Later" not in read_pages(client, "/tags/docks/")[0]
    with time_machine.travel(later.publish_at + timedelta(seconds=1)):
        shown, numbers = read_pages(client, "/tags/docks/")
    assert shown[0] == "Later" and len(shown) == len(tagged) + 1
    assert numbers[0] == "Page 1 of 4"


def test_the_list_of_a_tag_past_its_pages_says_so(client, way, monkeypatch):
    monkeypatch.setattr(views.TagDetailView, "paginate_by", 1)
    for _ in range(MAX_PAGES + 1):
        ArticleFactory(tags=["docks"], authors=[])
    last = client.get(f"/tags/docks/?page={MAX_PAGES}").content.decode()
    assert f"Only the first {MAX_PAGES} pages are shown." in last
    beyond = client.get(f"/tags/docks/?page={MAX_PAGES + 1}")
    assert beyond.status_code == 404
    assert "show their first" in beyond.content.decode()


def test_a_page_beyond_those_shown_is_404_without_counting(client):
    ArticleFactory(tags=["docks"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/tags/docks/?page=1000")
    assert response.status_code == 404
    assert "show their first" in response.content.decode()
    assert not [q for q in captured if 'FROM "articles_article"' in q["sql"].split("(")[0]]


def test_the_section_list_is_newest_first_and_published_only(client, tagged):
    ArticleFactory(title="Elsewhere")
    draft = ArticleFactory(title="A draft in the section", draft=True)
    draft.section = tagged[0].section
    draft.save()
    shown, numbers = read_pages(client, "/sections/news/")
    assert shown == [article.title for article in tagged]
    assert numbers[-1] == "Page 4 of 4"


@pytest.mark.parametrize("path", ["/tags/docks/", "/sections/news/"])
def test_deep_pages_cost_the_queries_of_the_first(client, tagged, way, path):
    costs = {number: cold_and_warm_queries(client, f"{path}?page={number}") for number in (1, 3)}
    for _ in range(6):
        ArticleFactory(section=tagged[0].section, tags=["docks"])
    more = {number: cold_and_warm_queries(client, f"{path}?page={number}") for number in (1, 3, 6)}
    assert more == {**costs, 6: costs[3]}
    cold, warm = zip(*costs.values(), strict=True)
    # A deep page of a tag read from its keys reads them when its count is remembered.
    assert cold[0] == cold[1] <= 8 and max(warm) <= cold[0]


def test_a_tags_list_keeps_to_its_language_on_a_site_in_several(client, settings):
    """The links do not know their articles' languages: such a site walks its articles."""
    settings.PLACARD_LANGUAGES = ["en-gb", "es"]
    now = timezone.now()
    for hours, title, language in [
        (1, "Strike on the docks", "en-gb"),
        (2, "Huelga en los muelles", "es"),
        (3, "Streik im Hafen", "de"),  # not a language of the site: the default's
    ]:
        ArticleFactory(
            title=title, language=language, publish_at=now - timedelta(hours=hours), tags=["docks"]
        )
    english = titles(client.get("/en-gb/tags/docks/").content.decode())
    spanish = titles(client.get("/es/tags/docks/").content.decode())
    assert english == ["Strike on the docks", "Streik im Hafen"]
    assert spanish == ["Huelga en los muelles"]
