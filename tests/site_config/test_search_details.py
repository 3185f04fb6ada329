"""Search results as a reader reads them: snippets in whole words with blocks kept apart,
events dated by when they happen, and tags searched (published items only).

Runs on both databases: ts_headline snippets on PostgreSQL, the simpler snippets on SQLite.
"""

import datetime
import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from statements.models import StatementKind
from tests.events.factories import EventFactory, local
from tests.factories import ArticleFactory, SectionFactory, StatementFactory
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

LONG_BODY = (
    "<h2>Why we struck</h2>"
    "<p>Pay had fallen for years and nobody would take a look.</p>"
    "<h3>What happened</h3>"
    "<ul><li>Members met on <strong>Mon</strong>day</li><li>Stewards counted the ballots</li></ul>"
    "<p>"
    + " ".join(f"filler{index} words" for index in range(60))
    + " the members&#x27;s vote to defend the pension scheme was overwhelming and the "
    + " ".join(f"closing{index} remark" for index in range(60))
    + "</p>"
    "<blockquote>Nothing about us without us</blockquote>"
)


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def snippets(page):
    return re.findall(r'<p class="search-result__snippet">(.*?)</p>', page, re.S)


def words(snippet):
    """The snippet's text as a reader sees it."""
    return unescape(re.sub(r"</?mark>", "", snippet))


def test_blocks_of_the_text_stay_apart_in_a_snippet(client):
    ArticleFactory(
        title="Ballot report",
        standfirst="A report.",
        body="<p>Nobody would take a look.</p><h3>What happened</h3>"
        "<ul><li>Members met</li><li>Stewards counted</li></ul>",
    )
    (snippet,) = snippets(results(client, q="stewards"))
    text = words(snippet)
    assert "look. What happened Members met Stewards counted" in text
    assert "<mark>Stewards</mark>" in snippet
    # A word split by inline markup stays one word.
    ArticleFactory(title="Meeting", body="<p>They met on <strong>Mon</strong>day.</p>")
    (snippet,) = snippets(results(client, q="meeting"))
    assert "Monday" in words(snippet)


def test_snippets_start_and_end_on_whole_words(client):
    ArticleFactory(title="Pension ballot", standfirst="Result.", body=LONG_BODY)
    (snippet,) = snippets(results(client, q="defend"))
    text = words(snippet)
    assert "<mark>defend</mark>" in snippet
    # Cut on both sides, so an ellipsis on both sides, each next to a whole word.
    assert text.startswith("… ") and text.endswith(" …")
    body_words = set(re.sub(r"<[^>]+>", " ", LONG_BODY.replace("&#x27;", "'")).split())
    shown = text.removeprefix("… ").removesuffix(" …").split()
    assert shown[0] in body_words, shown[0]
    assert shown[-1].rstrip(".") in body_words, shown[-1]
    assert "members's vote" in text  # not "… s vote"


def test_a_short_text_is_shown_whole_without_ellipsis(client):
    ArticleFactory(title="Short", body="<p>Dockers back the pilots.</p><p>Thanks.</p>")
    (snippet,) = snippets(results(client, q="dockers"))
    assert words(snippet) == "Dockers back the pilots. Thanks."


def test_snippets_escape_the_text_and_mark_only_matches(client):
    ArticleFactory(
        title="Markup",
        body="<p>Type &lt;script&gt;alert(1)&lt;/script&gt; into the harbour form \u27e6x\u27e7</p>",
    )
    page = results(client, q="harbour")
    (snippet,) = snippets(page)
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1


def test_an_event_result_shows_the_date_of_the_event(client):
    now = timezone.now()
    start = local(now.year + 1, 3, 14, 18, 30, zone="America/New_York")
    EventFactory(
        title="Harbour rally",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="America/New_York",
        publish_at=now - timedelta(days=40),
    )
    ArticleFactory(title="Harbour article", publish_at=now - timedelta(days=40))
    page = results(client, q="harbour")
    event_card = page.split("Harbour rally", 1)[1].split("</li>", 1)[0]
    # The wall-clock time where it happens, as the events pages write it.
    day = datetime.date(now.year + 1, 3, 14).strftime("%A")
    assert f"{day} 14 March {now.year + 1}, 18:30" in event_card
    assert "EDT" in event_card
    published = (now - timedelta(days=40)).astimezone(timezone.get_current_timezone())
    assert published.date().isoformat() not in event_card
    article_card = page.split("Harbour article", 1)[1].split("</li>", 1)[0]
    assert published.date().isoformat() in article_card


def test_a_repeating_event_shows_its_next_date(client):
    now = timezone.now()
    first = local(now.year - 1, 1, 6, 12, 0)
    event = EventFactory(
        title="Weekly harbour vigil",
        start=first,
        end=first + timedelta(hours=1),
        repeat=Event.Repeat.WEEKLY,
        repeat_until=(now + timedelta(days=400)).date(),
        publish_at=first - timedelta(days=3),
    )
    page = results(client, q="vigil")
    card = page.split("Weekly harbour vigil", 1)[1].split("</li>", 1)[0]
    shown = re.search(r'<time datetime="([^"]+)"', card).group(1)
    shown_start = datetime.datetime.fromisoformat(shown)
    assert now - timedelta(hours=1) <= shown_start <= now + timedelta(days=7)
    assert shown_start.astimezone(event.tz).hour == 12


