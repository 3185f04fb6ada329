"""Migrations must be safe to run while the site is serving.

`migrate` runs on a live site during a deploy, on PostgreSQL, with editors saving and
readers reading. Two kinds of operation block them for as long as a big table takes:

- building an index on a table that already exists without CONCURRENTLY: the table is
  locked against writes for the whole build (`AddIndex`, a unique or exclusion
  `AddConstraint`, a field added with `db_index`/`unique`/a foreign key, or `CREATE INDEX`
  in SQL). `publishing.operations.AddIndexConcurrently` (in a migration with
  `atomic = False`) builds it concurrently on PostgreSQL instead;
- rewriting a table that already exists: a stored generated column, or a column whose
  database default must be computed row by row. A constant default is stored once and
  costs nothing (PostgreSQL 11 and later), so `db_default=<constant>` is safe.

A NOT NULL column added with a volatile Python default (`default=timezone.now`,
`default=uuid.uuid4`) is refused too: Django computes the default once, at migrate time,
and gives that one value to every existing row, which is never what such a default means
(and fails outright on a unique column). Add it nullable, fill it in batches, then make it
NOT NULL — or give it a constant `db_default`.

Each migration of the project's own apps is checked by what it declares: operations, SQL
text, and the source of the functions `RunPython` calls (for the SQL they hold). Migrations
that ran before this rule are listed in HISTORIC with what they did.
"""

import functools
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.operations import AddIndexConcurrently as PostgresAddIndexConcurrently
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.models import NOT_PROVIDED
from django.db.models.functions import Now

from publishing.operations import AddIndexConcurrently

ROOT = Path(__file__).resolve().parents[1]

# Migrations that predate the rule and break it. They have been applied on every site, on
# tables that were small then, and an applied migration never runs again, so they stay as
# they are. A new migration does not belong here: write it the safe way.
HISTORIC = {
    # A stored generated tsvector column (the whole table rewritten) and its GIN index,
    # built without CONCURRENTLY, through publishing.search.search_index_operations.
    ("articles", "0005_search_index"): "search column and GIN index on articles",
    ("events", "0003_search_index"): "search column and GIN index on events",
    ("pages", "0002_search_index"): "search column and GIN index on pages",
    ("pagecache", "0002_scopes"): "a unique column on the content version table (one row)",
    ("statements", "0004_statement_kinds"): "the index of the statements' new kind column",
}

CONCURRENT_INDEX_OPERATIONS = (AddIndexConcurrently, PostgresAddIndexConcurrently)
INDEX_WITHOUT_CONCURRENTLY = re.compile(
    r"\bCREATE\s+(?:UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)", re.IGNORECASE
)
STORED_GENERATED_COLUMN = re.compile(
    r"\bADD\s+COLUMN\b[^;]*?\bGENERATED\s+ALWAYS\s+AS\b[^;]*?\bSTORED\b", re.IGNORECASE | re.DOTALL
)
# Constant-folded database defaults that PostgreSQL evaluates once for the whole table.
STABLE_DB_DEFAULTS = (models.Value, Now)


def project_apps():
    """Labels of the apps that live in this repository (not installed packages)."""
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT)
        and "site-packages" not in Path(config.path).parts
    }


@functools.cache
def migration_loader():
    return MigrationLoader(None, ignore_no_migrations=True, load=True)


def project_migrations():
    loader = migration_loader()
    labels = project_apps()
    return {key: migration for key, migration in loader.disk_migrations.items() if key[0] in labels}


def flatten(operations):
    """The operations that touch the database, `SeparateDatabaseAndState` opened up."""
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from flatten(operation.database_operations)
        else:
            yield operation


def sql_text(operation):
    """The SQL an operation carries: RunSQL's statements, or the source of RunPython's
    functions (their SQL is in string literals there)."""
    if isinstance(operation, migrations.RunSQL):
        parts = operation.sql if isinstance(operation.sql, list | tuple) else [operation.sql]
        return "\n".join(part if isinstance(part, str) else str(part[0]) for part in parts)
    if isinstance(operation, migrations.RunPython):
        try:
            return inspect.getsource(operation.code)
        except (OSError, TypeError):
            return ""
    return ""


def on_new_tables_only(operation, app_label, created):
    """Whether a RunPython function works only on models made in the same migration (they
    are named in its closure as "app.Model" labels, as `search_index_operations` does)."""
    if not isinstance(operation, migrations.RunPython):
        return False
    cells = operation.code.__closure__ or ()
    labels = [
        cell.cell_contents
        for cell in cells
        if isinstance(cell.cell_contents, str) and cell.cell_contents.count(".") == 1
    ]
    return bool(labels) and all(
        label.split(".")[0] == app_label and label.split(".")[1].lower() in created
        for label in labels
    )


def is_volatile(default):
    """Whether a Python default gives a new value each time (now, uuid4, random)."""
    if not callable(default):
        return False
    return default() != default()


