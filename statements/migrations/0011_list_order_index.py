"""An index of the published statements in the order the list shows them (newest first,
the key breaking ties), holding the language the list filters on: the keys of a page of
the list are read from it alone, then only that page's rows. The index by status and
publish time lacked the key, so a deep page sorted and read every row before it.

Built concurrently; PostgreSQL only (the model does not declare it, so that the other
databases keep the plans they have)."""

from django.db import migrations

NAME = "statement_published_order_idx"
COLUMNS = "(publish_at DESC, id DESC) INCLUDE (language)"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("statements", "Statement")._meta.db_table
    # An earlier attempt that failed leaves an invalid index under the name.
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY {NAME} ON {table} {COLUMNS} WHERE status = 'published'"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("statements", "0010_search_words")]

    operations = [migrations.RunPython(add_index, drop_index)]
