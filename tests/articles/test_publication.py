"""Draft / scheduled / published × every public entry point."""

from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.support.sitemaps import sitemap_file

pytestmark = pytest.mark.django_db


def entry_points(article):
    """Every public page that could show the article, with the article's own values."""
    section, author = article.section, article.bylines.get().author
    tag = article.tags.get()
    stamp = article.publish_at.astimezone(timezone.get_current_timezone())
    return [
        "/",
        "/articles/",
        section.get_absolute_url(),
        author.get_absolute_url(),
        f"/tags/{tag.slug}/",
        "/archive/",
        f"/archive/{stamp.year}/",
        f"/archive/{stamp.year}/{stamp.month:02d}/",
        "/articles/feed.rss",
        "/articles/feed.atom",
        f"/sections/{section.slug}/feed.rss",
        f"/sections/{section.slug}/feed.atom",
        f"/authors/{author.slug}/feed.rss",
        f"/authors/{author.slug}/feed.atom",
        f"/tags/{tag.slug}/feed.rss",
        f"/tags/{tag.slug}/feed.atom",
        sitemap_file(article, "articles"),
    ]


def shows(client, url, article):
    response = client.get(url)
    if response.status_code == 404:
        return False
    assert response.status_code == 200, url
    return article.get_absolute_url() in response.content.decode()


@pytest.fixture
def visible_neighbour():
    """A published article in another month so that archive pages exist."""
    return ArticleFactory(title="Neighbour", publish_at=timezone.now() - timedelta(days=400))


def make(state):
    kwargs = {"title": f"The {state} piece", "tags": ["grid"]}
    if state == "draft":
        kwargs["draft"] = True
    elif state == "scheduled":
        kwargs["scheduled"] = True
    return ArticleFactory(section=SectionFactory(), authors=[AuthorFactory()], **kwargs)


def test_published_article_is_on_every_entry_point(client, visible_neighbour):
    article = make("published")
    assert client.get(article.get_absolute_url()).status_code == 200
    missing = [url for url in entry_points(article) if not shows(client, url, article)]
    # The archive index lists months, not articles.
    assert missing == ["/archive/"]


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_article_is_on_no_entry_point(client, visible_neighbour, state):
    article = make(state)
    assert client.get(article.get_absolute_url()).status_code == 404
    leaks = [url for url in entry_points(article) if shows(client, url, article)]
    assert leaks == []
    assert article.title not in client.get("/").content.decode()


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, visible_neighbour):
    article = make("scheduled")
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(article.publish_at - timedelta(seconds=1)):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.title not in client.get("/").content.decode()
    with time_machine.travel(article.publish_at + timedelta(seconds=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        missing = [url for url in entry_points(article) if not shows(client, url, article)]
        assert missing == ["/archive/"]
        feed = feedparser.parse(client.get("/articles/feed.atom").content)
        assert article.title in [entry.title for entry in feed.entries]


def test_staff_preview_shows_drafts_marked_and_uncached(admin_client):
    article = make("draft")
    response = admin_client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: readers cannot see this draft item yet." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_staff_without_change_permission_get_no_preview(client, django_user_model):
    article = make("draft")
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(article.get_absolute_url()).status_code == 404
