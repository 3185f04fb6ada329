"""What link previews, browsers and phones get: a picture on every page (the page's own or
the site's), the icons and the web app manifest, and a description of each page."""

import io
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from articles import views as article_views
from publishing.models import SiteSettings
from publishing.sharing import default_share_image, site_logo
from tests.events.factories import EventFactory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EndorsementFactory,
    ImageFactory,
    SectionFactory,
    StatementFactory,
)
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

TAGLINE = "News of the dockers' campaign"


class Head(HTMLParser):
    """The `<meta>` and `<link>` tags of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)


def head(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def fetch(client, url):
    """The body of a response to `url` (absolute or not), which must answer 200."""
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    return response, b"".join(response)


@pytest.fixture
def site_settings():
    return SiteSettings.objects.create(name="Dockers United", tagline=TAGLINE)


@pytest.fixture
def content(site_settings):
    section, author = SectionFactory(name="News", slug="news"), AuthorFactory(name="Ana Ruiz")
    article = ArticleFactory(section=section, authors=[author], tags=["docks"])
    statement = StatementFactory(slug="open-letter")
    EndorsementFactory(statement=statement)
    return {
        "article": article,
        "statement": statement,
        "event": EventFactory(),
        "page": PageFactory(title="About us", slug="about"),
    }


def list_pages(content):
    stamp = timezone.localtime(content["article"].publish_at)
    return [
        "/articles/",
        "/statements/",
        "/events/",
        "/events/past/",
        "/events/calendar/",
        "/archive/",
        f"/archive/{stamp.year}/",
        f"/archive/{stamp.year}/{stamp.month:02d}/",
        "/sections/news/",
        "/tags/docks/",
        "/authors/",
        "/authors/ana-ruiz/",
        "/statements/open-letter/signatories/",
        "/search/",
        "/search/?q=docks",
    ]


# The static pictures and what the helpers give ------------------------------------------


def test_without_a_logo_the_sites_mark_stands_in(site_settings):
    request = RequestFactory().get("/")
    logo, share = site_logo(request), default_share_image(request)
    assert logo["url"].startswith("http://testserver/static/img/logo-512")
    assert (logo["width"], logo["height"]) == (512, 512)
    assert share["url"].startswith("http://testserver/static/img/share-default")
    assert (share["width"], share["height"]) == (1200, 630)
    assert share["alt"] == "Dockers United logo"
    for name, size in [("img/logo-512.png", (512, 512)), ("img/share-default.png", (1200, 630))]:
        path = finders.find(name)
        with Image.open(path) as picture:
            assert (picture.format, picture.size) == ("PNG", size)
        with open(path, "rb") as file:
            assert len(file.read()) < 8_000  # a few kilobytes at most


def test_the_logo_of_the_settings_is_used_when_set(site_settings):
    site_settings.logo = ImageFactory()  # 640 × 480, renditions made at once in tests
    site_settings.save()
    SiteSettings.clear_cache()
    request = RequestFactory().get("/")
    logo, share = site_logo(request), default_share_image(request)
    assert logo["url"].startswith("http://testserver/media/")
    assert logo["width"] <= 600 and logo["height"] == round(480 * logo["width"] / 640)
    assert share["url"].startswith("http://testserver/media/")
    assert share["width"] == 640


# Icons and manifest ------------------------------------------------------------------------


def test_favicon_ico_is_a_real_icon(client):
    response, body = fetch(client, "/favicon.ico")
    assert response["Content-Type"] == "image/x-icon"
    with Image.open(io.BytesIO(body)) as icon:
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])


def test_the_manifest_names_the_site_and_its_icons(client, site_settings):
    response, body = fetch(client, "/site.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(body)
    assert manifest["name"] == "Dockers United"
    assert manifest["short_name"] and len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#") and manifest["background_color"]
    assert manifest["description"] == TAGLINE
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        _response, picture = fetch(client, icon["src"])
        with Image.open(io.BytesIO(picture)) as image:
            assert "x".join(map(str, image.size)) == icon["sizes"]
    # The policy lets the browser read the manifest from the site itself.
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy or "manifest-src 'self'" in policy


def test_every_page_links_its_icons_and_manifest(client, site_settings):
    links = head(client, "/").links
    found = {(link["rel"], link.get("type")): link for link in links}
    assert ("icon", "image/svg+xml") in found
    assert ("icon", "image/png") in found
    assert ("apple-touch-icon", None) in found
    assert ("manifest", None) in found
    for link in links:
        if link["rel"] in {"icon", "apple-touch-icon", "manifest"}:
            fetch(client, link["href"])
    _response, touch = fetch(client, found[("apple-touch-icon", None)]["href"])
    with Image.open(io.BytesIO(touch)) as image:
        assert image.size == (180, 180)


# The share picture on every page ---------------------------------------------------------


def assert_full_image_tags(meta):
    assert meta["og:image"].startswith("http://testserver/")
    assert int(meta["og:image:width"]) > 0 and int(meta["og:image:height"]) > 0
    assert meta["og:image:alt"]
    assert meta["twitter:card"] == "summary_large_image"


def test_pages_without_a_picture_of_their_own_show_the_sites(client, content):
    paths = ["/", *list_pages(content)]
    paths += [content[key].get_absolute_url() for key in ("article", "statement", "event", "page")]
    for path in paths:
        meta = head(client, path).meta
        assert_full_image_tags(meta)
        assert "/static/img/share-default" in meta["og:image"], path
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        fetch(client, meta["og:image"])


def test_an_items_own_picture_is_shown_with_its_alt_text(client, site_settings):
    article = ArticleFactory(lead_image=ImageFactory(), lead_image_alt="Dockers on the quay")
    meta = head(client, article.get_absolute_url()).meta
    assert_full_image_tags(meta)
    assert "/media/" in meta["og:image"]
    assert meta["og:image:alt"] == "Dockers on the quay"
    assert meta["article:published_time"]


def test_a_decorative_picture_is_described_by_the_items_title(client, site_settings):
    event = EventFactory(lead_image=ImageFactory(), lead_image_decorative=True, title="Rally")
    meta = head(client, event.get_absolute_url()).meta
    assert_full_image_tags(meta)
    assert meta["og:image:alt"] == "Rally"


def test_an_article_without_a_picture_keeps_its_publication_time(client, site_settings):
    article = ArticleFactory()
    assert head(client, article.get_absolute_url()).meta["article:published_time"]


# Descriptions ----------------------------------------------------------------------------


def test_every_list_page_describes_itself(client, content):
    seen = {}
    for path in list_pages(content):
        meta = head(client, path).meta
        description = meta["description"]
        assert description and description != TAGLINE, path
        assert meta["og:description"] == description, path
        assert description not in seen, (path, seen.get(description))
        seen[description] = path
    assert "docks" in head(client, "/tags/docks/").meta["description"]


def test_items_are_described_by_their_own_summary(client, content):
    article = content["article"]
    assert head(client, article.get_absolute_url()).meta["description"] == article.standfirst
    event = content["event"]
    assert head(client, event.get_absolute_url()).meta["description"] == event.summary
    statement = content["statement"]
    assert head(client, statement.get_absolute_url()).meta["description"] == statement.standfirst


def test_shared_links_carry_the_same_description_as_the_page(client, content):
    """`og:description` repeats the page's description, escaped once, on every item."""
    for key in ("article", "statement", "event", "page"):
        item = content[key]
        field = "summary" if key in ("event", "page") else "standfirst"
        setattr(item, field, "Dockers & seafarers <together> on the quay")
        item.save()
        meta = head(client, item.get_absolute_url()).meta
        assert meta["description"] == "Dockers & seafarers <together> on the quay", key
        assert meta["og:description"] == meta["description"], key


