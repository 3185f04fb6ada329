"""SQLite's trigram indexes (FTS5) of the searched content tables: the migration
operations that make them, kept in step by triggers, and the conditions through which a
search finds its candidate rows in them instead of reading every text with LIKE (see
`publishing.search._simple_matches`). Nothing here is used on PostgreSQL."""

from django.db import DatabaseError, connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_migrate

TRIGRAM = 3  # characters: a shorter term has no trigram to look up
TRIGGERS = ("ai", "ad", "au")  # after insert, delete, update


def search_index_table(table):
    """The name of the trigram index of content table `table`."""
    return f"{table}_search_fts"


def sqlite_trigram_available(connection):
    """Whether this SQLite has FTS5 and its trigram tokenizer (3.34 and later)."""
    if connection.Database.sqlite_version_info < (3, 34):
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
            return bool(cursor.fetchone()[0])
    except DatabaseError:  # a build without compile option diagnostics
        return False


def sqlite_search_index_sql(table, pk, columns):
    """The statements making the trigram index of `table` over `columns`: the text itself
    stays in `table` (external content), triggers keep the index in step with every
    change of a searched column, and it is filled once."""
    fts = search_index_table(table)
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in [pk, *columns])
    old = ", ".join(f"old.{column}" for column in [pk, *columns])
    changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in [pk, *columns])
    remove = f"INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', {old});"
    add = f"INSERT INTO {fts}(rowid, {listed}) VALUES ({new});"
    return [
        # No column sizes: they serve ranking by FTS5, which searches do not use.
        f"CREATE VIRTUAL TABLE {fts} USING fts5({listed}, content='{table}', "
        f"content_rowid='{pk}', tokenize='trigram', columnsize=0)",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {remove} END",
        # Saving an item without changing its words (publishing it) leaves them be.
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {pk}, {listed} ON {table} "
        f"WHEN {changed} BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def sqlite_search_index_operations(model_label, weights):
    """Migration operations: the trigram index of `model_label` ("app.Model") over every
    column of `weights` (as in `search_fields`, spelled out in the migration), which
    SQLite searches look candidates up in (`_simple_matches`). SQLite only, and only one
    with FTS5's trigram tokenizer: without it, searches read every row as before.

    A later migration that makes SQLite rebuild the table (most changes of its columns)
    drops the triggers with it: searches then stop using the index (see
    `indexed_tables`) until a migration runs these operations again: they make it anew."""
    from django.db import migrations

    columns = [name for weight in "ABC" for name in weights.get(weight, [])]

    def forwards(app_registry, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite" or not sqlite_trigram_available(connection):
            return
        opts = app_registry.get_model(model_label)._meta
        backwards(app_registry, schema_editor)  # what a rebuilt table left of it
        for statement in sqlite_search_index_sql(opts.db_table, opts.pk.column, columns):
            schema_editor.execute(statement)

    def backwards(app_registry, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        fts = search_index_table(app_registry.get_model(model_label)._meta.db_table)
        for trigger in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")

    return [migrations.RunPython(forwards, backwards)]


_SEARCH_INDEXES = {}  # (alias, database, tables asked) -> those whose trigram index works


def forget_search_indexes(**kwargs):
    _SEARCH_INDEXES.clear()


post_migrate.connect(forget_search_indexes, dispatch_uid="publishing.sqlite_search.indexes")


def indexed_tables(tables):
    """Those of content `tables` with a trigram index SQLite can use, asked once per database:
    the index and all its triggers must be there (rebuilding a table in a migration drops
    its triggers, and a stale index would hide what editors have written since)."""
    key = (connection.alias, connection.settings_dict["NAME"], frozenset(tables))
    found = _SEARCH_INDEXES.get(key)
    if found is None:
        names = set()
        if sqlite_trigram_available(connection):
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%search_fts%'")
                names = {name for (name,) in cursor.fetchall()}
        found = _SEARCH_INDEXES[key] = frozenset(
            table
            for table in tables
            if {search_index_table(table)}
            | {f"{search_index_table(table)}_{trigger}" for trigger in TRIGGERS}
            <= names
        )
    return found


# The term as one FTS5 string: quoted, its own quotes doubled, so that nothing a reader
# types is read as FTS5 syntax (OR, NEAR, *, column filters). Made in SQL so that the term
# stays a plain value for prepared queries.
_FTS_STRING = """'"' || replace(%s, '"', '""') || '"'"""


def in_index(model, terms):
    """Whether a row of `model` is among those its trigram index finds holding every one of
    `terms` (each anywhere in its text): for terms of three characters or more, a superset
    of the rows whose searched text holds them all by LIKE (the index folds case beyond
    ASCII too)."""
    opts = model._meta
    fts = search_index_table(opts.db_table)
    every = " || ' AND ' || ".join([_FTS_STRING] * len(terms))
    found = f"SELECT rowid FROM {fts} WHERE {fts} MATCH {every}"
    return Q(
        RawSQL(
            f"{opts.db_table}.{opts.pk.column} IN ({found})",
            list(terms),
            output_field=BooleanField(),
        )
    )


def indexed_terms(terms):
    """The words SQLite looks candidates up by in a trigram index, as (position in `terms`,
    whether the index alone decides: see `index_decides`): the longest word (likely the
    rarest) if it has three characters or more, and every other such word with a digit.

    The words looked up are looked up together: the index gives only the rows that hold
    them all. That pays for a rare word: a number ("solidarity 1625") is in a few texts,
    where the rows holding the longest word had their whole text read by LIKE for it,
    found nowhere (3 ms for a thousand rows). A common word costs the index more than
    reading the few first words of each row until LIKE finds it ("the", "and")."""
    lengths = [len(term) for term in terms]
    longest = max(lengths, default=0)
    if longest < TRIGRAM:
        return ()
    first = lengths.index(longest)
    return tuple(
        (position, index_decides(term))
        for position, term in enumerate(terms)
        if position == first or (len(term) >= TRIGRAM and any(map(str.isdigit, term)))
    )


def index_decides(term):
    """Whether the rows the trigram index finds for `term` are the rows whose searched text
    holds it by LIKE, so that their text need not be read again: for a word of ASCII
    characters, whose case both fold alike. The text is then never read, however long;
    a common word in 2,000 articles of 13 KB each cost 10 ms to check again.

    A word with other letters is checked by LIKE, which folds ASCII's case only where the
    index folds every letter's ("ÉCLUSE" is not found by "écluse"). Beyond ASCII, the index
    folds only two characters into ASCII letters, the Kelvin sign and the long s: a text
    writing "ſtrike" is found by "strike", which LIKE would not find."""
    return term.isascii()
