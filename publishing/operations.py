"""Migration operations of the publishing core."""

from django.contrib.postgres.operations import AddIndexConcurrently as PostgresAddIndexConcurrently
from django.db.migrations import AddIndex


class AddIndexConcurrently(AddIndex):
    """`AddIndex` that keeps the table writable while the index is built, so that editors
    can save during a deploy: `CREATE INDEX CONCURRENTLY` on PostgreSQL, which only runs
    outside a transaction (the migration sets `atomic = False`), and a plain `CREATE INDEX`
    elsewhere (SQLite locks the whole database for any write anyway)."""

    def concurrent(self, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            return PostgresAddIndexConcurrently(self.model_name, self.index)
        return None

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if operation := self.concurrent(schema_editor):
            operation.database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if operation := self.concurrent(schema_editor):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            super().database_backwards(app_label, schema_editor, from_state, to_state)
