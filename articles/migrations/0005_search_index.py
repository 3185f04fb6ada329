"""PostgreSQL full-text search: a generated, indexed tsvector on articles and statements."""

from django.db import migrations

from publishing.search import search_index_operations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_editorial")]

    operations = [
        *search_index_operations(
            "articles.Article",
            {"A": ["title"], "B": ["standfirst", "summary"], "C": ["body"]},
        ),
        *search_index_operations(
            "articles.Statement",
            {"A": ["title"], "B": ["standfirst", "issuing_body", "summary"], "C": ["body"]},
        ),
    ]
