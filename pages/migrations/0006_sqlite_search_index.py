"""SQLite search of pages through a trigram index (FTS5) of the columns it searches,
kept in step by triggers, instead of reading every row's text. Nothing on PostgreSQL, or on
a SQLite without FTS5's trigram tokenizer."""

from django.db import migrations

from publishing.sqlite_search import sqlite_search_index_operations


class Migration(migrations.Migration):
    dependencies = [("pages", "0005_language_search_index")]

    operations = sqlite_search_index_operations(
        "pages.Page",
        {"A": ["title"], "B": ["summary"], "C": ["body"]},
    )
