"""An index of tagged items by tag, then content type, then item: the search's tag
matches of one content type are read from it, newest item first, where the index by tag
alone gave every content type's items (100,000 for a common tag at a million articles,
read once for each type searched). Built concurrently; PostgreSQL only (SQLite's search
finds tags another way)."""

from django.db import migrations

INDEX = "taggit_taggeditem_tag_kind_idx"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("taggit", "TaggedItem")._meta.db_table
    # An earlier attempt that failed leaves an invalid index under the name.
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY {INDEX} ON {table} (tag_id, content_type_id, object_id)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("publishing", "0003_tag_slugs")]

    operations = [migrations.RunPython(add_index, drop_index)]
