"""An item's page reads the few rows it shows beside the item (an article's bylines and
tags, an event's topics) in the item's own query: a cold page costs one query fewer for
each, and shows them as before, in their order, whatever their names hold."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

# Names JSON must carry as they are: quotes, a backslash, markup, letters beyond ASCII.
AWKWARD_TAG = 'grève "générale" \\ <b>'
AWKWARD_AUTHOR = 'Zoë "Z" O\'Neill <i>'


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False


def tables_read_alone(client, url, tables):
    """The page's HTML, and the queries that read one of `tables` without reading the
    page's item as well."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    alone = [
        query["sql"]
        for query in queries
        if any(f'"{table}"' in query["sql"] for table in tables)
        and 'WHERE ("articles_article"."publish_at"' not in query["sql"]
        and '"events_event"."slug" =' not in query["sql"]
    ]
    return response.content.decode(), alone


def news_article(html):
    """The page's `NewsArticle` JSON-LD block, read as JSON."""
    for block in html.split('<script type="application/ld+json">')[1:]:
        data = json.loads(block.split("</script>", 1)[0])
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle block")


def test_an_article_page_shows_its_bylines_and_tags_read_with_it(client):
    first = AuthorFactory(name="Maria Kowalczyk")
    second = AuthorFactory(name=AWKWARD_AUTHOR)
    article = ArticleFactory(authors=[second, first], tags=["pay", AWKWARD_TAG, "docks"])

    html, alone = tables_read_alone(
        client, article.get_absolute_url(), ["articles_byline", "taggit_tag"]
    )

    assert alone == []
    byline = html.split('class="byline">', 1)[1].split("</span>", 1)[0]
    assert byline.index("Zoë &#34;Z&#34; O&#39;Neill &lt;i&gt;") < byline.index("Maria Kowalczyk")
    tags = html.split('class="tag-list">', 1)[1].split("</ul>", 1)[0]
    assert tags.index(">pay<") < tags.index("grève &#34;générale&#34; \\ &lt;b&gt;")
    assert tags.index("grève") < tags.index(">docks<")
    # The JSON-LD names the same authors, from the same rows.
    assert [author["name"] for author in news_article(html)["author"]] == [
        AWKWARD_AUTHOR,
        "Maria Kowalczyk",
    ]


def test_an_article_without_bylines_or_tags_shows_neither(client):
    article = ArticleFactory(authors=[], tags=[])

    html, alone = tables_read_alone(
        client, article.get_absolute_url(), ["articles_byline", "taggit_tag"]
    )

    assert alone == []
    assert 'class="byline"' not in html
    assert 'class="tag-list"' not in html


def test_an_event_page_shows_its_topics_read_with_it(client):
    start = timezone.now() + datetime.timedelta(days=3)
    event = EventFactory(
        start=start, end=start + datetime.timedelta(hours=2), tags=["housing", AWKWARD_TAG]
    )

    html, alone = tables_read_alone(client, event.get_absolute_url(), ["taggit_tag"])

    assert alone == []
    topics = html.split("Topics:", 1)[1].split("</p>", 1)[0]
    assert topics.index(">housing<") < topics.index("grève &#34;générale&#34; \\ &lt;b&gt;")