def field_problems(model, name, field):
    where = f"{model}.{name}"
    problems = []
    # A foreign key has db_index on unless told otherwise; unique builds an index too.
    if (field.db_index or field.unique) and not field.many_to_many:
        problems.append(
            f"AddField {where} builds an index on an existing table without CONCURRENTLY: "
            "add the field with db_index=False (unique=False), then AddIndexConcurrently"
        )
    db_default = getattr(field, "db_default", NOT_PROVIDED)
    computed = hasattr(db_default, "resolve_expression")  # a plain value is a constant
    if computed and not isinstance(db_default, STABLE_DB_DEFAULTS):
        problems.append(
            f"AddField {where} has a computed db_default ({db_default!r}): a volatile one "
            "rewrites the whole table; use a constant db_default"
        )
    if (
        not field.null
        and db_default is NOT_PROVIDED
        and field.default is not NOT_PROVIDED
        and is_volatile(field.default)
    ):
        problems.append(
            f"AddField {where} is NOT NULL with a volatile default "
            f"({getattr(field.default, '__qualname__', field.default)!r}): Django computes it "
            "once and every existing row gets that one value; add it null=True, fill it in "
            "batches, then make it NOT NULL, or give it a constant db_default"
        )
    return problems


def unsafe_operations(migration, new_tables=(), state=None):
    """What in `migration` would lock or rewrite a table that already exists.

    `new_tables`: models whose tables are still empty when it runs (made by the app's
    other initial migrations, which makemigrations may split in two); `state`: the project
    state before it, to compare an altered field with what it was."""
    created = set(new_tables)  # and models made by this migration
    problems = []
    concurrent = False
    for operation in flatten(migration.operations):
        if isinstance(operation, migrations.CreateModel):
            created.add(operation.name_lower)
            continue
        model = getattr(operation, "model_name_lower", None)
        existing = model is not None and model not in created
        if isinstance(operation, CONCURRENT_INDEX_OPERATIONS):
            concurrent = True
        elif isinstance(operation, migrations.AddIndex) and existing:
            problems.append(
                f"AddIndex {operation.index.name} on {model} locks the table against writes "
                "while it is built: use publishing.operations.AddIndexConcurrently"
            )
        elif isinstance(operation, migrations.AddConstraint) and existing:
            constraint = operation.constraint
            if isinstance(constraint, models.UniqueConstraint | ExclusionConstraint):
                problems.append(
                    f"AddConstraint {constraint.name} on {model} builds an index without "
                    "CONCURRENTLY: build a unique index concurrently first"
                )
        elif isinstance(operation, migrations.AddField) and existing:
            problems += field_problems(model, operation.name, operation.field)
        elif isinstance(operation, migrations.AlterField) and existing and state is not None:
            before = state.models[migration.app_label, model].fields[operation.name_lower]
            indexed = operation.field.db_index or operation.field.unique
            if indexed and not (before.db_index or before.unique):
                problems.append(
                    f"AlterField {model}.{operation.name} adds an index to an existing table "
                    "without CONCURRENTLY: keep db_index=False and use AddIndexConcurrently"
                )
        sql = sql_text(operation)
        if on_new_tables_only(operation, migration.app_label, created):
            sql = ""  # a new, empty table: nothing to lock or rewrite
        if INDEX_WITHOUT_CONCURRENTLY.search(sql):
            problems.append(
                f"{type(operation).__name__} runs CREATE INDEX without CONCURRENTLY "
                "(and atomic = False)"
            )
        if STORED_GENERATED_COLUMN.search(sql):
            problems.append(
                f"{type(operation).__name__} adds a stored generated column, which rewrites "
                "the whole table: add a plain nullable column and fill it in batches"
            )
        if re.search(r"\bINDEX\s+CONCURRENTLY\b", sql, re.IGNORECASE):
            concurrent = True
    if concurrent and migration.atomic:
        problems.append(
            "builds an index CONCURRENTLY inside a transaction: set atomic = False "
            "(PostgreSQL refuses it otherwise)"
        )
    return problems


def test_the_project_has_migrations_to_check():
    found = project_migrations()
    assert ("articles", "0001_initial") in found
    assert ("articles", "0009_admin_indexes") in found  # the concurrent index migration
    assert not any(app == "auth" for app, _ in found)  # Django's own are not ours to judge


