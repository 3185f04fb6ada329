"""PostgreSQL's stored search words: each searched content table keeps every row's
weighted words, stemmed in the row's own language (`search.language_vector_sql`), in a
column of its own, `search_words`, with a GIN index over it.

Searches match and rank on that column. Matching could use an index over the
expression alone, but ranking cannot: `ts_rank` would stem every matching row's text
again on each search (about 0.2 ms a row, a second for a word found in 9,000 articles).
A trigger fills the column whenever a row is added or one of its searched columns is
written, so that nothing in Django has to know about it. Nothing here is used on SQLite
(see `publishing.sqlite_search`).
"""

from .search import SEARCH_WORDS as COLUMN
from .search import language_vector_sql

BATCH = 2000  # rows filled a statement when the column is added to a table with rows


def words_index(table):
    return f"{table}_words_idx"


def words_trigger(table):
    return f"{table}_search_words"


def words_function_sql(table, weights):
    """The trigger function that sets a new or changed row's words."""
    return (
        f"CREATE OR REPLACE FUNCTION {words_trigger(table)}() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN "
        f"NEW.{COLUMN} := {language_vector_sql(weights, 'NEW')}; RETURN NEW; END $$"
    )


def words_trigger_sql(table, weights):
    """The trigger: on insert, and on an update that writes a searched column or the
    language (publishing an item, or counting its endorsements, leaves the words be)."""
    searched = [name for weight in "ABC" for name in weights.get(weight, [])]
    columns = ", ".join(["language", *searched])
    return (
        f"CREATE TRIGGER {words_trigger(table)} BEFORE INSERT OR UPDATE OF {columns} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {words_trigger(table)}()"
    )


def fill_words(schema_editor, table, pk, weights):
    """Fills the column of the rows there before the trigger, a block of keys at a time:
    each statement commits on its own, so that no row is locked for long and editors can
    save while it runs. Rows written meanwhile get their words from the trigger."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT min({pk}), max({pk}) FROM {table}")
        first, last = cursor.fetchone()
        if first is None:
            return
        for start in range(first, last + 1, BATCH):
            cursor.execute(
                f"UPDATE {table} SET {COLUMN} = {language_vector_sql(weights, table)} "
                f"WHERE {pk} >= %s AND {pk} < %s AND {COLUMN} IS NULL",
                [start, start + BATCH],
            )


def search_words_operations(model_label, weights):
    """Migration operations: the `search_words` column of `model_label` ("app.Model") over
    `weights` (as in `search_fields`, spelled out in the migration), its trigger, its
    words for the rows already there and its GIN index, built concurrently; then the older
    index over the same expression (`language_search_index_operations`) goes, as searches
    no longer use it. Nothing is rewritten or locked for long: the column is added empty
    (no default), and filled in batches. PostgreSQL only; the migration must set
    `atomic = False`."""
    from django.db import migrations

    def forwards(app_registry, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        opts = app_registry.get_model(model_label)._meta
        table = opts.db_table
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector")
        schema_editor.execute(words_function_sql(table, weights))
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {words_trigger(table)} ON {table}")
        schema_editor.execute(words_trigger_sql(table, weights))
        fill_words(schema_editor, table, opts.pk.column, weights)
        # An earlier attempt that failed leaves an invalid index under the name.
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {words_index(table)}")
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY {words_index(table)} ON {table} USING gin ({COLUMN})"
        )
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {table}_lang_search_idx")
        # Filling the column left a dead version of every row: made reusable, and the
        # planner given the new column's statistics (a common word from a rare one),
        # without waiting for autovacuum, which a server may run late or not at all.
        schema_editor.execute(f"VACUUM ANALYZE {table}")

    def backwards(app_registry, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = app_registry.get_model(model_label)._meta.db_table
        # The expression index that searches used before, back first.
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {table}_lang_search_idx ON {table} "
            f"USING gin (({language_vector_sql(weights)}))"
        )
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {words_index(table)}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {words_trigger(table)} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {words_trigger(table)}()")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")

    return [migrations.RunPython(forwards, backwards)]
