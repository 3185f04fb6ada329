"""Indexes of the published articles for the public lists, each holding the columns the
lists filter on, so that a list's keys are read from an index alone:

- in the order the lists show them (newest first, the key breaking ties): the keys of a
  page of the article list are read from it, and the deep pages of a tag walk it,
  keeping the articles whose key is among the tag's (see `articles.views`);
- the same within each section: a section's page is read from it, where the index by
  section and status lacked the key and left every row before the page to be read;
- by key: a tag's links, in the order of their keys, are matched with it in one pass
  (a merge join) to count the tag's published articles.

Built concurrently; PostgreSQL only (the models do not declare them, so that the other
databases keep the plans they have)."""

from django.db import migrations

INDEXES = {
    "article_published_order_idx": "(publish_at DESC, id DESC) INCLUDE (language)",
    "article_section_order_idx": "(section_id, publish_at DESC, id DESC) INCLUDE (language)",
    "article_published_key_idx": "(id) INCLUDE (publish_at, language)",
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("articles", "Article")._meta.db_table
    for name, columns in INDEXES.items():
        # An earlier attempt that failed leaves an invalid index under the name.
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY {name} ON {table} {columns} WHERE status = 'published'"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("articles", "0015_sitemap_indexes")]

    operations = [migrations.RunPython(add_indexes, drop_indexes)]
