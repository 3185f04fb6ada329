"""The site's row was made with an explicit id (1), which leaves PostgreSQL's sequence at
its start: the first scope row would take id 1 again, conflict, and be dropped. Move the
sequence past the rows that exist."""

from django.core.management.color import no_style
from django.db import migrations


def reset_sequence(apps, schema_editor):
    model = apps.get_model("pagecache", "ContentVersion")
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0002_scopes")]

    operations = [migrations.RunPython(reset_sequence, migrations.RunPython.noop)]
