"""Queries compiled once and run again with new values (`publishing.prepared`)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management.sql import emit_post_migrate_signal
from django.db.models import Prefetch
from django.utils import timezone

from articles.models import Article, Byline
from publishing.models.publishable import Constant
from publishing.prepared import Prepared
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NEWEST = Prepared(
    lambda limit, now, exclude: Article.objects.published(now).exclude(pk__in=exclude)[:limit]
)


def titles(queryset):
    return [article.title for article in queryset]


def test_each_call_runs_the_query_with_its_own_values():
    now = timezone.now()
    old = ArticleFactory(title="Old", publish_at=now - timedelta(days=2))
    ArticleFactory(title="New", publish_at=now - timedelta(days=1))
    ArticleFactory(title="Later", publish_at=now + timedelta(days=1))

    assert titles(NEWEST(5, now=now, exclude=[])) == ["New", "Old"]
    assert titles(NEWEST(5, now=now + timedelta(days=2), exclude=[])) == ["Later", "New", "Old"]
    assert titles(NEWEST(1, now=now, exclude=[])) == ["New"]
    assert titles(NEWEST(5, now=now, exclude=[old.pk])) == ["New"]


def test_the_answer_is_the_one_the_orm_gives():
    now = timezone.now()
    for day in range(6):
        ArticleFactory(publish_at=now - timedelta(days=day), is_highlight=day % 2 == 0)
    excluded = list(Article.objects.values_list("pk", flat=True)[:2])
    prepared = Prepared(
        lambda now, exclude: (
            Article.objects.published(now)
            .filter(is_highlight=True)
            .exclude(pk__in=exclude)
            .select_related("section")
        )
    )
    orm = Article.objects.published().filter(is_highlight=True).exclude(pk__in=excluded)
    assert titles(prepared(now=now, exclude=excluded)) == titles(orm)


def test_a_scheduled_item_appears_at_its_time_without_a_new_compile():
    now = timezone.now()
    ArticleFactory(title="Scheduled", publish_at=now + timedelta(minutes=5))
    latest = Prepared(lambda now: Article.objects.published(now)[:5])

    assert titles(latest(now=timezone.now())) == []
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        assert titles(latest(now=timezone.now())) == ["Scheduled"]
    assert len(latest.compiled) == 1


def test_values_lists_and_empty_lists():
    article = ArticleFactory()
    rows = Prepared(lambda ids: Byline.objects.filter(article_id__in=ids).values_list("article_id"))
    assert list(rows(ids=[article.pk])) == [(article.pk,)] * article.bylines.count()
    assert list(rows(ids=[])) == []


def test_a_prepared_queryset_is_read_not_refined():
    ArticleFactory()
    found = Prepared(lambda now: Article.objects.published(now))(now=timezone.now())
    assert repr(found) == "<prepared ArticleQuerySet of Article>"
    with pytest.raises(TypeError, match="read as it is"):
        found.filter(title="x")
    assert len(found) == 1


def test_a_builder_that_reads_the_clock_itself_is_refused():
    frozen = Prepared(lambda: Article.objects.published()[:5])
    with pytest.raises(TypeError, match="keep the time"):
        frozen()
    in_prefetch = Prepared(
        lambda pk: Article.objects.filter(pk=pk).prefetch_related(
            Prefetch("related_events", queryset=Article.objects.published())
        )
    )
    with pytest.raises(TypeError, match="keep the time"):
        in_prefetch(pk=1)


def test_patterns_take_the_value_escaped():
    for title in ("Strike at the docks", "100% solidarity", "100 percent", "a_b", "axb"):
        ArticleFactory(title=title)
    containing = Prepared(lambda word: Article.objects.filter(title__icontains=word))
    assert titles(containing(word="STRIKE")) == ["Strike at the docks"]
    assert titles(containing(word="100%")) == ["100% solidarity"]
    same = Prepared(lambda word: Article.objects.filter(title__iexact=word))
    assert titles(same(word="A_B")) == ["a_b"]


def test_a_value_the_sql_does_not_take_as_it_is_is_refused():
    computed = Prepared(lambda limit: Article.objects.filter(pk__gt=limit + 1))
    with pytest.raises(TypeError, match="do not reach"):
        computed(limit=2)


def test_compiled_queries_are_forgotten_when_the_database_is_migrated_or_flushed():
    latest = Prepared(lambda now: Article.objects.published(now)[:5])
    latest(now=timezone.now())
    assert latest.compiled
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as flush does
    assert not latest.compiled


def test_the_published_filter_writes_its_word_into_the_sql():
    """SQLite plans a statement again on each run when a parameter meets a column that a
    partial index's condition names (articles: `status = 'published'`): the word is
    written into the SQL instead, and drafts stay out."""
    now = timezone.now()
    ArticleFactory(title="Public", publish_at=now - timedelta(days=1))
    ArticleFactory(title="Draft", publish_at=now - timedelta(days=1), status=Article.Status.DRAFT)

    published = Article.objects.published(now)
    sql, params = published.query.sql_with_params()
    assert "= 'published'" in sql
    assert "published" not in [str(param) for param in params]
    assert titles(published) == ["Public"]
    assert titles(Article.objects.drafts()) == ["Draft"]


def test_a_constant_is_only_ever_a_word_from_the_code():
    with pytest.raises(ValueError, match="not an identifier"):
        Constant("x' OR '1'='1")
