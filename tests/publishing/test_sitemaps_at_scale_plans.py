"""The sitemap's lists (sections, authors, tags, the archive's months) read their last
changes without reading every article: a list's rows among the newest articles first, the
others from their own articles (see `publishing.sitemaps.ListSitemap.newest_changes`),
and each month of the archive from the top of an index by month on PostgreSQL (see
`articles.sitemaps.ArticleListsSitemap`). Whichever way, each address has the newest
change among the published articles its page lists."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import month_index
from articles.models import Article
from articles.sitemaps import ArticleListsSitemap
from publishing import sitemaps
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def w3c(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_file(client, url):
    """{path: lastmod} of a sitemap file."""
    response = client.get(url)
    assert response.status_code == 200
    return {
        urlsplit(node.findtext(f"{NS}loc")).path: node.findtext(f"{NS}lastmod")
        for node in ET.fromstring(response.content)
    }


def article(at, edited=None, **kwargs):
    """A published article made at `at`, edited at `edited` (its last change)."""
    made = ArticleFactory(publish_at=at, **kwargs)
    Article.objects.filter(pk=made.pk).update(updated_at=edited or at)
    return made


def expected_changes(url_name, link):
    """{path: lastmod} of a list's pages as they must be: for each row some published
    article links to, the newest change among those articles, computed here one article
    at a time."""
    newest = {}
    for item in Article.objects.published():
        changed = max(item.updated_at, item.publish_at)
        rows = [item.section] if link == "section" else list(getattr(item, link).all())
        for row in rows:
            if row is None:
                continue
            path = reverse(url_name, kwargs={"slug": row.slug})
            newest[path] = max(newest.get(path, changed), changed)
    return {path: w3c(moment) for path, moment in newest.items()}


@pytest.fixture
def lists(time_machine):
    """Sections, authors and tags whose newest articles are at every depth: some among
    the newest articles of the site, some only in its old ones, with a draft and a
    scheduled article newer than all, and rows that only those link to."""
    time_machine.move_to(START + timedelta(days=400), tick=False)
    sections = [SectionFactory(name=f"Section {n}") for n in range(4)]
    authors = [AuthorFactory(name=f"Author {n}") for n in range(4)]
    for number in range(12):
        at = START + timedelta(days=number * 20)
        article(
            at,
            # Edited long after: the change that counts is the edit, not the publication.
            edited=at + timedelta(days=90) if number == 2 else None,
            section=sections[min(number // 3, 3)],
            authors=[authors[3], authors[0]] if number == 1 else [authors[number // 4]],
            tags=[f"tag-{number // 3}"] + (["every"] if number % 2 else []),
        )
    newest = timezone.now() - timedelta(days=1)
    ArticleFactory(
        draft=True, publish_at=newest, section=sections[0], authors=[authors[0]], tags=["tag-0"]
    )
    ArticleFactory(scheduled=True, section=sections[1], authors=[authors[1]], tags=["tag-1"])
    ArticleFactory(
        draft=True,
        section=SectionFactory(name="Drafts"),
        authors=[AuthorFactory()],
        tags=["draft-only"],
    )
    return sections, authors


@pytest.mark.parametrize("recent", [1, 2, 5, 1000])
@pytest.mark.parametrize(
    "section,url_name,link",
    [
        ("sections", "articles:section-detail", "section"),
        ("authors", "articles:author-detail", "authors"),
        ("tags", "articles:tag-detail", "tags"),
    ],
)
def test_each_list_has_the_newest_change_of_its_published_articles(
    client, lists, monkeypatch, recent, section, url_name, link
):
    monkeypatch.setattr(sitemaps, "RECENT_ITEMS", recent)
    listed = read_file(client, f"/sitemap-{section}-1.xml")
    expected = expected_changes(url_name, link)
    assert len(expected) >= 4
    assert listed == expected


def test_a_list_file_costs_the_same_queries_however_deep_its_rows_newest_articles(
    client, lists, monkeypatch, settings
):
    """Rows found among the newest articles cost no more query; the others one, however
    many they are."""
    settings.PLACARD_PAGE_CACHE = False
    monkeypatch.setattr(sitemaps, "RECENT_ITEMS", 1000)
    with CaptureQueriesContext(connection) as all_recent:
        client.get("/sitemap-authors-1.xml")
    monkeypatch.setattr(sitemaps, "RECENT_ITEMS", 1)
    with CaptureQueriesContext(connection) as few_recent:
        client.get("/sitemap-authors-1.xml")
    assert len(few_recent) == len(all_recent) + 1


def archive_changes():
    """{(year, month): lastmod} of the archive's months, computed one article at a time
    in the site's time zone."""
    zone = ZoneInfo(timezone.get_current_timezone_name())
    newest = {}
    for item in Article.objects.published():
        local = item.publish_at.astimezone(zone)
        changed = max(item.updated_at, item.publish_at)
        key = (local.year, local.month)
        newest[key] = max(newest.get(key, changed), changed)
    return {key: w3c(moment) for key, moment in newest.items()}


