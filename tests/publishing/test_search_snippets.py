"""SQLite's snippets of long texts: read from the start of the markup up to the match
and a little beyond (`publishing.search.simple_snippet`), and the same as reading the
whole text would give, whatever the markup holds around the cut."""

import random
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.db import connection

from publishing import search
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ARTICLE = SimpleNamespace(fields={"B": ["standfirst", "summary"], "C": ["body"]}.get)

PIECES = [
    "<p>Members met on the quay at dawn.</p>",
    "<p>The <strong>pension</strong> scheme was at stake.</p>",
    '<p>Read <a href="https://example.org/pension-fund">the report</a> first.</p>',
    "<p>Wages &amp; pensions, not cuts &mdash; said the stewards.</p>",
    "<h2>What happened</h2>",
    "<ul><li>Crane drivers</li><li>Pilots and tug crews</li></ul>",
    "<p>A word split by a tag: pen<em>sion</em> fund.</p>",
    "<blockquote><p>Nothing about us without us.</p></blockquote>",
    "<p>" + "filler words of a long report " * 12 + "</p>",
    "<p>Averylongwordwrittenoutwithoutanyspacesthatgoesonandonpension here.</p>",
]


def snippet(body, terms, standfirst="A lead of its own."):
    obj = SimpleNamespace(body=body, standfirst=standfirst, summary="")
    return str(search.simple_snippet(obj, ARTICLE, terms))


def whole_text_snippet(body, terms, monkeypatch, standfirst="A lead of its own."):
    """The snippet as reading the whole text gives it."""
    with monkeypatch.context() as patched:
        patched.setattr(search, "SNIPPET_MARKUP", 10**9)
        return snippet(body, terms, standfirst)


@pytest.mark.parametrize("seed", range(60))
def test_a_snippet_of_a_long_text_is_the_one_its_whole_text_gives(seed, monkeypatch):
    rng = random.Random(seed)
    body = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
    terms = rng.choice([[], ["pension"], ["pensions"], ["tug", "pension"], ["absent"], ["s"]])
    assert snippet(body, terms) == whole_text_snippet(body, terms, monkeypatch)


@pytest.mark.parametrize(
    "body",
    [
        # The only early hit is inside an address; the word itself comes far later.
        '<p><a href="/pension">link</a></p>' + PIECES[8] * 10 + "<p>Our pension now.</p>",
        # The match falls where the markup would be cut.
        PIECES[8] * 3 + "<p>" + "x" * 870 + " pension</p>" + PIECES[8],
        # Long addresses after the match: the part read first holds too few words.
        "<p>pension " + ('<a href="/' + "x" * 120 + '">word</a> ') * 40 + "</p>",
        # The text ends just after the part read first: no ellipsis after it.
        "<p>pension " + "word " * 60 + "</p>" + "<br>" * 400,
        # No text at all: the lead stands in.
        "<figure></figure>" * 200,
    ],
)
def test_cut_markup_never_changes_the_snippet(body, monkeypatch):
    for terms in (["pension"], []):
        assert snippet(body, terms) == whole_text_snippet(body, terms, monkeypatch)


def test_a_word_deep_in_a_long_article_is_shown_and_marked(client):
    body = "".join(f"<p>Paragraph {index} of the dockers' report.</p>" for index in range(800))
    body += "<p>At last the <strong>pension</strong> ballot was won.</p>"
    ArticleFactory(title="The long report", body=body)
    page = client.get("/search/", {"q": "pension"}).content.decode()
    found = re.findall(r'<p class="search-result__snippet">(.*?)</p>', page, re.S)
    assert len(found) == 1
    assert "<mark>pension</mark>" in found[0]
    text = unescape(re.sub(r"</?mark>", "", found[0]))
    assert text.startswith("… ") and "At last the pension ballot" in text
    if connection.vendor == "sqlite":  # PostgreSQL's ts_headline ends its fragments itself
        assert text.endswith("At last the pension ballot was won.")
