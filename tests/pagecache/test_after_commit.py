"""A change reaches readers when it commits, and no page rendered from older rows is
stored where later readers would get it (see `pagecache.versions`)."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from articles.models import Article
from pagecache import middleware, versions
from pagecache.models import ContentVersion
from publishing import workflow
from publishing.models import SiteSettings
from tests.factories import ArticleFactory, user_with_role
from tests.support.broken_cache import UnreachableCache

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _site(shared_cache):
    SiteSettings.objects.get_or_create(pk=1)


def row():
    return ContentVersion.objects.get(scope=versions.SITE_SCOPE).version


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets no other connection read while a change is uncommitted: no window",
)
def test_a_reader_between_save_and_commit_does_not_store_the_old_page(client):
    article = ArticleFactory(title="Withdrawn piece")
    saved, read = threading.Event(), threading.Event()

    def editor():
        try:
            with transaction.atomic():
                item = Article.objects.get(pk=article.pk)
                item.status = Article.Status.DRAFT
                item.save()
                saved.set()
                read.wait(10)  # a reader renders now, before the commit
        finally:
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    assert saved.wait(10)
    during = client.get("/")  # sees the committed rows: the piece is still published
    read.set()
    thread.join(10)
    assert "Withdrawn piece" in during.content.decode()
    after = client.get("/")
    assert "Withdrawn piece" not in after.content.decode()


def test_a_page_rendered_while_a_change_commits_is_served_but_not_stored(client, monkeypatch):
    ArticleFactory(title="First piece")
    client.get("/")  # the version is known to the cache
    stored = []  # pages that got as far as being stored (given their validators)
    real_validators = middleware.validators
    monkeypatch.setattr(
        middleware,
        "validators",
        lambda response, *rest: stored.append(response) or real_validators(response, *rest),
    )
    real_settle = middleware.settle

    def change_during_render(**kwargs):
        ArticleFactory(title="Second piece")  # commits after the page was rendered
        return real_settle(**kwargs)

    monkeypatch.setattr(middleware, "settle", change_during_render)
    response = client.get("/articles/")
    monkeypatch.undo()
    assert response.status_code == 200 and "Second piece" not in response.content.decode()
    assert stored == []
    assert "Second piece" in client.get("/articles/").content.decode()


def test_a_rolled_back_change_does_not_bump_the_version(client):
    article = ArticleFactory(title="Kept piece")
    before = row()
    client.get(article.get_absolute_url())
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Abandoned title"
        article.save()
        raise RuntimeError
    assert row() == before
    again = client.get(article.get_absolute_url())
    assert again["X-Page-Cache"] == "hit" and "Kept piece" in again.content.decode()


def test_a_change_made_while_the_cache_is_down_shows_once_it_is_back(client, monkeypatch):
    monkeypatch.setattr(versions, "VERSION_SECONDS", 1)
    article = ArticleFactory(title="Old headline")
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    unreachable = UnreachableCache("", {})
    with monkeypatch.context() as down:
        down.setattr(versions, "cache", unreachable)
        down.setattr(middleware, "cache", unreachable)
        article.title = "New headline"
        article.save()  # the cache cannot be told
        assert "New headline" in client.get(url).content.decode()  # uncached meanwhile
    time.sleep(1.1)  # the cache's copy of the version has expired
    assert "New headline" in client.get(url).content.decode()


def test_an_unpublished_article_is_never_served_after_the_call_returns(client):
    editor = user_with_role("Editor", "boss")
    articles = [ArticleFactory(title=f"Piece number {n}") for n in range(4)]
    for article in articles:
        client.get(article.get_absolute_url())
        client.get("/")
    for article in articles:
        workflow.unpublish(Article.objects.get(pk=article.pk), editor)
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.title not in client.get("/").content.decode()


def test_the_cache_learns_the_new_version_after_the_commit(client):
    client.get("/")
    before = cache.get(versions.VERSION_KEY)
    with transaction.atomic():
        ArticleFactory(title="Pending piece")
        assert cache.get(versions.VERSION_KEY) is None  # readers read the committed row
    assert cache.get(versions.VERSION_KEY) == row() != before
