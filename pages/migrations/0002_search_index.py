"""PostgreSQL full-text search: a generated, indexed tsvector on pages."""

from django.db import migrations

from publishing.search import search_index_operations


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = search_index_operations(
        "pages.Page", {"A": ["title"], "B": ["summary"], "C": ["body"]}
    )
