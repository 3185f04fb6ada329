"""PostgreSQL full-text search: a generated, indexed tsvector on events."""

from django.db import migrations

from publishing.search import search_index_operations


class Migration(migrations.Migration):
    dependencies = [("events", "0002_publishable_editorial_fields")]

    operations = search_index_operations(
        "events.Event", {"A": ["title"], "B": ["summary"], "C": ["description"]}
    )
