"""Hostile text typed into any field reaches RSS and Atom feeds as text, never as markup.

Plain-text fields become escaped HTML in an item's description; rich text is sanitised
again on the way out, even when the stored value was never cleaned; titles, author names
and categories are XML text that reads back exactly as typed.
"""

import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from articles.models import Article
from events.models import Event
from publishing.models import SiteSettings
from statements.models import Statement
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, StatementFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "<img src=x onerror=alert(1)>"
SHORT_PAYLOAD = "<svg onload=f()>"  # for fields of 20 characters
HOSTILE_RICH_TEXT = (
    '<p><strong>Bold claim</strong> <img src=x onerror="alert(1)">'
    '<script>alert(2)</script><a href="javascript:alert(3)" onclick="alert(4)">link</a></p>'
)
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"

ARTICLE_FEEDS = [
    "/articles/feed.rss",
    "/articles/feed.atom",
    "/sections/{section}/feed.rss",
    "/sections/{section}/feed.atom",
    "/authors/{author}/feed.rss",
    "/authors/{author}/feed.atom",
    "/tags/{tag}/feed.rss",
    "/tags/{tag}/feed.atom",
]
STATEMENT_FEEDS = ["/statements/feed.rss", "/statements/feed.atom"]
EVENT_FEEDS = ["/events/feed.rss"]


def article(author_name="Maria Kowalczyk", section_name="News", tag="pay", **fields):
    return ArticleFactory(
        authors=[AuthorFactory(name=author_name)],
        section=SectionFactory(name=section_name),
        tags=[tag],
        **fields,
    )


def feed_url(template, item):
    """Fill in the section, author and tag of an article's own feeds."""
    if not isinstance(item, Article):
        return template
    return template.format(
        section=item.section.slug, author=item.byline_authors()[0].slug, tag=item.tags.get().slug
    )


def read_feed(client, url):
    """The channel and its items as plain strings, read with an XML parser."""
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    assert not [node for node in root.iter() if node.tag.endswith("img")], "markup in the XML"
    if root.tag == "rss":
        channel = root.find("channel")
        head = {"title": channel.findtext("title"), "subtitle": channel.findtext("description")}
        items = [
            {
                "title": item.findtext("title"),
                "description": item.findtext("description"),
                "authors": [node.text for node in item.findall(f"{DC}creator")],
                "categories": [node.text for node in item.findall("category")],
            }
            for item in channel.findall("item")
        ]
    else:
        head = {
            "title": root.findtext(f"{ATOM}title"),
            "subtitle": root.findtext(f"{ATOM}subtitle"),
        }
        items = [
            {
                "title": entry.findtext(f"{ATOM}title"),
                "description": entry.findtext(f"{ATOM}summary"),
                "authors": [node.text for node in entry.iter(f"{ATOM}name")],
                "categories": [node.get("term") for node in entry.findall(f"{ATOM}category")],
            }
            for entry in root.findall(f"{ATOM}entry")
        ]
    assert len(items) == 1, url
    return head, items[0]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(markup):
    """Every start tag in `markup` with its attributes, as a browser's parser sees them."""
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser.found


def assert_harmless(markup):
    for tag, attrs in elements(markup):
        assert tag not in ("img", "svg", "script"), markup
        assert not [name for name in attrs if name.startswith("on")], markup
        assert not attrs.get("href", "").startswith("javascript:"), markup


PLAIN_TEXT_FIELDS = [
    # (what, factory, field, urls); the statement's place is shown in its dateline.
    ("article standfirst", article, "standfirst", ARTICLE_FEEDS),
    ("statement issuing body", StatementFactory, "issuing_body", STATEMENT_FEEDS),
    ("statement dateline", StatementFactory, "adopted_place", STATEMENT_FEEDS),
    ("event status note", EventFactory, "status_note", EVENT_FEEDS),
    ("event venue name", EventFactory, "venue_name", EVENT_FEEDS),
    ("event venue address", EventFactory, "venue_address", EVENT_FEEDS),
    ("event venue city", EventFactory, "venue_city", EVENT_FEEDS),
    ("event venue postcode", EventFactory, "venue_postcode", EVENT_FEEDS),
    ("event summary", EventFactory, "summary", EVENT_FEEDS),
]


