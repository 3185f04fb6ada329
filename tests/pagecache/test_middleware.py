"""The page cache: fast for anonymous readers, never stale, never for staff or previews."""

from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from pagecache import versions
from pagecache.middleware import cacheable_response
from publishing.models import SiteSettings
from statements.models import Endorsement
from tests.factories import ArticleFactory, EndorsementFactory, StatementFactory
from tests.support.sitemaps import sitemap_file

pytestmark = pytest.mark.django_db

PAGES = ["/", "/articles/", "/articles/feed.rss", "/articles/feed.atom"]


def pages_listing(article):
    """The cached pages that list the article while it is public."""
    return [*PAGES, sitemap_file(article, "articles")]


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, shared_cache):
    SiteSettings.objects.get_or_create(pk=1)  # as on any installed site
    ArticleFactory(title="Cached piece")
    first, first_queries = queries_for(client, "/")
    second, second_queries = queries_for(client, "/")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert first_queries > 0 and second_queries == 0
    assert second.content == first.content
    assert "Cached piece" in second.content.decode()


def test_with_a_cache_of_its_own_each_hit_checks_the_version_row(client):
    """Local memory is each worker's own: another worker's change never reaches it, so a
    hit reads the committed version (one query) instead of trusting a copy."""
    ArticleFactory(title="Cached piece")
    client.get("/")
    second, second_queries = queries_for(client, "/")
    assert second["X-Page-Cache"] == "hit" and second_queries == 1
    Article.objects.filter(title="Cached piece").update(title="Changed elsewhere")
    versions.content_changed()  # as another worker's save does, with no cache to tell
    third = client.get("/")
    assert third["X-Page-Cache"] == "miss" and "Changed elsewhere" in third.content.decode()


