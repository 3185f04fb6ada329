"""The sitemap: an index of sitemap files that together list every public address, each
file small, built in one query, and none listing what readers may not see."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from publishing import sitemaps
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, StatementFactory
from tests.pages.factories import PageFactory
from tests.support.queries import page_queries

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def index(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{NS}sitemapindex"
    files = []
    for node in root:
        assert node.tag == f"{NS}sitemap"
        assert [child.tag for child in node][:1] == [f"{NS}loc"]
        lastmod = node.find(f"{NS}lastmod")
        if lastmod is not None:
            assert W3C_DATETIME.fullmatch(lastmod.text)
        files.append(node.find(f"{NS}loc").text)
    return files


def read_file(client, url):
    """{address: lastmod or None} of one sitemap file, checked against the protocol."""
    location = urlsplit(url)
    assert location.scheme == "http" and location.netloc == "testserver" and not location.query
    response = client.get(location.path)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    assert root.tag == f"{NS}urlset"
    entries = {}
    for node in root:
        assert node.tag == f"{NS}url"
        tags = [child.tag.removeprefix(NS) for child in node]
        assert tags[0] == "loc" and set(tags) <= {"loc", "lastmod", "changefreq", "priority"}
        values = {child.tag.removeprefix(NS): child.text for child in node}
        if "lastmod" in values:
            assert W3C_DATETIME.fullmatch(values["lastmod"])
        if "changefreq" in values:
            assert values["changefreq"] in {"always", "hourly", "daily", "weekly", "monthly"}
        if "priority" in values:
            assert 0 <= float(values["priority"]) <= 1
        entries[values["loc"]] = values.get("lastmod")
    assert 0 < len(entries) <= 50_000  # the protocol's limit
    return entries


def everything(client):
    entries = {}
    for url in index(client):
        found = read_file(client, url)
        assert not entries.keys() & found.keys(), "an address is listed once"
        entries.update(found)
    return entries


@pytest.fixture
def site():
    section, author = SectionFactory(name="News"), AuthorFactory(name="Maria Kowalczyk")
    return {
        "article": ArticleFactory(section=section, authors=[author], tags=["docks"]),
        "draft": ArticleFactory(draft=True, section=SectionFactory(name="Quiet"), tags=["hid"]),
        "scheduled": ArticleFactory(scheduled=True, authors=[AuthorFactory(name="Not Yet")]),
        "statement": StatementFactory(),
        "draft statement": StatementFactory(draft=True),
        "event": EventFactory(),
        "scheduled event": EventFactory(scheduled=True),
        "page": PageFactory(title="About us", slug="about"),
        "draft page": PageFactory(title="Plans", slug="plans", draft=True),
    }


def test_the_files_list_every_public_address_and_nothing_else(client, site):
    stamp = timezone.localtime(site["article"].publish_at)
    expected = {
        "/",
        "/articles/",
        "/statements/",
        site["article"].get_absolute_url(),
        "/sections/news/",
        "/authors/",
        "/authors/maria-kowalczyk/",
        "/tags/docks/",
        "/archive/",
        f"/archive/{stamp.year}/",
        f"/archive/{stamp.year}/{stamp.month:02d}/",
        site["statement"].get_absolute_url(),
        "/events/",
        "/events/past/",
        "/events/calendar/",
        site["event"].get_absolute_url(),
        "/about/",
    }
    assert set(everything(client)) == {f"http://testserver{path}" for path in expected}


def test_items_have_their_last_change(client, site):
    entries = everything(client)
    article = site["article"]
    latest = max(article.updated_at, article.publish_at).astimezone(UTC)
    assert entries[f"http://testserver{article.get_absolute_url()}"] == latest.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    # A list changes with the newest of the published items it shows.
    assert entries["http://testserver/articles/"] == latest.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_index_gives_each_file_the_last_change_of_its_addresses(client, site):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    for node in root:
        changes = read_file(client, node.findtext(f"{NS}loc")).values()
        latest = max((change for change in changes if change), default=None)
        assert node.findtext(f"{NS}lastmod") == latest


def test_a_file_lists_at_most_file_size_addresses_and_each_article_once(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "FILE_SIZE", 3)
    articles = [ArticleFactory(authors=[]) for _ in range(8)]
    files = [url for url in index(client) if "/sitemap-articles-" in url]
    keys = {article.pk // 3 for article in articles}
    assert len(files) == len(keys)
    listed = []
    for url in files:
        entries = read_file(client, url)
        assert len(entries) <= 3
        listed += entries
    assert sorted(listed) == sorted(f"http://testserver{a.get_absolute_url()}" for a in articles)


def test_an_article_keeps_its_file_as_more_are_published(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "FILE_SIZE", 3)
    first = ArticleFactory()
    address = f"http://testserver{first.get_absolute_url()}"
    before = [url for url in index(client) if address in read_file(client, url)]
    for _ in range(7):
        ArticleFactory()
    after = [url for url in index(client) if address in read_file(client, url)]
    assert before == after


def test_files_that_would_be_empty_are_404(client):
    file = ArticleFactory().pk // sitemaps.FILE_SIZE + 1
    StatementFactory(draft=True)
    assert client.get(f"/sitemap-articles-{file}.xml").status_code == 200
    for path in [
        f"/sitemap-articles-{file + 1}.xml",
        "/sitemap-articles-0.xml",
        "/sitemap-articles-99999999.xml",
        "/sitemap-nothing-1.xml",
        "/sitemap-statements-1.xml",
    ]:
        assert client.get(path).status_code == 404, path


def test_an_empty_site_has_an_index_with_its_lists_only(client):
    assert [urlsplit(url).path for url in index(client)] == [
        "/sitemap-pages-1.xml",
        "/sitemap-event-pages-1.xml",
    ]


def test_a_scheduled_article_appears_at_its_time(client, site, time_machine):
    address = f"http://testserver{site['scheduled'].get_absolute_url()}"
    assert address not in everything(client)
    time_machine.move_to(site["scheduled"].publish_at + timedelta(seconds=1))
    assert address in everything(client)


def test_queries_do_not_grow_with_the_content(client, settings):
    settings.PLACARD_PAGE_CACHE = False
    ArticleFactory(tags=["docks"])
    counts = [page_queries(client, "/sitemap.xml"), page_queries(client, "/sitemap-articles-1.xml")]
    for _ in range(5):
        ArticleFactory(tags=["docks", "ports"], authors=[AuthorFactory(), AuthorFactory()])
    assert [
        page_queries(client, "/sitemap.xml"),
        page_queries(client, "/sitemap-articles-1.xml"),
    ] == counts
    assert counts[1] == 1
