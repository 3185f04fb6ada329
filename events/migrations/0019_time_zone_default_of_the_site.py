# A new event's time zone defaults to the site's, read when the event is made: the
# migrations no longer hold one site's zone, which made every site in another zone find
# a change to the model on each `migrate`. The default lives in Python only, so the
# database is left as it is (SQLite would otherwise copy the whole table).

from django.db import migrations, models

import events.models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0018_month_neighbour_ends"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="time_zone",
                    field=models.CharField(
                        choices=events.models.time_zone_choices,
                        default=events.models.site_time_zone,
                        help_text="Where the event happens. Start and end are entered in this zone.",
                        max_length=64,
                        verbose_name="time zone",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
