"""The first request after a change costs no more than 8 queries on every main page, with
the page and fragment caches off and on, whatever the page lists.

After a change every cached page and fragment is stale, so that first request is what a
busy site pays on each server after each edit. It reads the content versions once (the
site's with its parts: menus, sections, the home layout, which an article's edit leaves
cached), renders, and checks once at the end, in the same statement as the next
scheduled change, that no change committed meanwhile (`pagecache.versions.settle`).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.events.factories import EventFactory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EndorsementFactory,
    ImageFactory,
    SectionFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
PAGES = ["home", "article list", "article page", "statement page", "events list", "search"]


def build(count):
    """`count` of each: articles (pictured, two authors, tags, two sections), statements,
    signatures on one statement, upcoming events. Returns the addresses of the pages."""
    image = ImageFactory()
    sections = [SectionFactory(), SectionFactory()]
    lead = AuthorFactory()
    now = timezone.now()
    articles = [
        ArticleFactory(
            title=f"Harbour strike report {index}",
            section=sections[index % 2],
            authors=[lead, AuthorFactory()],
            tags=["pay", f"topic-{index}"],
            lead_image=image,
            lead_image_alt="A crowd",
            is_highlight=index < 2,
            publish_at=now - datetime.timedelta(hours=index + 1),
        )
        for index in range(count)
    ]
    statements = [StatementFactory(show_individual_names=True) for _ in range(count)]
    for _ in range(count):
        EndorsementFactory(statement=statements[0])
    for index in range(count):
        start = now + datetime.timedelta(days=index + 1)
        EventFactory(start=start, end=start + datetime.timedelta(hours=2), lead_image=image)
    return {
        "home": "/",
        "article list": "/articles/",
        "article page": articles[0].get_absolute_url(),
        "statement page": statements[0].get_absolute_url(),
        "events list": "/events/",
        "search": "/search/?q=harbour",
    }


def queries_after_change(client, url):
    """The queries of the first request for `url` after an article is saved (the page
    was read twice before, so whatever the mode caches was filled)."""
    client.get(url)
    client.get(url)
    changed = Article.objects.order_by("pk").last()
    changed.title = f"{changed.title}, corrected"
    changed.save()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


@pytest.fixture(params=["caches off", "caches on"])
def mode(request, settings):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = request.param == "caches on"
    return request.param


@pytest.mark.parametrize("page", PAGES)
def test_the_first_request_after_a_change_takes_at_most_eight_queries(client, mode, page):
    url = build(6)[page]
    queries = queries_after_change(client, url)
    assert len(queries) <= MAX_QUERIES, "\n".join(sql[:160] for sql in queries)


@pytest.mark.parametrize("page", PAGES)
def test_the_count_does_not_grow_with_the_items_on_the_page(client, mode, page):
    small = len(queries_after_change(client, build(1)[page]))
    # The larger site is added to the small one: its pages list more of everything.
    large = len(queries_after_change(client, build(8)[page]))
    assert large == small, f"{page}: {small} queries with one item, {large} with more"
