"""Indexes are built without stopping writes on PostgreSQL (CREATE INDEX CONCURRENTLY),
and with a plain CREATE INDEX on SQLite."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import NotSupportedError, connection, models, transaction
from django.db.migrations.state import ProjectState

from articles.models import Article
from publishing.operations import AddIndexConcurrently

TABLE = Article._meta.db_table


def indexes():
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, TABLE))


@pytest.mark.django_db
def test_the_migrated_database_has_the_articles_indexes():
    assert {"article_admin_order_idx", "article_review_idx"} <= indexes()


@pytest.mark.django_db(transaction=True)  # sqlmigrate's schema editor is non-atomic here
def test_the_articles_migration_builds_its_indexes_concurrently_on_postgresql():
    output = StringIO()
    call_command("sqlmigrate", "articles", "0009", stdout=output)
    sql = output.getvalue()
    assert sql.count("CREATE INDEX") == 2
    assert ("CREATE INDEX CONCURRENTLY" in sql) == (connection.vendor == "postgresql")


@pytest.fixture
def operation():
    index = models.Index(fields=["-updated_at"], name="article_trial_idx")
    operation = AddIndexConcurrently("article", index)
    before = ProjectState.from_apps(apps)
    after = before.clone()
    operation.state_forwards("articles", after)
    return operation, before, after


@pytest.mark.django_db(transaction=True)
def test_the_operation_adds_and_removes_its_index(operation):
    operation, before, after = operation
    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("articles", editor, before, after)
    assert "article_trial_idx" in indexes()
    with connection.schema_editor(atomic=False) as editor:
        operation.database_backwards("articles", editor, after, before)
    assert "article_trial_idx" not in indexes()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_it_refuses_to_run_inside_a_transaction(operation):
    if connection.vendor != "postgresql":
        pytest.skip("CREATE INDEX CONCURRENTLY is PostgreSQL's")
    operation, before, after = operation
    with pytest.raises(NotSupportedError), transaction.atomic():
        with connection.schema_editor() as editor:
            operation.database_forwards("articles", editor, before, after)
    assert "article_trial_idx" not in indexes()
