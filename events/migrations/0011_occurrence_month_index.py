"""The month column becomes required and indexed, on a live site: the index is built
concurrently (outside a transaction), dates stored by a server still running the older
code are filled first, and the plain event index goes (the new one starts with the event)."""

import django.db.models.deletion
from django.db import migrations, models

import publishing.operations


def fill_missing_months(apps, schema_editor):
    Occurrence = apps.get_model("events", "Occurrence")
    for occurrence in Occurrence.objects.filter(local_month=None).only("local_date"):
        occurrence.local_month = occurrence.local_date.replace(day=1)
        occurrence.save(update_fields=["local_month"])


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [
        ("events", "0010_admission_previous_start_month"),
    ]

    operations = [
        migrations.RunPython(fill_missing_months, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="occurrence",
            name="local_month",
            field=models.DateField(verbose_name="month"),
        ),
        publishing.operations.AddIndexConcurrently(
            model_name="occurrence",
            index=models.Index(
                fields=["event", "local_month", "start"], name="occurrence_month_idx"
            ),
        ),
        migrations.AlterField(
            model_name="occurrence",
            name="event",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="occurrences",
                to="events.event",
                verbose_name="event",
            ),
        ),
    ]
