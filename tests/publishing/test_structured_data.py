"""JSON-LD as search engines read it: the home page's organisation and search box, a
breadcrumb trail on every public page, and the articles', statements' and pages' blocks
with what Google documents as required and recommended. Drafts appear in none of them."""

import datetime
import json

import extruct
import pytest
from django.utils import timezone

from publishing.models import SiteSettings
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

BASE = "http://testserver"


def blocks(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]


def of_type(found, kind):
    return [block for block in found if block.get("@type") == kind]


def only(found, kind):
    (block,) = of_type(found, kind)
    return block


def assert_image_object(image):
    assert image["@type"] == "ImageObject"
    assert image["url"].startswith(f"{BASE}/")
    assert image["width"] > 0 and image["height"] > 0


@pytest.fixture
def site(db):
    settings = SiteSettings(name="Harbourside Network", tagline="Solidarity on the quays")
    settings.save()
    SiteSettings.clear_cache()
    return settings


def test_home_page_has_organization_and_website_with_search_action(client, site):
    site.social_links.create(label="Mastodon", url="https://social.example/@harbourside")
    SiteSettings.clear_cache()
    found = blocks(client, "/")
    organisation = only(found, "Organization")
    assert organisation["name"] == "Harbourside Network"
    assert organisation["url"] == f"{BASE}/"
    assert_image_object(organisation["logo"])
    assert organisation["sameAs"] == ["https://social.example/@harbourside"]
    website = only(found, "WebSite")
    assert website["url"] == f"{BASE}/" and website["name"] == "Harbourside Network"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{BASE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert not of_type(found, "BreadcrumbList")  # the home page is the trail's start


def public_pages():
    """Every kind of public page but the home page, with the name its trail ends on."""
    section = SectionFactory(name="Dock news", slug="dock-news")
    author = AuthorFactory(name="Maria Kowalczyk")
    article = ArticleFactory(
        title="Dockers walk out", section=section, authors=[author], tags=["pay"]
    )
    statement = StatementFactory(title="Rome declaration")
    EndorsementFactory(statement=statement)
    event = EventFactory(title="Quayside rally")
    parent = PageFactory(title="About us", slug="about")
    page = PageFactory(title="Our team", slug="team", parent=parent)
    month = article.publish_at.astimezone(timezone.get_current_timezone())
    day = event.local_start
    return [
        (article.get_absolute_url(), ["Dock news", "Dockers walk out"]),
        ("/articles/", ["Articles"]),
        (section.get_absolute_url(), ["Dock news"]),
        ("/tags/pay/", ["Tagged “pay”"]),
        ("/authors/", ["Authors"]),
        (author.get_absolute_url(), ["Authors", "Maria Kowalczyk"]),
        ("/archive/", ["Archive"]),
        (f"/archive/{month.year}/", ["Archive", str(month.year)]),
        (
            f"/archive/{month.year}/{month:%m}/",
            ["Archive", str(month.year), f"{month:%B} {month.year}"],
        ),
        ("/statements/", ["Statements"]),
        (statement.get_absolute_url(), ["Statements", "Rome declaration"]),
        (
            f"{statement.get_absolute_url()}signatories/",
            ["Statements", "Rome declaration", "Signatories"],
        ),
        ("/events/", ["Events"]),
        ("/events/past/", ["Events", "Past events"]),
        (
            f"/events/calendar/{day.year}/{day.month}/",
            ["Events", f"Events in {day:%B} {day.year}"],
        ),
        (f"/events/calendar/{day.year}/{day.month}/{day.day}/", ["Events", "Calendar", None]),
        (event.get_absolute_url(), ["Events", "Quayside rally"]),
        (page.get_absolute_url(), ["About us", "Our team"]),
        ("/search/?q=dockers", ["Search"]),
    ]


def test_every_public_page_has_a_breadcrumb_list_ending_on_itself(client, site):
    for url, names in public_pages():
        trail = only(blocks(client, url), "BreadcrumbList")
        items = trail["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1)), url
        assert items[0]["name"] == "Home" and items[0]["item"] == f"{BASE}/", url
        shown = [item["name"] for item in items[1:]]
        assert len(shown) == len(names), (url, shown)
        assert all(want is None or want == got for want, got in zip(names, shown, strict=True))
        assert all(item["item"].startswith(f"{BASE}/") for item in items), url
        assert items[-1]["item"] == f"{BASE}{url.split('?')[0]}", url


def test_no_draft_reaches_any_json_ld(client, site):
    section = SectionFactory(name="Quay news")
    ArticleFactory(title="Public article", section=section)
    ArticleFactory(title="Secret draft article", section=section, draft=True)
    ArticleFactory(title="Secret scheduled article", section=section, scheduled=True)
    StatementFactory(title="Secret draft statement", draft=True)
    EventFactory(title="Secret draft event", draft=True)
    parent = PageFactory(title="Secret draft parent", slug="hidden", draft=True)
    PageFactory(title="Child of a draft", slug="child", parent=parent)
    PageFactory(title="Public page", slug="public")
    urls = ["/", "/public/", section.get_absolute_url(), "/articles/", "/statements/"]
    urls += ["/events/", "/archive/", "/search/?q=secret"] + [url for url, _names in public_pages()]
    for url in urls:
        text = json.dumps(blocks(client, url), ensure_ascii=False)
        assert "Secret" not in text and "Child of a draft" not in text, url
    assert client.get("/hidden/child/").status_code == 404


def test_article_images_publisher_logo_dates_and_author_pages(client, site):
    author = AuthorFactory(name="Ольга Петренко")
    article = ArticleFactory(authors=[author], lead_image=ImageFactory())
    news = only(blocks(client, article.get_absolute_url()), "NewsArticle")
    assert len(news["image"]) >= 2  # the wide crop, the square one, the whole picture
    for image in news["image"]:
        assert_image_object(image)
    assert {image["width"] == image["height"] for image in news["image"]} == {True, False}
    assert news["publisher"]["@type"] == "Organization"
    assert news["publisher"]["name"] == "Harbourside Network"
    assert news["publisher"]["url"] == f"{BASE}/"
    assert_image_object(news["publisher"]["logo"])
    assert news["dateModified"] >= news["datePublished"]
    assert news["author"] == [
        {"@type": "Person", "name": "Ольга Петренко", "url": f"{BASE}{author.get_absolute_url()}"}
    ]


def test_article_without_picture_shows_the_default_share_image(client, site):
    article = ArticleFactory()
    news = only(blocks(client, article.get_absolute_url()), "NewsArticle")
    (image,) = news["image"]
    assert_image_object(image)
    assert image["url"].startswith(f"{BASE}/static/")


def test_statement_by_the_sites_own_body_links_to_the_site(client, site):
    statement = StatementFactory(
        issuing_body="Issued by the executive committee of the Harbourside Network"
    )
    data = only(blocks(client, statement.get_absolute_url()), "Article")
    assert data["author"] == {
        "@type": "Organization",
        "name": "The executive committee of the Harbourside Network",
        "url": f"{BASE}/",
    }
    assert data["dateModified"] >= data["datePublished"]
    assert data["datePublished"] == statement.publish_at.isoformat()
    assert_image_object(data["image"][0])
    assert data["image"][0]["url"].startswith(f"{BASE}/static/")  # the default share picture
    assert_image_object(data["publisher"]["logo"])


def test_statement_by_another_body_names_it_without_a_wrong_address(client, site):
    statement = StatementFactory(
        issuing_body="Adopted by the European conference of port unions",
        lead_image=ImageFactory(),
    )
    html = client.get(statement.get_absolute_url()).content.decode()
    data = only(extruct.extract(html, syntaxes=["json-ld"])["json-ld"], "Article")
    assert data["author"] == {
        "@type": "Organization",
        "name": "The European conference of port unions",
    }
    assert_image_object(data["image"][0])
    assert "/media/" in data["image"][0]["url"]
    assert 'property="og:image"' in html  # the page shares a picture, and says so here too


def test_page_has_web_page_and_trail_through_its_parents(client, site):
    parent = PageFactory(title="About us", slug="about")
    page = PageFactory(title="Our team", slug="team", parent=parent, lead_image=ImageFactory())
    found = blocks(client, page.get_absolute_url())
    web_page = only(found, "WebPage")
    assert web_page["name"] == "Our team"
    assert web_page["url"] == f"{BASE}/about/team/"
    assert web_page["description"]
    assert_image_object(web_page["image"])
    assert web_page["publisher"]["name"] == "Harbourside Network"
    trail = only(found, "BreadcrumbList")["itemListElement"]
    assert [item["item"] for item in trail] == [f"{BASE}/", f"{BASE}/about/", f"{BASE}/about/team/"]


def test_scheduled_article_is_in_no_trail_until_its_time(client, site):
    later = timezone.now() + datetime.timedelta(days=1)
    article = ArticleFactory(title="Not yet", publish_at=later)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Not yet" not in json.dumps(blocks(client, "/articles/"))
