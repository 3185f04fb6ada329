"""The published statements' index newest first down to the key (see the articles'
migration of the same name): built before the old one goes, concurrently on
PostgreSQL."""

from django.db import migrations, models

import publishing.operations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("statements", "0011_list_order_index")]

    operations = [
        publishing.operations.AddIndexConcurrently(
            model_name="statement",
            index=models.Index(fields=["status", "-publish_at", "-id"], name="statement_newest_idx"),
        ),
        migrations.RemoveIndex(model_name="statement", name="statement_pub_idx"),
    ]
