"""PostgreSQL full-text search of statements in each one's own language: a GIN index over
the words of each row stemmed by the configuration of its `language`, built concurrently."""

from django.db import migrations

from publishing.search import language_search_index_operations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("statements", "0007_endorsement_language")]

    operations = language_search_index_operations(
        "statements.Statement",
        {"A": ["title"], "B": ["standfirst", "issuing_body", "summary"], "C": ["body"]},
    )
