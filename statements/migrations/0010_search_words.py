"""PostgreSQL search of statements on stored words: each row's weighted words in its own
language kept in a column by a trigger, filled in batches for the rows already there and
indexed concurrently, so that ranking no longer stems every match's text again. The index
over the expression goes. Nothing on SQLite."""

from django.db import migrations

from publishing.postgres_search import search_words_operations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction, and each batch commits.
    atomic = False

    dependencies = [("statements", "0009_sqlite_search_index")]

    operations = search_words_operations(
        "statements.Statement",
        {"A": ["title"], "B": ["standfirst", "issuing_body", "summary"], "C": ["body"]},
    )