@pytest.mark.parametrize(
    "make, field, url",
    [
        pytest.param(make, field, url, id=f"{what} {url}")
        for what, make, field, urls in PLAIN_TEXT_FIELDS
        for url in urls
    ],
)
def test_plain_text_fields_are_escaped_in_item_descriptions(client, make, field, url):
    payload = SHORT_PAYLOAD if field == "venue_postcode" else PAYLOAD
    item = make(**{field: payload})
    _, entry = read_feed(client, feed_url(url, item))
    assert html.escape(payload) in entry["description"]
    assert_harmless(entry["description"])


RICH_TEXT_FIELDS = [
    ("article body", article, Article, "body", ARTICLE_FEEDS),
    ("statement body", StatementFactory, Statement, "body", STATEMENT_FEEDS),
    ("event description", EventFactory, Event, "description", EVENT_FEEDS),
]


@pytest.mark.parametrize(
    "make, model, field, url",
    [
        pytest.param(make, model, field, url, id=f"{name} {url}")
        for name, make, model, field, urls in RICH_TEXT_FIELDS
        for url in urls
    ],
)
def test_rich_text_is_sanitised_again_in_feeds(client, make, model, field, url):
    item = make()
    # update() skips the cleaning on save, as data from before the allowlist would.
    model.objects.filter(pk=item.pk).update(**{field: HOSTILE_RICH_TEXT})
    _, entry = read_feed(client, feed_url(url, item))
    assert "<strong>Bold claim</strong>" in entry["description"]
    assert ">link</a>" in entry["description"]
    assert "alert(" not in entry["description"]
    assert_harmless(entry["description"])


TITLES = [
    ("article", lambda: article(title=PAYLOAD), ARTICLE_FEEDS),
    ("statement", lambda: StatementFactory(title=PAYLOAD), STATEMENT_FEEDS),
    ("event", lambda: EventFactory(title=PAYLOAD), EVENT_FEEDS),
]


@pytest.mark.parametrize(
    "make, url",
    [pytest.param(make, url, id=f"{kind} {url}") for kind, make, urls in TITLES for url in urls],
)
def test_titles_read_back_exactly_as_typed(client, make, url):
    item = make()
    _, entry = read_feed(client, feed_url(url, item))
    assert entry["title"] == PAYLOAD


@pytest.mark.parametrize("url", ARTICLE_FEEDS)
def test_article_author_names_and_sections_read_back_exactly(client, url):
    item = article(author_name=PAYLOAD, section_name=PAYLOAD)
    _, entry = read_feed(client, feed_url(url, item))
    assert entry["authors"] == [PAYLOAD]
    assert entry["categories"] == [PAYLOAD]


@pytest.mark.parametrize("url", STATEMENT_FEEDS)
def test_statement_issuing_body_as_author_reads_back_exactly(client, url):
    StatementFactory(issuing_body=PAYLOAD)
    _, entry = read_feed(client, url)
    assert entry["authors"] == [PAYLOAD]


@pytest.mark.parametrize("url", [*ARTICLE_FEEDS, *STATEMENT_FEEDS, *EVENT_FEEDS])
def test_channel_titles_read_back_exactly(client, url):
    SiteSettings.objects.create(name=f"{PAYLOAD} network", tagline=f"{PAYLOAD} tagline")
    # The section, author and tag are hostile too: their names are in their feeds' titles.
    item = article(author_name=PAYLOAD, section_name=PAYLOAD, tag=PAYLOAD)
    StatementFactory()
    EventFactory()
    head, _ = read_feed(client, feed_url(url, item))
    assert head["title"].startswith(f"{PAYLOAD} network: ")
    if "{" in url:
        assert head["title"].count(PAYLOAD) == 2
    assert PAYLOAD in head["subtitle"]
    assert "&lt;" not in head["title"] + head["subtitle"]