@pytest.mark.parametrize("key", sorted(project_migrations()), ids=lambda key: f"{key[0]}.{key[1]}")
def test_migration_is_safe_on_a_live_site(key):
    found = project_migrations()
    migration = found[key]
    new_tables = set()
    if migration.initial:
        for (app, _), other in found.items():
            if app == key[0] and other.initial:
                new_tables |= {
                    operation.name_lower
                    for operation in flatten(other.operations)
                    if isinstance(operation, migrations.CreateModel)
                }
    state = None
    if any(
        isinstance(operation, migrations.AlterField) for operation in flatten(migration.operations)
    ):
        state = migration_loader().project_state(key, at_end=False)
    problems = unsafe_operations(migration, new_tables, state)
    if key in HISTORIC:
        assert problems, f"{key} is listed as historic but breaks no rule: take it off the list"
        return
    assert not problems, f"{key[0]}.{key[1]}:\n" + "\n".join(problems)


def test_every_historic_migration_exists():
    assert not set(HISTORIC) - set(project_migrations())


# The rule itself, on migrations written for the test ----------------------------------------


def migration(operations, atomic=True, name="0100_check"):
    made = type("Migration", (migrations.Migration,), {"operations": operations, "atomic": atomic})
    return made(name, "articles")


def test_a_search_index_migration_like_the_one_that_locked_articles_is_refused():
    from publishing.search import search_index_operations

    problems = unsafe_operations(
        migration(search_index_operations("articles.Article", {"A": ["title"]}))
    )
    assert any("CREATE INDEX without CONCURRENTLY" in problem for problem in problems)
    assert any("stored generated column" in problem for problem in problems)


def test_indexes_on_existing_tables_must_be_built_concurrently():
    from django.contrib.postgres.indexes import GinIndex

    index = GinIndex(fields=["title"], name="article_title_gin")
    bad = unsafe_operations(migration([migrations.AddIndex("article", index)]))
    assert bad and "AddIndexConcurrently" in bad[0]
    sql = migrations.RunSQL("CREATE INDEX article_x ON articles_article USING gin (title)")
    assert unsafe_operations(migration([sql]))
    unique = migrations.AddConstraint(
        "article", models.UniqueConstraint(fields=["title"], name="article_title_unique")
    )
    assert unsafe_operations(migration([unique]))
    fk = migrations.AddField(
        "article",
        "editor",
        models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL),
    )
    assert unsafe_operations(migration([fk]))

    assert not unsafe_operations(migration([AddIndexConcurrently("article", index)], atomic=False))
    concurrent_sql = migrations.RunSQL(
        "CREATE INDEX CONCURRENTLY article_x ON articles_article USING gin (title)"
    )
    assert not unsafe_operations(migration([concurrent_sql], atomic=False))
    # Concurrently, but inside the migration's transaction: PostgreSQL refuses it.
    assert unsafe_operations(migration([AddIndexConcurrently("article", index)]))
    # A new table is empty: its indexes cost nothing.
    new_table = migrations.CreateModel("Poster", [("id", models.AutoField(primary_key=True))])
    assert not unsafe_operations(
        migration([new_table, migrations.AddIndex("poster", models.Index(fields=["id"], name="p"))])
    )
    unindexed_fk = migrations.AddField(
        "article",
        "editor",
        models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, db_index=False),
    )
    assert not unsafe_operations(migration([unindexed_fk]))


def test_new_not_null_columns_need_a_constant_default():
    import uuid

    from django.utils import timezone

    def added(field):
        return unsafe_operations(migration([migrations.AddField("article", "extra", field)]))

    assert added(models.DateTimeField(default=timezone.now))
    assert added(models.UUIDField(default=uuid.uuid4))
    assert added(models.UUIDField(db_default=models.Func(function="gen_random_uuid")))
    # Constant defaults are stored once, without touching the rows.
    assert not added(models.PositiveIntegerField(default=0))
    assert not added(models.JSONField(default=dict))
    assert not added(models.BooleanField(db_default=False))
    assert not added(models.DateTimeField(db_default=Now()))
    # Nullable: existing rows get NULL, nothing is computed.
    assert not added(models.DateTimeField(null=True, default=timezone.now))


def test_an_index_added_to_an_existing_field_must_be_built_concurrently():
    state = migration_loader().project_state(("articles", "0009_admin_indexes"), at_end=True)
    indexed = migrations.AlterField(
        "article", "standfirst", models.TextField(blank=True, db_index=True)
    )
    problems = unsafe_operations(migration([indexed]), state=state)
    assert problems and "AlterField article.standfirst" in problems[0]
    relabelled = migrations.AlterField("article", "standfirst", models.TextField(blank=True))
    assert not unsafe_operations(migration([relabelled]), state=state)


def test_a_search_index_on_a_table_made_in_the_same_migration_is_allowed():
    from publishing.search import search_index_operations

    new_table = migrations.CreateModel(
        "Poster", [("id", models.AutoField(primary_key=True)), ("title", models.TextField())]
    )
    search = search_index_operations("articles.Poster", {"A": ["title"]})
    assert not unsafe_operations(migration([new_table, *search]))
    # The same on a table that exists already is refused.
    assert unsafe_operations(
        migration([new_table, *search_index_operations("articles.Article", {"A": ["title"]})])
    )
