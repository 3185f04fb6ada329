"""Two indexes holding every column `published()` asks about, one led by the start and
one by the city: the lists' filter choices and the calendar's first month read them
instead of the events' rows. Built concurrently on PostgreSQL, so that editors can save
during a deploy."""

from django.db import migrations, models

import publishing.operations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [
        ("events", "0016_search_words"),
    ]

    operations = [
        publishing.operations.AddIndexConcurrently(
            model_name="event",
            index=models.Index(
                fields=["status", "start", "publish_at", "end", "last_end"],
                name="event_published_idx",
            ),
        ),
        publishing.operations.AddIndexConcurrently(
            model_name="event",
            index=models.Index(
                fields=["status", "venue_city", "publish_at", "start", "end", "last_end"],
                name="event_city_idx",
            ),
        ),
    ]
