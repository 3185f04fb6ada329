"""Old WordPress addresses answer with a 301 to the new ones, and cost ordinary requests
nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from pages.models import Page

from .test_import import SITE, import_wordpress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def imported(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return import_wordpress(SITE)


def redirected(client, address):
    response = client.get(address)
    assert response.status_code == 301, (address, response.status_code)
    return response["Location"]


def test_date_permalinks_lead_to_the_article(client):
    assert redirected(client, "/2019/03/14/harbour-strike/") == "/articles/harbour-strike/"
    assert redirected(client, "/2019/03/14/harbour-strike") == "/articles/harbour-strike/"
    assert client.get("/articles/harbour-strike/").status_code == 200


def test_query_addresses_lead_to_the_item_before_the_home_page_answers(client):
    client.get("/")  # the home page is now in the page cache
    assert redirected(client, "/?p=101") == "/articles/harbour-strike/"
    assert redirected(client, "/?page_id=301") == "/about/"
    assert redirected(client, "/?p=302") == "/about/history/"
    assert redirected(client, "/?p=501") == "/events/rally-at-the-harbour/"
    assert redirected(client, "/?cat=5") == "/sections/port-strikes/"
    assert redirected(client, "/any/path/?p=104") == "/articles/why-the-harbour-matters/"


def test_category_and_tag_addresses_lead_to_section_and_tag_pages(client):
    assert redirected(client, "/category/news/strikes/port-strikes/") == "/sections/port-strikes/"
    assert redirected(client, "/category/news/") == "/sections/news/"
    assert redirected(client, "/tag/solidarity/") == "/tags/solidarity/"
    assert redirected(client, "/tag/%D0%BC%D0%B8%D1%80/") == "/tags/mir/"


def test_old_feed_addresses_lead_to_the_feeds(client):
    assert redirected(client, "/feed/") == "/articles/feed.rss"
    assert redirected(client, "/feed/rss2/") == "/articles/feed.rss"
    assert redirected(client, "/feed/atom/") == "/articles/feed.atom"
    assert redirected(client, "/?feed=rss2") == "/articles/feed.rss"
    assert redirected(client, "/?feed=atom") == "/articles/feed.atom"
    assert redirected(client, "/category/news/feed/") == "/sections/news/feed.rss"
    assert redirected(client, "/category/news/feed/atom/") == "/sections/news/feed.atom"
    assert (
        redirected(client, "/category/news/strikes/port-strikes/feed/")
        == "/sections/port-strikes/feed.rss"
    )
    assert redirected(client, "/?cat=5&feed=rss2") == "/sections/port-strikes/feed.rss"
    assert redirected(client, "/tag/solidarity/feed/") == "/tags/solidarity/feed.rss"
    assert redirected(client, "/?tag=solidarity&feed=atom") == "/tags/solidarity/feed.atom"
    feed = client.get("/sections/port-strikes/feed.rss")
    assert feed.status_code == 200 and b"Harbour strike" in feed.content


def test_a_tag_query_leads_to_the_tag_on_the_home_page_only(client):
    assert redirected(client, "/?tag=solidarity") == "/tags/solidarity/"
    assert client.get("/events/?tag=solidarity").status_code == 200  # the events list's own
    assert client.get("/?tag=no-such-tag").status_code == 200  # the home page


def test_comment_feeds_lead_nowhere_as_there_are_no_comments(client):
    assert client.get("/comments/feed/").status_code == 404
    assert client.get("/2019/03/14/harbour-strike/feed/").status_code == 404
    assert client.get("/?feed=comments-rss2").status_code == 200  # the home page
    assert client.get("/category/no-such-category/feed/").status_code == 404


def test_feed_requests_cost_no_lookup(client):
    client.get("/articles/feed.rss")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/articles/feed.rss").status_code == 200
        assert client.get("/feed/").status_code == 301
        assert client.get("/?feed=rss2").status_code == 301
    assert not [q for q in queries.captured_queries if "wordpress_legacyaddress" in q["sql"]]


def test_the_redirect_follows_the_current_address(client):
    strike = Article.objects.get(slug="harbour-strike")
    strike.slug = "harbour-strike-report"
    strike.save()
    assert redirected(client, "/2019/03/14/harbour-strike/") == "/articles/harbour-strike-report/"
    about = Page.objects.get(slug="about")
    about.slug = "who-we-are"
    about.save()
    assert redirected(client, "/about/history/") == "/who-we-are/history/"


def test_old_addresses_of_drafts_lead_nowhere(client):
    assert client.get("/2019/04/03/members-only/").status_code == 404  # private: a draft
    assert client.get("/?p=103").status_code == 200  # the home page, not the draft
    assert client.get("/?p=102").status_code == 200  # scheduled: not yet
    assert client.get("/2030/01/01/a-ship-is-coming/").status_code == 404


def test_unknown_old_addresses_stay_not_found(client):
    assert client.get("/2019/03/14/no-such-post/").status_code == 404
    assert client.get("/?p=999").status_code == 200


def test_unreadable_old_addresses_stay_not_found(client):
    # A NUL byte or an address longer than any stored one is never looked up (PostgreSQL
    # refuses NUL in text: it answered 500 before).
    assert client.get("/2019/03/14/x%00y/").status_code == 404
    assert client.get("/?tag=a%00b").status_code == 200  # the home page
    assert client.get("/" + "a" * 1200 + "/").status_code == 404


def test_ordinary_requests_cost_no_lookup(client):
    client.get("/articles/harbour-strike/")  # warm up what is read once per process
    with CaptureQueriesContext(connection) as queries:
        client.get("/articles/harbour-strike/")
        client.get("/?page=2")
    assert not [q for q in queries.captured_queries if "wordpress_legacyaddress" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        client.get("/?p=101")
    assert len([q for q in queries.captured_queries if "wordpress_legacyaddress" in q["sql"]]) == 1


def test_administrators_can_look_up_old_addresses_and_imported_items(admin_client):
    listing = admin_client.get("/admin/wordpress/legacyaddress/?q=harbour-strike")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "/2019/03/14/harbour-strike" in content
    strike = Article.objects.get(slug="harbour-strike")
    assert f"/admin/articles/article/{strike.pk}/change/" in content
    items = admin_client.get("/admin/wordpress/importeditem/?q=101")
    assert "https://old.example.org/2019/03/14/harbour-strike/" in items.content.decode()
    assert admin_client.get("/admin/wordpress/importeditem/add/").status_code == 403


def test_old_image_files_lead_to_the_library_image(tmp_path, settings):
    from django.test import Client

    from images.models import Image

    from .test_import import jpeg

    uploads = tmp_path / "uploads"
    jpeg(uploads / "2019" / "03" / "dockers.jpg")
    import_wordpress(SITE, media_dir=uploads)
    image = Image.objects.get()
    client = Client()
    assert redirected(client, "/wp-content/uploads/2019/03/dockers.jpg") == image.file.url
    assert redirected(client, "/wp-content/uploads/2019/03/dockers-640x480.jpg") == image.file.url
    assert redirected(client, "/?attachment_id=201") == image.file.url
    assert client.get("/wp-content/uploads/2019/03/other.jpg").status_code == 404
