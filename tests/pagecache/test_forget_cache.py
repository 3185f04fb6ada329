"""`manage.py forget_cache`, run after restoring a database: no page cached from newer
rows is served again."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from pagecache import versions
from pagecache.models import SITE_SCOPE, ContentVersion
from publishing.models import SiteSettings
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return list(ContentVersion.objects.values("scope", "number", "token"))


def restore(rows):
    """What restoring a backup does to the rows: they are as they were, the cache is not
    told."""
    for row in rows:
        ContentVersion.objects.filter(scope=row["scope"]).update(
            number=row["number"], token=row["token"]
        )


def forget_cache(*options):
    out = StringIO()
    call_command("forget_cache", *options, stdout=out)
    return out.getvalue()


def test_after_a_restore_forget_cache_makes_readers_see_the_restored_content(
    client, shared_cache, monkeypatch
):
    # The cache's copy of the version lives a few seconds; long enough here that the test
    # does not depend on how fast it runs.
    monkeypatch.setattr(versions, "VERSION_SECONDS", 120)
    SiteSettings.objects.get_or_create(pk=1)
    article = ArticleFactory(title="Title at backup time")
    url = article.get_absolute_url()
    assert "Title at backup time" in client.get(url).content.decode()
    backup = snapshot(), article.title

    article.title = "Title written after the backup"
    article.save()
    assert "Title written after the backup" in client.get(url).content.decode()

    rows, title = backup
    restore(rows)
    Article.objects.filter(pk=article.pk).update(title=title)
    # The cache's copy still names the newer version, and the newer page is served.
    assert "Title written after the backup" in client.get(url).content.decode()

    text = forget_cache()
    assert "Content versions moved on" in text and "Page cache emptied." in text
    assert "Title at backup time" in client.get(url).content.decode()


def test_every_scope_moves_on_and_old_keys_are_never_used_again(shared_cache):
    for scope, number, token in ((SITE_SCOPE, 7, "a" * 16), ("statement:3", 2, "b" * 16)):
        ContentVersion.objects.update_or_create(
            scope=scope, defaults={"number": number, "token": token}
        )
    before = {row["scope"]: row for row in snapshot()}
    shared_cache.set("page-cache:some-page", "old page")

    forget_cache()

    after = {row["scope"]: row for row in snapshot()}
    assert after.keys() == before.keys()
    for scope, row in after.items():
        assert row["number"] == before[scope]["number"] + 1
        assert row["token"] != before[scope]["token"]
    assert shared_cache.get("page-cache:some-page") is None


def test_keep_entries_only_moves_the_versions_on(shared_cache):
    shared_cache.set("page-cache:some-page", "old page")
    text = forget_cache("--keep-entries")
    assert "Page cache emptied" not in text
    assert shared_cache.get("page-cache:some-page") == "old page"
    assert ContentVersion.objects.get(scope=SITE_SCOPE).number >= 1


def test_with_the_cache_down_the_versions_still_move_on(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "tests.support.broken_cache.UnreachableCache"},
    }
    before = ContentVersion.objects.filter(scope=SITE_SCOPE).values_list("number", flat=True)
    before = before.first() or 0
    text = forget_cache()
    assert "left to expire" in text
    assert ContentVersion.objects.get(scope=SITE_SCOPE).number > before
