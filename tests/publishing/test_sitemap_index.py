"""The sitemap index finds each file and its last change without reading every row: the
range of keys of each section, then the newest row of each file in it (see
`publishing.sitemaps.index_files`). What it lists must be what the files hold."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import Article, Author, Section
from articles.sitemaps import ArticleSitemap, AuthorSitemap, SectionSitemap, TagSitemap
from publishing import sitemaps
from publishing.sitemaps import CHANGED
from statements.models import Statement
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, StatementFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def w3c(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def index(client):
    """{path of a file: its lastmod} as the index lists them."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return {
        urlsplit(node.findtext(f"{NS}loc")).path: node.findtext(f"{NS}lastmod")
        for node in ET.fromstring(response.content)
    }


def newest_address(client, path):
    """The newest lastmod among the addresses of a file, or False if there is no file."""
    response = client.get(path)
    if response.status_code == 404:
        return False
    root = ET.fromstring(response.content)
    return max((node.findtext(f"{NS}lastmod") or "" for node in root), default="") or None


def files_that_answer(client, section, last):
    """{path: newest lastmod} of the files 1..`last` of `section` that exist."""
    found = {}
    for number in range(1, last + 1):
        path = f"/sitemap-{section}-{number}.xml"
        newest = newest_address(client, path)
        if newest is not False:
            found[path] = newest
    return found


@pytest.fixture
def small_files(monkeypatch):
    monkeypatch.setattr(sitemaps, "FILE_SIZE", 3)


@pytest.fixture
def spread_site(small_files, time_machine):
    """Articles, sections, authors and tags over several files of three keys, with drafts
    and scheduled items among them, each made a minute after the one before."""
    clock = iter(START + timedelta(minutes=n) for n in range(1000))

    def at_next_minute():
        time_machine.move_to(next(clock), tick=False)

    sections = []
    for number in range(7):
        at_next_minute()
        sections.append(SectionFactory(name=f"Section {number}"))
    authors = []
    for number in range(7):
        at_next_minute()
        authors.append(AuthorFactory(name=f"Author {number}"))
    made = []
    for number in range(14):
        at_next_minute()
        made.append(
            ArticleFactory(
                section=sections[number % 4],
                authors=[authors[number % 5]],
                tags=[f"tag-{number % 6}"],
                draft=number in (4, 5),
                scheduled=number == 9,
            )
        )
    # Rows that only unpublished articles link to: never listed.
    at_next_minute()
    ArticleFactory(section=sections[6], authors=[authors[6]], tags=["only-draft"], draft=True)
    at_next_minute()
    StatementFactory()
    return {"articles": made, "sections": sections, "authors": authors, "clock": at_next_minute}


# Each section of the sitemap read here, and the model whose keys make its files.
SECTIONS = {
    "articles": Article,
    "sections": Section,
    "authors": Author,
    "tags": Tag,
    "statements": Statement,
}


def test_the_index_lists_every_file_that_has_addresses_with_its_newest_change(client, spread_site):
    listed = index(client)
    for section, model in SECTIONS.items():
        last = model.objects.aggregate(last=Max("pk"))["last"] // 3 + 1
        expected = files_that_answer(client, section, last + 1)
        assert expected, section
        assert {path: lastmod for path, lastmod in listed.items() if f"-{section}-" in path} == (
            expected
        ), section


def test_an_edit_dates_the_file_of_the_article_and_of_its_lists(client, spread_site):
    first = spread_site["articles"][0]
    before = index(client)
    spread_site["clock"]()
    first.title = "Edited later"
    first.save()
    edited = Article.objects.get(pk=first.pk).updated_at
    after = index(client)
    changed = {path for path in after if after[path] != before[path]}
    article_file = f"/sitemap-articles-{first.pk // 3 + 1}.xml"
    section_file = f"/sitemap-sections-{first.section_id // 3 + 1}.xml"
    assert article_file in changed and section_file in changed
    assert after[article_file] == after[section_file] == w3c(edited)
    assert not any("-articles-" in path for path in changed - {article_file})


def test_a_scheduled_article_dates_nothing_before_its_time(client, small_files, time_machine):
    time_machine.move_to(START, tick=False)
    published = ArticleFactory(authors=[])
    time_machine.move_to(START + timedelta(minutes=5), tick=False)
    ArticleFactory(authors=[], scheduled=True)  # most likely in the same file of three
    assert index(client)[f"/sitemap-articles-{published.pk // 3 + 1}.xml"] == w3c(START)


def test_a_file_of_only_unpublished_rows_is_not_listed(client, small_files):
    for _ in range(3):
        ArticleFactory(authors=[])
    hidden = [ArticleFactory(authors=[], draft=True) for _ in range(3)]
    hidden += [ArticleFactory(authors=[], scheduled=True) for _ in range(3)]
    ArticleFactory(authors=[])
    only_hidden = {a.pk // 3 + 1 for a in hidden} - {
        a.pk // 3 + 1 for a in Article.objects.published()
    }
    assert only_hidden
    listed = index(client)
    for number in only_hidden:
        assert f"/sitemap-articles-{number}.xml" not in listed


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_the_files(client, settings, small_files):
    settings.PLACARD_PAGE_CACHE = False
    ArticleFactory(tags=["docks"])
    StatementFactory()
    count = queries(client, "/sitemap.xml")
    for number in range(12):
        ArticleFactory(tags=[f"tag-{number}"], authors=[AuthorFactory(), AuthorFactory()])
        StatementFactory()
    assert sum("-articles-" in path for path in index(client)) >= 4
    assert queries(client, "/sitemap.xml") == count


def test_keys_far_apart_are_summarised_in_one_scan(client, spread_site, monkeypatch):
    expected = index(client)
    monkeypatch.setattr(sitemaps, "MAX_FILE_LOOKUPS", 1)
    assert index(client) == expected


def test_many_files_are_looked_up_a_batch_at_a_time(client, spread_site, monkeypatch):
    expected = index(client)
    monkeypatch.setattr(sitemaps, "LOOKUPS_A_QUERY", 2)
    assert index(client) == expected


def test_each_look_up_can_read_the_newest_article_from_an_index(client):
    if connection.vendor != "postgresql":
        pytest.skip("the indexes are asked for on PostgreSQL")
    ArticleFactory(tags=["docks"])
    with connection.cursor() as cursor:
        # On a few rows a scan and a sort cost less than any index: asks whether the
        # query and the index agree (the file's number, the change), as they must for
        # the index to serve at 100,000 articles.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    assert "article_file_changed_idx" in ArticleSitemap().newest_first(1)[:1].explain()
    for sitemap in (SectionSitemap, AuthorSitemap, TagSitemap):
        assert "article_changed_idx" in sitemap().newest_first(1)[:1].explain()
    # What PostgreSQL makes of the Max() of `latest_changes`.
    newest = Article.objects.published().order_by(CHANGED.desc())[:1]
    assert "article_changed_idx" in newest.explain()
