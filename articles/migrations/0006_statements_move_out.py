"""Statements and endorsements now live in the `statements` app, and the image library in
`images`: Django's record follows them. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_search_index"),
        ("images", "0001_initial"),
        ("statements", "0001_initial"),
        ("events", "0004_moved_models"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="lead_image",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="images.image", verbose_name="lead image"),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="section",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="%(class)ss", to="articles.section", verbose_name="section"),
                ),
                migrations.AlterField(
                    model_name="author",
                    name="photo",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="images.image", verbose_name="photo"),
                ),
                migrations.DeleteModel(name="Endorsement"),
                migrations.DeleteModel(name="Statement"),
            ],
        ),
    ]