def test_a_tag_name_finds_the_items_with_that_tag(client):
    ArticleFactory(title="Fares report", body="<p>Nothing on it.</p>", tags=["Dockworkers"])
    StatementFactory(title="Our position", body="<p>We agree.</p>").tags.add("dockworkers")
    EventFactory(title="A meeting", description="<p>Come.</p>", tags=["Dockworkers"])
    ArticleFactory(title="Secret plan", body="<p>Hidden.</p>", tags=["Dockworkers"], draft=True)
    ArticleFactory(title="Tomorrow's plan", tags=["Dockworkers"], scheduled=True)
    ArticleFactory(title="Unrelated", body="<p>Gardens.</p>", tags=["Gardening"])
    page = results(client, q="dockworkers")
    assert "3 results" in page
    for title in ["Fares report", "Our position", "A meeting"]:
        assert title in page
    for title in ["Secret plan", "Tomorrow", "Unrelated"]:
        assert title not in page
    # Filters still apply to what tags find.
    only_events = results(client, q="dockworkers", type="event")
    assert "1 result" in only_events and "A meeting" in only_events


def test_a_query_of_exclusions_alone_does_not_match_every_tag(client):
    ArticleFactory(title="Garden notes", body="<p>Roses.</p>", tags=["Gardening"])
    page = results(client, q="-harbour")
    # On PostgreSQL "-harbour" means "not harbour": the text matches, not the tag.
    assert page.count('class="search-result"') <= 1


def test_tag_matches_cost_no_query_per_result(client, settings):
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False
    for index in range(3):
        ArticleFactory(title=f"Note {index}", tags=["Dockworkers"])
        EventFactory(title=f"Meeting {index}", tags=["Dockworkers"])
    client.get("/")  # site settings cached

    def queries():
        client.get("/search/", {"q": "dockworkers"})  # compiled, counted and remembered
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/search/", {"q": "dockworkers"}).content.decode()
        return page, len(captured)

    page, few = queries()
    assert "6 results" in page
    for index in range(3, 12):
        ArticleFactory(title=f"Note {index}", tags=["Dockworkers"])
        EventFactory(title=f"Meeting {index}", tags=["Dockworkers"])
    page, many = queries()
    assert "24 results" in page
    assert many == few <= 8


def test_results_of_every_kind_cost_no_query_per_result(client, settings):
    """Results read only the columns they show: what they show is still there, and a
    page of twenty costs the queries of a page of four."""
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False
    section = SectionFactory(name="Harbour news")
    kind = StatementKind.objects.create(name="Open letter", order=1)

    def add(number):
        ArticleFactory(
            title=f"Tidal report {number}", section=section, standfirst="Lead of the report.",
            body=f"<p>The tidal barrier number {number} held.</p>",
        )  # fmt: skip
        StatementFactory(title=f"Tidal declaration {number}", kind=kind)

    def queries():
        client.get("/search/", {"q": "tidal"})  # compiled, counted and remembered
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/search/", {"q": "tidal"}).content.decode()
        return page, len(captured)

    add(0)
    add(1)
    client.get("/")  # site settings cached
    page, few = queries()
    assert "4 results" in page
    assert "Harbour news" in page and "Open letter" in page
    assert "barrier number 1 held." in page  # the snippet, from the body
    for number in range(2, 12):
        add(number)
    page, many = queries()
    assert "24 results" in page
    labels = re.findall(r'<p class="card__section">(.*?)</p>', page)
    assert len(labels) == 20
    assert set(labels) == {"Article · Harbour news", "Open letter"}
    assert many == few <= 8


def test_event_and_page_results_cost_no_query_per_result(client, settings):
    """Events and pages found by a search show their date, place in time and address
    from the columns their results read: twenty cost the queries of four."""
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False

    def add(number):
        start = local(2031, 3, 1 + number, 18, 30, zone="America/New_York")
        EventFactory(
            title=f"Tidal vigil {number}", description=f"<p>Vigil at tidal gate {number}.</p>",
            start=start, end=start + timedelta(hours=2), time_zone="America/New_York",
        )  # fmt: skip
        PageFactory(
            title=f"Tidal page {number}", body=f"<p>Hours by the tidal basin, {number}.</p>"
        )

    def queries():
        client.get("/search/", {"q": "tidal"})
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/search/", {"q": "tidal"}).content.decode()
        return page, len(captured)

    add(0)
    add(1)
    client.get("/")
    page, few = queries()
    assert "4 results" in page
    text = unescape(re.sub(r"<[^>]+>", "", page))
    assert "Vigil at tidal gate" in text and "tidal basin" in text  # the snippets
    assert "Sunday 2 March 2031, 18:30–20:30 EST" in text  # in the event's own zone
    assert 'href="/tidal-page-1/"' in page
    for number in range(2, 12):
        add(number)
    page, many = queries()
    assert "24 results" in page
    assert len(re.findall(r'<p class="card__section">', page)) == 20
    assert many == few <= 8
