"""Pages cost a fixed number of queries, however deep they sit and however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import Page
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

# One of them reads the content version's row (see tests/articles/test_query_counts.py).
MAX_QUERIES = 9


@pytest.fixture(autouse=True)
def _uncached(settings):
    """These count the queries of rendering a page, so the page and fragment caches stay out."""
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False


def build_site(depth, siblings):
    """A chain of `depth` pages, `siblings` subpages under the deepest one, and as many
    more top-level pages; returns the deepest page of the chain."""
    parent = None
    for level in range(depth):
        parent = PageFactory(title=f"Level {level}", slug=f"level-{level}", parent=parent)
    for index in range(siblings):
        PageFactory(title=f"Subpage {index}", parent=parent, body="<p>quayside</p>")
        PageFactory(title=f"Other page {index}", body="<p>quayside</p>")
    return parent


def count_queries(client, url, status=200):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return len(queries)


def counts(client, deepest):
    client.get("/")  # site settings are cached from the first page on
    client.get("/warm-up/")  # and the redirects' content type from the first 404
    url = deepest.get_absolute_url()
    return {
        "page": count_queries(client, url),
        "top page": count_queries(client, "/level-0/"),
        "unknown below it": count_queries(client, f"{url}no-such-page/", 404),
        "unknown nested": count_queries(client, "/no/such/nested/page/", 404),
        "without slash": count_queries(client, url.rstrip("/"), 301),
        "sitemap": count_queries(client, "/sitemap.xml"),
        "search": count_queries(client, "/search/?q=quayside&type=page"),
    }


def test_query_counts_do_not_grow_with_depth_or_number_of_pages(client):
    small = counts(client, build_site(depth=2, siblings=1))
    for page in sorted(Page.objects.all(), key=lambda page: -page.path.count("/")):
        page.delete()  # subpages first: a page with subpages cannot be deleted
    large = counts(client, build_site(depth=8, siblings=30))
    for page, count in large.items():
        print(f"queries {count:>2}  {page}")  # shown with -s, for the record
    assert large == small
    assert {page: count for page, count in large.items() if count > MAX_QUERIES} == {}