def test_with_a_cache_of_its_own_cached_pages_outlive_a_failing_database(client, monkeypatch):
    """The version row cannot be read: the version this process read last still serves
    the pages it cached."""
    ArticleFactory(title="Cached piece")
    assert client.get("/")["X-Page-Cache"] == "miss"

    def failing(*args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(versions, "_version_rows", failing)
    answer = client.get("/")
    assert answer.status_code == 200 and answer["X-Page-Cache"] == "hit"
    assert "Cached piece" in answer.content.decode()


def test_publish_is_visible_at_once_everywhere(client):
    ArticleFactory(title="Older piece")
    article = ArticleFactory(title="Fresh news", draft=True)
    for url in pages_listing(article):
        assert "Fresh news" not in client.get(url).content.decode(), url
    article.status = Article.Status.PUBLISHED
    article.save()
    for url in pages_listing(article):
        assert article.get_absolute_url() in client.get(url).content.decode(), url


@pytest.mark.parametrize("how", ["unpublish", "delete"])
def test_unpublish_and_delete_are_gone_at_once(client, how):
    article = ArticleFactory(title="Withdrawn piece")
    url = article.get_absolute_url()
    search = "/search/?q=withdrawn"
    assert url in client.get(search).content.decode()
    listing = pages_listing(article)
    for page in [*listing, url, search]:
        client.get(page)  # warm the cache
    if how == "delete":
        article.delete()
    else:
        article.status = Article.Status.DRAFT
        article.save()
    for page in [*listing, search]:
        assert url not in client.get(page).content.decode(), page
    assert client.get(url).status_code == 404


def test_scheduled_item_appears_at_its_time_with_a_warm_cache(client):
    ArticleFactory(title="Already out")
    publish_at = timezone.now() + timedelta(minutes=30)
    ArticleFactory(title="On the stroke", publish_at=publish_at)
    assert "On the stroke" not in client.get("/").content.decode()
    with time_machine.travel(publish_at - timedelta(seconds=5)):
        assert "On the stroke" not in client.get("/").content.decode()
    with time_machine.travel(publish_at + timedelta(seconds=1)):
        page = client.get("/")
        assert "On the stroke" in page.content.decode()


def test_confirmed_endorsement_updates_the_cached_statement_page(client):
    statement = StatementFactory()
    assert (
        "<strong>0</strong> signatures" in client.get(statement.get_absolute_url()).content.decode()
    )
    pending = EndorsementFactory(statement=statement, status="pending", token_nonce="abc")
    from statements.endorsements import confirm

    confirm(pending)
    assert Endorsement.objects.get().status == "confirmed"
    assert (
        "<strong>1</strong> signature" in client.get(statement.get_absolute_url()).content.decode()
    )


def test_statement_page_with_its_form_is_cacheable(client):
    statement = StatementFactory()
    first = client.get(statement.get_absolute_url())
    assert 'name="email"' in first.content.decode()
    assert not first.cookies
    assert client.get(statement.get_absolute_url())["X-Page-Cache"] == "hit"


def test_staff_and_preview_pages_are_never_cached(admin_client):
    client = Client()
    draft = ArticleFactory(title="Staff-only draft", draft=True)
    for _ in range(2):
        response = admin_client.get("/")
        assert "X-Page-Cache" not in response
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    # The staff preview did not end up in the cache for readers.
    assert client.get(draft.get_absolute_url()).status_code == 404
    from publishing.models import PreviewLink

    link = PreviewLink.objects.create(target=draft)
    for _ in range(2):
        response = client.get(link.preview_url)
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_if_none_match_gets_a_304(client):
    ArticleFactory()
    first = client.get("/articles/")
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get("/articles/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get("/articles/", HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


def test_a_failing_cache_backend_still_serves_pages(client, settings):
    ArticleFactory(title="Still readable")
    settings.CACHES = {"default": {"BACKEND": "tests.support.broken_cache.UnreachableCache"}}
    for url in [*PAGES, "/sitemap.xml", "/sections/", "/statements/"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
    assert "Still readable" in client.get("/").content.decode()


def test_responses_that_set_cookies_or_are_private_are_not_stored():
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("tracking", "1")
    private = HttpResponse("x")
    private["Cache-Control"] = "private"
    varies = HttpResponse("x")
    varies["Vary"] = "Cookie"
    assert not any(cacheable_response(r) for r in (with_cookie, private, varies))
    assert cacheable_response(HttpResponse("x"))


def test_cached_downloads_keep_their_content_disposition(client):
    from tests.events.factories import EventFactory

    event = EventFactory()
    url = f"/events/{event.slug}.ics"
    first = client.get(url)
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Disposition"].startswith("attachment")


def test_pages_are_cached_again_right_after_a_scheduled_publish(client):
    SiteSettings.objects.get_or_create(pk=1)
    publish_at = timezone.now() + timedelta(minutes=10)
    ArticleFactory(title="Scheduled one", publish_at=publish_at)
    client.get("/")
    with time_machine.travel(publish_at + timedelta(seconds=2)):
        assert "Scheduled one" in client.get("/").content.decode()
        assert client.get("/")["X-Page-Cache"] == "hit"


def test_remembered_list_counts_follow_new_content(client, settings):
    settings.PLACARD_PAGE_CACHE = False
    for _ in range(20):
        ArticleFactory()
    assert "Page 1 of 2" not in client.get("/articles/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/articles/")
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    ArticleFactory()
    assert "Page 1 of 2" in client.get("/articles/").content.decode()


def test_fragments_save_queries_and_stay_fresh(client, settings):
    settings.PLACARD_PAGE_CACHE = False
    SiteSettings.objects.get_or_create(pk=1)
    article = ArticleFactory(title="Fragment one")
    client.get(article.get_absolute_url())
    client.get("/articles/")
    _response, article_queries = queries_for(client, article.get_absolute_url())
    _response, list_queries = queries_for(client, "/articles/")
    assert article_queries <= 2 and list_queries <= 2
    article.title = "Fragment one, corrected"
    article.save()
    assert "Fragment one, corrected" in client.get(article.get_absolute_url()).content.decode()
    assert "Fragment one, corrected" in client.get("/articles/").content.decode()
