"""Feeds, sitemap, robots.txt and structured data."""

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
        assert entry.author == "Maria Kowalczyk, Sam Okafor"
        assert entry.link.startswith("http://testserver/articles/")


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
    (news,) = data["json-ld"]
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == article.title
    assert news["datePublished"] == article.publish_at.isoformat()
    assert news["author"][0]["name"] == "Ольга Петренко"
    assert news["image"].startswith("http://testserver/media/images/")
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image:alt" content="Dockers on the quay">' in html
