"""PostgreSQL full-text search: a generated, indexed tsvector on articles and statements."""

from django.db import migrations

from site_config.search import search_index_operations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_editorial")]

    operations = [*search_index_operations("article"), *search_index_operations("statement")]
