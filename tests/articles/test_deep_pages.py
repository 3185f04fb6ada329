"""Lists show their first pages only (`publishing.pagination.MAX_PAGES`): the last one
says where the rest are, deeper ones answer 404 saying why, and every page shown costs
the same queries as the first."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.views import ArticleListView, SectionDetailView
from publishing.pagination import MAX_PAGES
from statements.views import StatementListView
from tests.factories import ArticleFactory, SectionFactory, StatementFactory

pytestmark = pytest.mark.django_db

LIMIT_NOTE = f"Only the first {MAX_PAGES} pages are shown."
BEYOND = f"Lists on this site show their first {MAX_PAGES} pages only."


def links(html, rel):
    return re.findall(rf'<a rel="{rel}" href="([^"]+)"', html)


def note(html):
    """The note under the last page shown, or in a 404 page, with its links' addresses."""
    found = re.search(
        r'<p class="pagination__limit">(.*?)</p>|<h1>Page not found</h1>\s*<p>(.*?)</p>', html, re.S
    )
    text = found[1] or found[2] if found else ""
    return text, re.findall(r'href="([^"]+)"', text)


@pytest.fixture
def one_per_page(monkeypatch, settings):
    """One item a page, so that MAX_PAGES + 1 items are more than the pages show."""
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False
    for view in (ArticleListView, SectionDetailView, StatementListView):
        monkeypatch.setattr(view, "paginate_by", 1)


@pytest.fixture
def many_articles(one_per_page):
    section = SectionFactory(name="News")
    return [ArticleFactory(section=section, authors=[]) for _ in range(MAX_PAGES + 1)]


@pytest.mark.parametrize("path", ["/articles/", "/sections/news/"])
def test_the_last_page_shown_points_to_search_and_the_archive(client, many_articles, path):
    first = client.get(path).content.decode()
    assert "Page 1<" in first and note(first) == ("", [])
    assert links(first, "next") == ["?page=2"] and links(first, "prev") == []
    last = client.get(f"{path}?page={MAX_PAGES}").content.decode()
    assert links(last, "prev") == [f"?page={MAX_PAGES - 1}"] and links(last, "next") == []
    text, addresses = note(last)
    assert text.startswith(LIMIT_NOTE) and addresses == ["/search/", "/archive/"]


@pytest.mark.parametrize("page", [MAX_PAGES + 1, 1000, 10**30])
def test_pages_beyond_those_shown_are_404_and_say_why(client, many_articles, page):
    response = client.get(f"/articles/?page={page}")
    assert response.status_code == 404
    text, addresses = note(response.content.decode())
    assert text.startswith(BEYOND) and addresses == ["/search/", "/archive/"]


def test_a_list_that_fits_counts_its_pages_and_ends_plainly(client, one_per_page):
    for _ in range(3):
        ArticleFactory(authors=[])
    last = client.get("/articles/?page=3").content.decode()
    assert "Page 3 of 3" in last and note(last) == ("", [])
    response = client.get("/articles/?page=4")
    assert response.status_code == 404
    assert note(response.content.decode())[0].startswith("There is nothing at this address")


def test_statements_beyond_the_pages_shown_are_404_too(client, one_per_page):
    for _ in range(MAX_PAGES + 1):
        StatementFactory()
    last = client.get(f"/statements/?page={MAX_PAGES}").content.decode()
    text, addresses = note(last)
    assert text.startswith(LIMIT_NOTE) and addresses == ["/search/"]
    assert client.get(f"/statements/?page={MAX_PAGES + 1}").status_code == 404


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_last_page_shown_costs_the_queries_of_the_first(client, many_articles):
    client.get("/articles/")  # site settings are cached from the first page on
    assert queries(client, f"/articles/?page={MAX_PAGES}") == queries(client, "/articles/")


def test_search_results_show_their_first_pages_only(client, monkeypatch, settings):
    settings.PLACARD_PAGE_CACHE = False
    monkeypatch.setattr("site_config.views.SEARCH_PAGE_SIZE", 1)
    for number in range(MAX_PAGES + 1):
        ArticleFactory(title=f"Dockers report {number}", authors=[])
    first = client.get("/search/?q=dockers").content.decode()
    assert f"More than {MAX_PAGES} results" in first
    last = client.get(f"/search/?q=dockers&page={MAX_PAGES}").content.decode()
    text, _addresses = note(last)
    assert text.startswith(f"Only the first {MAX_PAGES} pages of results are shown")
    assert links(last, "next") == []
    assert links(last, "prev") == [f"?q=dockers&amp;page={MAX_PAGES - 1}"]
    beyond = client.get(f"/search/?q=dockers&page={MAX_PAGES + 1}")
    assert beyond.status_code == 404 and note(beyond.content.decode())[0].startswith(BEYOND)