def test_items_without_a_summary_are_described_by_the_start_of_their_text(client, content):
    body = "<h2>Why we struck</h2><p>Pay had fallen &amp; nobody listened.</p>" + (
        "<p>The long report goes on for many paragraphs.</p>" * 500
    )
    expected = "Why we struck Pay had fallen & nobody listened. The long report goes on"
    article, event, page = content["article"], content["event"], content["page"]
    article.standfirst = article.summary = ""
    article.body = body
    event.summary = ""
    event.description = body
    page.summary = ""
    page.body = body
    for item in (article, event, page):
        item.save()
        meta = head(client, item.get_absolute_url()).meta
        description = meta["description"]
        assert description.startswith(expected), item
        assert len(description) == 300 and description.endswith("…"), item
        assert meta["og:description"] == description, item


def test_an_authors_biography_describes_their_page(client, site_settings):
    author = AuthorFactory(name="Lea Berg", bio="<p>Lea covers the <b>ports</b>.</p>")
    ArticleFactory(authors=[author])
    meta = head(client, author.get_absolute_url()).meta
    assert meta["description"] == "Lea covers the ports."


def test_later_pages_of_a_list_say_which_page_they_are(client, site_settings, monkeypatch):
    monkeypatch.setattr(article_views.ArticleListView, "paginate_by", 2)
    for _ in range(3):
        ArticleFactory()
    first = head(client, "/articles/").meta["description"]
    second = head(client, "/articles/?page=2").meta["description"]
    assert first != second and "Page 2" in second


def test_choosing_a_logo_changes_the_picture_of_cached_pages(client, site_settings):
    assert "/static/img/share-default" in head(client, "/articles/").meta["og:image"]
    site_settings.logo = ImageFactory()
    site_settings.save()
    assert "/media/" in head(client, "/articles/").meta["og:image"]


def test_the_feed_links_of_the_head_follow_a_renamed_site(client, site_settings):
    """The head's links are written once per site name: a new name shows at once, escaped."""
    head = client.get("/").content.decode().split("</head>", 1)[0]
    assert 'title="Dockers United – RSS" href="/articles/feed.rss"' in head
    site_settings.name = "Dock & <Harbour>"
    site_settings.save()
    head = client.get("/").content.decode().split("</head>", 1)[0]
    assert 'title="Dock &amp; &lt;Harbour&gt; – Atom" href="/articles/feed.atom"' in head
    assert "Dockers United" not in head


def test_the_default_picture_follows_a_changed_static_address(client, settings, site_settings):
    """Static addresses are worked out once per process, and anew when the setting
    changes: the page names the picture where it is served now."""
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = False
    assert "http://testserver/static/img/share-default" in head(client, "/").meta["og:image"]
    settings.STATIC_URL = "/assets/"
    meta = head(client, "/").meta
    assert meta["og:image"].startswith("http://testserver/assets/img/share-default")
    assert meta["twitter:image"] == meta["og:image"]
