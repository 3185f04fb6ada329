"""Feeds, sitemap, robots.txt and structured data."""

import re
import xml.etree.ElementTree as ET

import extruct
import feedparser
import pytest

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.support.sitemaps import sitemap_addresses

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    section = SectionFactory(name="News")
    authors = [AuthorFactory(name="Maria Kowalczyk"), AuthorFactory(name="Sam Okafor")]
    published = [ArticleFactory(section=section, authors=authors, tags=["pay"]) for _ in range(3)]
    hidden = [
        ArticleFactory(section=section, authors=authors, tags=["pay"], draft=True),
        ArticleFactory(section=section, authors=authors, tags=["pay"], scheduled=True),
    ]
    return {"section": section, "authors": authors, "published": published, "hidden": hidden}


@pytest.mark.parametrize(
    "url",
    [
        "/articles/feed.rss",
        "/articles/feed.atom",
        "/sections/news/feed.rss",
        "/sections/news/feed.atom",
        "/authors/maria-kowalczyk/feed.rss",
        "/authors/sam-okafor/feed.atom",
        "/tags/pay/feed.rss",
        "/tags/pay/feed.atom",
    ],
)
def test_feeds_parse_and_list_exactly_the_published_articles(client, content, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    titles = {entry.title for entry in feed.entries}
    assert titles == {article.title for article in content["published"]}
    for entry in feed.entries:
        date_key = "updated_parsed" if url.endswith(".atom") else "published_parsed"
        assert entry.get(date_key), f"entry without {date_key}"
        names = [author.get("name") for author in entry.authors]
        assert names == ["Maria Kowalczyk", "Sam Okafor"]
        assert entry.link.startswith("http://testserver/articles/")


def test_each_co_author_is_an_author_element_of_their_own(client, content):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(client.get("/articles/feed.atom").content)
    for entry in root.findall(f"{atom}entry"):
        names = [author.findtext(f"{atom}name") for author in entry.findall(f"{atom}author")]
        assert names == ["Maria Kowalczyk", "Sam Okafor"]
    rss = ET.fromstring(client.get("/articles/feed.rss").content)
    for item in rss.iter("item"):
        creators = [el.text for el in item.findall("{http://purl.org/dc/elements/1.1/}creator")]
        assert creators == ["Maria Kowalczyk", "Sam Okafor"]


def test_atom_entries_have_updated_elements(client, content):
    root = ET.fromstring(client.get("/articles/feed.atom").content)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 3
    assert all(entry.find(f"{atom}updated") is not None for entry in entries)


def test_feeds_of_unknown_things_are_404(client, db):
    for url in ["/sections/nope/feed.rss", "/authors/nope/feed.atom", "/tags/nope/feed.rss"]:
        assert client.get(url).status_code == 404


def test_pages_link_their_feeds(client, content):
    page = client.get("/sections/news/").content.decode()
    assert 'type="application/rss+xml"' in page
    assert 'href="/sections/news/feed.atom"' in page
    assert 'href="/articles/feed.rss"' in client.get("/").content.decode()


def test_sitemap_lists_exactly_the_published_urls(client, content):
    locations = sitemap_addresses(client)
    article_urls = {url for url in locations if "/articles/" in url and url.count("/") > 4}
    assert article_urls == {
        f"http://testserver{article.get_absolute_url()}" for article in content["published"]
    }
    assert "http://testserver/sections/news/" in locations
    assert "http://testserver/authors/maria-kowalczyk/" in locations


def test_sitemap_leaves_out_sections_with_nothing_published(client, db):
    ArticleFactory(section=SectionFactory(name="Quiet"), draft=True)
    ArticleFactory(section=SectionFactory(name="Busy"))
    locations = sitemap_addresses(client)
    assert "http://testserver/sections/busy/" in locations
    assert "http://testserver/sections/quiet/" not in locations


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_article_page_has_news_article_json_ld_and_social_meta(client, db):
    article = ArticleFactory(
        title='A "quoted" </script> title',
        authors=[AuthorFactory(name="Ольга Петренко")],
        lead_image=ImageFactory(),
        lead_image_alt="Dockers on the quay",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])
    (news,) = [block for block in data["json-ld"] if block["@type"] == "NewsArticle"]
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == article.title
    assert news["datePublished"] == article.publish_at.isoformat()
    assert news["author"][0]["name"] == "Ольга Петренко"
    assert news["image"][0]["url"].startswith("http://testserver/media/")
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image:alt" content="Dockers on the quay">' in html


@pytest.mark.parametrize(
    "url", ["/articles/feed.atom", "/articles/feed.rss", "/statements/feed.atom"]
)
def test_entry_ids_are_stable_tag_uris_of_the_request_host(client, settings, content, url):
    from tests.factories import StatementFactory

    StatementFactory()
    settings.ALLOWED_HOSTS = ["campaign.example.org", "other.example.net"]

    def ids(host):
        feed = feedparser.parse(client.get(url, HTTP_HOST=host).content)
        return [entry.id for entry in feed.entries]

    first = ids("campaign.example.org")
    assert first
    pattern = r"tag:campaign\.example\.org,\d{4}-\d\d-\d\d:(article|statement)/\d+"
    assert all(re.fullmatch(pattern, entry_id) for entry_id in first), first
    assert ids("campaign.example.org") == first
    assert all(
        entry_id.startswith("tag:other.example.net,") for entry_id in ids("other.example.net:8000")
    )


def test_home_and_statement_pages_link_the_statement_feed(client, db):
    from tests.factories import StatementFactory

    statement = StatementFactory()
    link = 'type="application/atom+xml" title="'
    for url in ["/", statement.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert link in page and 'href="/statements/feed.atom"' in page, url


def test_atom_feeds_carry_the_site_icon_and_logo(client, content):
    from publishing.models import SiteSettings

    for url in ["/articles/feed.atom", "/statements/feed.atom", "/events/feed.atom"]:
        feed = feedparser.parse(client.get(url).content).feed
        assert feed.icon.startswith("http://testserver/") and feed.icon.endswith(".svg"), url
        assert "logo" not in feed, url
    site = SiteSettings.load()
    site.logo = ImageFactory()
    site.save()
    feed = feedparser.parse(client.get("/articles/feed.atom").content).feed
    assert feed.logo == f"http://testserver{site.logo.file.url}"


def test_statement_feed_author_is_the_issuing_body_name(client, db):
    from tests.factories import StatementFactory

    StatementFactory(issuing_body="Issued by the executive committee")
    StatementFactory(issuing_body="Harbourside Network")
    for url in ["/statements/feed.atom", "/statements/feed.rss"]:
        feed = feedparser.parse(client.get(url).content)
        assert sorted(entry.author for entry in feed.entries) == [
            "Harbourside Network",
            "The executive committee",
        ], url
