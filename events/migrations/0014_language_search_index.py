"""PostgreSQL full-text search of events in each one's own language: a GIN index over
the words of each row stemmed by the configuration of its `language`, built concurrently."""

from django.db import migrations

from publishing.search import language_search_index_operations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("events", "0013_translations")]

    operations = language_search_index_operations(
        "events.Event",
        {"A": ["title"], "B": ["summary"], "C": ["description"]},
    )
