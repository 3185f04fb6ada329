"""A tag's list read from the index of its links by their articles' publish time
(PostgreSQL: see articles migration 0017). The time each link keeps follows its article on
every path that writes either (saving, publishing, unpublishing, rescheduling, bulk
updates, deleting, tagging and untagging, rows written in any order, at the same time), so
the list shows exactly the tag's published articles, newest first."""

import re
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection, connections
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles import views
from articles.models import Article, Byline
from tests.factories import ArticleFactory, StatementFactory


@pytest.fixture(autouse=True)
def on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the tags' links keep their articles' publish times on PostgreSQL only")
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False
    assert views.ordered_links()


def listed(client, tag="docks"):
    """The titles the tag's first page shows, read afresh (no count remembered)."""
    for cache in caches.all():
        cache.clear()
    html = client.get(f"/tags/{tag}/").content.decode()
    return re.findall(r'<h2 class="card__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def stale_links():
    """Links whose kept time is not their article's publish time while it is published
    (and nothing otherwise): none, whatever happened."""
    article_type = ContentType.objects.get_for_model(Article).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM taggit_taggeditem link LEFT JOIN articles_article article "
            "ON link.content_type_id = %s AND article.id = link.object_id "
            "WHERE link.article_publish_at IS DISTINCT FROM "
            "(CASE WHEN article.status = 'published' THEN article.publish_at END)",
            [article_type],
        )
        return cursor.fetchone()[0]


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.mark.django_db
def test_saving_publishing_unpublishing_and_rescheduling_move_the_article(client):
    older = ArticleFactory(title="Older", publish_at=hours_ago(5), tags=["docks"])
    draft = ArticleFactory(title="Draft", draft=True, publish_at=hours_ago(1), tags=["docks"])
    assert listed(client) == ["Older"]

    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert listed(client) == ["Draft", "Older"]

    draft.publish_at = hours_ago(9)
    draft.save()
    assert listed(client) == ["Older", "Draft"]

    older.title = "Older, retitled"
    older.save()
    assert listed(client) == ["Older, retitled", "Draft"]

    later = timezone.now() + timedelta(hours=2)
    older.publish_at = later
    older.save()
    assert listed(client) == ["Draft"]
    with time_machine.travel(later + timedelta(seconds=1)):
        assert listed(client) == ["Older, retitled", "Draft"]

    draft.status = Article.Status.DRAFT
    draft.save()
    assert listed(client) == []
    assert stale_links() == 0


@pytest.mark.django_db
def test_bulk_updates_and_deletes_are_followed(client):
    first = ArticleFactory(title="First", publish_at=hours_ago(1), tags=["docks"])
    second = ArticleFactory(title="Second", publish_at=hours_ago(2), tags=["docks", "ports"])
    ArticleFactory(title="Third", publish_at=hours_ago(3), tags=["docks"])
    assert listed(client) == ["First", "Second", "Third"]

    Article.objects.filter(pk=first.pk).update(status=Article.Status.DRAFT)
    Article.objects.filter(pk=second.pk).update(publish_at=hours_ago(4))
    assert listed(client) == ["Third", "Second"]

    Article.objects.filter(title="Third").delete()
    assert listed(client) == ["Second"]
    second.delete()
    assert listed(client) == [] and listed(client, "ports") == []

    Article.objects.filter(pk=first.pk).update(status=Article.Status.PUBLISHED)
    assert listed(client) == ["First"]

    # Deleted outside Django, which deletes an article's links with it.
    Byline.objects.filter(article=first).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_article WHERE id = %s", [first.pk])
    assert listed(client) == []
    assert stale_links() == 0


@pytest.mark.django_db
def test_tagging_and_untagging(client):
    article = ArticleFactory(title="Quay", tags=["ports"])
    draft = ArticleFactory(title="Draft", draft=True)
    assert listed(client) == []

    article.tags.add("docks")
    draft.tags.add("docks")
    assert listed(client) == ["Quay"]
    article.tags.remove("docks")
    assert listed(client) == [] and listed(client, "ports") == ["Quay"]
    article.tags.set(["docks"])
    assert listed(client) == ["Quay"] and listed(client, "ports") == []
    Tag.objects.get(slug="docks").delete()
    assert client.get("/tags/docks/").status_code == 404
    assert stale_links() == 0


@pytest.mark.django_db
def test_links_written_before_their_article_or_moved_to_another(client):
    """As loading a dump may write them: a link to a key that has no article yet, and a
    link pointed at another article."""
    tag = Tag.objects.create(name="docks", slug="docks")
    article_type = ContentType.objects.get_for_model(Article)
    key = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 100
    link = TaggedItem.objects.create(tag=tag, content_type=article_type, object_id=key)
    ArticleFactory(pk=key, title="Loaded later", publish_at=hours_ago(3))
    assert listed(client) == ["Loaded later"]

    other = ArticleFactory(title="Other", publish_at=hours_ago(1))
    link.object_id = other.pk
    link.save()
    assert listed(client) == ["Other"]
    assert stale_links() == 0


@pytest.mark.django_db
def test_a_statement_sharing_an_articles_key_is_not_listed(client):
    article = ArticleFactory(title="An untagged article")
    StatementFactory(pk=article.pk, title="A statement", tags=["docks"])
    ArticleFactory(title="Tagged", tags=["docks"])
    assert listed(client) == ["Tagged"]
    article.publish_at = hours_ago(7)
    article.save()
    assert listed(client) == ["Tagged"]
    assert stale_links() == 0


@pytest.mark.django_db
def test_every_page_and_the_count_come_from_the_links(client, monkeypatch):
    monkeypatch.setattr(views.TagDetailView, "paginate_by", 2)
    for hours in range(1, 6):
        ArticleFactory(title=f"{hours} hours ago", publish_at=hours_ago(hours), tags=["docks"])
    ArticleFactory(title="Draft", draft=True, tags=["docks"])
    pages = [client.get(f"/tags/docks/?page={number}").content.decode() for number in (1, 2, 3)]
    assert [re.findall(r'<a href="[^"]+">(\d hours ago)</a>', page) for page in pages] == [
        ["1 hours ago", "2 hours ago"],
        ["3 hours ago", "4 hours ago"],
        ["5 hours ago"],
    ]
    assert "Page 3 of 3" in pages[2]
    assert client.get("/tags/docks/?page=4").status_code == 404


def waiting_for_a_lock(seconds=10):
    """Whether another session of the server waits for a lock, within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_link_added_while_its_article_is_published_waits_for_it(client):
    """An editor tags an article while another publishes it: the link waits for the
    publication under way, instead of keeping the state from before it."""
    article = ArticleFactory(title="Published meanwhile", draft=True)
    publishing = connections.create_connection("default")
    publishing.set_autocommit(False)
    try:
        with publishing.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET status = 'published' WHERE id = %s", [article.pk]
            )

        def tag():
            try:
                Article.objects.get(pk=article.pk).tags.add("docks")
            finally:
                connection.close()

        tagging = threading.Thread(target=tag)
        tagging.start()
        assert waiting_for_a_lock()
        publishing.commit()
        tagging.join(10)
        assert not tagging.is_alive()
    finally:
        publishing.close()
    assert listed(client) == ["Published meanwhile"]
    assert stale_links() == 0
