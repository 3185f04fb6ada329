"""Statements now live in the `statements` app and the image library in `images`: the
event's references follow them in Django's record. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_search_index"),
        ("images", "0001_initial"),
        ("statements", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="lead_image",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="images.image", verbose_name="lead image"),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="related_statements",
                    field=models.ManyToManyField(blank=True, related_name="+", to="statements.statement", verbose_name="related statements"),
                ),
            ],
        ),
    ]
