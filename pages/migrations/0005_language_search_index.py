"""PostgreSQL full-text search of pages in each one's own language: a GIN index over
the words of each row stemmed by the configuration of its `language`, built concurrently."""

from django.db import migrations

from publishing.search import language_search_index_operations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("pages", "0004_translations")]

    operations = language_search_index_operations(
        "pages.Page",
        {"A": ["title"], "B": ["summary"], "C": ["body"]},
    )