@pytest.fixture
def archive(time_machine, settings):
    """Published articles over years with months left empty, some at the edge of a
    month (a month later in the site's time zone than in UTC), edited later; and a draft
    and a scheduled article, which date nothing."""
    settings.TIME_ZONE = "Europe/London"
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    article(datetime(2019, 1, 10, 9, 0, tzinfo=UTC))
    article(datetime(2019, 1, 20, 9, 0, tzinfo=UTC), edited=datetime(2024, 5, 5, 5, 5, tzinfo=UTC))
    # 30 June 23:30 UTC is 1 July 00:30 in London: a July article.
    article(datetime(2023, 6, 30, 23, 30, tzinfo=UTC), edited=datetime(2023, 7, 2, tzinfo=UTC))
    article(datetime(2023, 6, 12, 8, 0, tzinfo=UTC))
    article(datetime(2025, 12, 31, 23, 59, tzinfo=UTC))
    article(datetime(2026, 5, 31, 23, 30, tzinfo=UTC))  # June in London
    ArticleFactory(draft=True, publish_at=datetime(2023, 6, 20, tzinfo=UTC))
    ArticleFactory(scheduled=True)


def month_addresses(listed):
    found = {}
    for path, lastmod in listed.items():
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "archive":
            found[(int(parts[1]), int(parts[2]))] = lastmod
    return found


def test_each_month_of_the_archive_has_the_newest_change_of_its_articles(client, archive):
    listed = read_file(client, "/sitemap-article-lists-1.xml")
    expected = archive_changes()
    assert set(expected) == {(2019, 1), (2023, 6), (2023, 7), (2025, 12), (2026, 6)}
    assert month_addresses(listed) == expected
    assert listed[reverse("articles:archive-year", args=[2019])] == "2024-05-05T05:05:00Z"
    assert listed[reverse("articles:archive-year", args=[2023])] == "2023-07-02T00:00:00Z"
    assert listed[reverse("articles:archive")] == max(expected.values())


def test_the_archive_is_the_same_when_each_month_is_read_in_one_scan(client, archive, monkeypatch):
    looked_up = read_file(client, "/sitemap-article-lists-1.xml")
    monkeypatch.setattr("articles.sitemaps.MAX_MONTH_LOOKUPS", 1)
    assert read_file(client, "/sitemap-article-lists-1.xml") == looked_up


def test_an_archive_of_one_month_and_of_none(client, settings, time_machine):
    settings.TIME_ZONE = "Europe/London"
    time_machine.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False)
    assert ArticleListsSitemap().months() == []
    assert client.get("/sitemap-article-lists-1.xml").status_code == 404
    article(datetime(2026, 5, 2, 9, 0, tzinfo=UTC))
    assert month_addresses(read_file(client, "/sitemap-article-lists-1.xml")) == {
        (2026, 5): "2026-05-02T09:00:00Z"
    }


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the indexes are PostgreSQL's")


def plan(sql, params):
    with connection.cursor() as cursor:
        # Statistics of the index's expression, which the planner otherwise guesses on a
        # database of a few rows just filled.
        cursor.execute("ANALYZE articles_article")
        # On a few rows a scan and a sort cost less than any index: asks whether the
        # query and the index agree, as they must for the index to serve at a million.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_each_month_is_looked_up_in_the_index_by_month(client, archive):
    postgresql_only()
    with CaptureQueriesContext(connection) as captured:
        read_file(client, "/sitemap-article-lists-1.xml")
    lookups = [q["sql"] for q in captured.captured_queries if "sitemap_months" in q["sql"]]
    assert len(lookups) == 1
    assert "article_month_changed_idx" in plan(lookups[0], None)


def test_a_time_zone_without_its_index_reads_the_months_in_one_scan(client, archive, settings):
    settings.TIME_ZONE = "America/New_York"
    with CaptureQueriesContext(connection) as captured:
        listed = read_file(client, "/sitemap-article-lists-1.xml")
    assert not any("sitemap_months" in q["sql"] for q in captured.captured_queries)
    assert month_addresses(listed) == archive_changes()


# Builds an index concurrently, which cannot run inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_migrate_builds_the_index_by_month_again_for_a_new_time_zone(client, archive, settings):
    postgresql_only()
    settings.TIME_ZONE = "America/New_York"
    try:
        call_command("migrate", verbosity=0)
        assert "'America/New_York'" in month_index.definition(connection)
        with CaptureQueriesContext(connection) as captured:
            listed = read_file(client, "/sitemap-article-lists-1.xml")
        lookups = [q["sql"] for q in captured.captured_queries if "sitemap_months" in q["sql"]]
        assert len(lookups) == 1
        with transaction.atomic():
            assert "article_month_changed_idx" in plan(lookups[0], None)
        # The months of the new zone: 30 June 23:30 UTC is a June article in New York.
        assert month_addresses(listed) == archive_changes()
        assert (2023, 6) in month_addresses(listed)
    finally:
        settings.TIME_ZONE = "Europe/London"
        call_command("migrate", verbosity=0)
    assert "'Europe/London'" in month_index.definition(connection)
    assert month_index.serves(connection.alias, "Europe/London")
