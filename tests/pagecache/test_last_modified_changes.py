"""A page's `Last-Modified` moves with every change that changes the page, not only with
the items it lists: an item leaving a list, a byline's author renamed, a section renamed,
a signature confirmed. A client that sends only `If-Modified-Since` (feed readers, some
proxies) then gets the new page, never a 304 for a changed one (pagecache/modified.py,
`ContentVersion.changed_at`)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.http import parse_http_date

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EndorsementFactory,
    SectionFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    """The test's clock, moved on by hand: `Last-Modified` counts whole seconds, so each
    change happens a few seconds after the page was first read."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def later(clock, seconds=5):
    clock.shift(timedelta(seconds=seconds))


def cycle(client, clock, url, change, before_text, after_text):
    """Read `url`; after `change()` (made later), the same `If-Modified-Since` gets the
    new page with a newer `Last-Modified`, and that new time gets a 304 again."""
    first = client.get(url)
    assert first.status_code == 200, url
    assert before_text in first.content.decode()
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    later(clock)
    change()
    later(clock, 1)
    answer = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert answer.status_code == 200, f"{url}: a 304 for a changed page"
    page = answer.content.decode()
    assert after_text(page) if callable(after_text) else after_text in page
    assert parse_http_date(answer["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=answer["Last-Modified"])
    assert again.status_code == 304, "unchanged since the new time: the cache still helps"
    return answer


def test_an_unpublished_article_leaving_the_list_moves_its_time(client, clock):
    kept = ArticleFactory(title="Dockers win their pay claim")
    leaving = ArticleFactory(title="Withdrawn report", publish_at=kept.publish_at - timedelta(1))

    def unpublish():
        leaving.status = Article.Status.DRAFT
        leaving.save()

    cycle(
        client, clock, "/articles/", unpublish, "Withdrawn report",
        lambda page: "Withdrawn report" not in page and "Dockers win their pay claim" in page,
    )  # fmt: skip


def test_a_deleted_article_leaving_the_list_moves_its_time(client, clock):
    ArticleFactory(title="Dockers win their pay claim")
    deleted = ArticleFactory(title="Deleted report", publish_at=timezone.now() - timedelta(1))
    cycle(
        client, clock, "/articles/feed.atom", deleted.delete, "Deleted report",
        lambda page: "Deleted report" not in page,
    )  # fmt: skip


def test_an_article_moved_to_another_section_leaves_the_old_sections_page(client, clock):
    news, analysis = SectionFactory(name="News"), SectionFactory(name="Analysis")
    ArticleFactory(title="Stays in the news", section=news)
    moved = ArticleFactory(title="Moves to analysis", section=news)

    def move():
        moved.section = analysis
        moved.save()

    cycle(
        client, clock, news.get_absolute_url(), move, "Moves to analysis",
        lambda page: "Moves to analysis" not in page and "Stays in the news" in page,
    )  # fmt: skip


def test_an_authors_new_name_on_the_byline_moves_the_article_pages_time(client, clock):
    author = AuthorFactory(name="Maria Kowalczyk")
    article = ArticleFactory(title="Dockers win their pay claim", authors=[author])

    def rename():
        author.name = "Maria Kowalczyk-Nowak"
        author.save()

    cycle(
        client, clock, article.get_absolute_url(), rename, "Maria Kowalczyk",
        "Maria Kowalczyk-Nowak",
    )  # fmt: skip


def test_a_renamed_section_moves_the_article_pages_time(client, clock):
    section = SectionFactory(name="News")
    article = ArticleFactory(title="Dockers win their pay claim", section=section)

    def rename():
        section.name = "Union news"
        section.save()

    cycle(client, clock, article.get_absolute_url(), rename, ">News<", "Union news")


def test_a_confirmed_signature_moves_the_statement_pages_time(client, clock):
    statement = StatementFactory(title="Declaration of the dockers", show_individual_names=True)
    EndorsementFactory(statement=statement, name="First Signer")
    cycle(
        client, clock, statement.get_absolute_url(),
        lambda: EndorsementFactory(statement=statement, name="Second Signer"),
        "First Signer", "Second Signer",
    )  # fmt: skip


def test_a_change_not_shown_on_a_page_still_gives_a_full_answer_never_a_304(client, clock):
    """The content version is the whole site's: coarse, so a page may be sent again after
    an unrelated edit, but never withheld after a related one."""
    article = ArticleFactory(title="Dockers win their pay claim")
    other = ArticleFactory(title="Another story")
    first = client.get(article.get_absolute_url())
    later(clock)
    other.title = "Another story, corrected"
    other.save()
    answer = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert answer.status_code == 200


def lastmods(client, path):
    xml = client.get(path).content.decode()
    return dict(re.findall(r"<loc>http://testserver([^<]+)</loc><lastmod>([^<]+)</lastmod>", xml))


def test_the_sitemap_shows_a_new_signature_at_once(client, clock):
    """A signature bumps only its statement's scope and the family of all signatures,
    which the sitemap reads: the cached sitemap is fresh at once, and article pages stay
    cached."""
    statement = StatementFactory(title="Declaration of the dockers")
    EndorsementFactory(statement=statement, kind="organisation", organisation="Dock union")
    article = ArticleFactory(title="Dockers win their pay claim")
    signatories = f"{statement.get_absolute_url()}signatories/"
    sitemap = "/sitemap-statement-signatories-1.xml"
    before = lastmods(client, sitemap)
    index_before = client.get("/sitemap.xml").content.decode()
    assert signatories in before
    client.get(article.get_absolute_url())

    clock.shift(timedelta(minutes=10))  # within the cached pages' lifetime
    EndorsementFactory(statement=statement, kind="organisation", organisation="Port union")

    after = lastmods(client, sitemap)
    assert after[signatories] > before[signatories]
    assert after[signatories].startswith(timezone.now().strftime("%Y-%m-%dT%H:%M"))
    assert client.get("/sitemap.xml").content.decode() != index_before
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
