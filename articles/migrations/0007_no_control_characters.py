"""Titles, leads, names, places and links refuse control characters (validators only):
nothing changes in the database."""

from django.db import migrations, models

import publishing.validators


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_statements_move_out"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="standfirst",
            field=models.TextField(
                blank=True,
                help_text="The short lead shown under the title and on lists.",
                max_length=600,
                validators=[publishing.validators.no_control_characters_in_text],
                verbose_name="standfirst",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="summary",
            field=models.CharField(
                blank=True,
                help_text="One or two sentences for search engines and link previews. Left empty, the standfirst or the start of the text is used.",
                max_length=300,
                validators=[publishing.validators.no_control_characters],
                verbose_name="summary",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="title",
            field=models.CharField(
                max_length=250,
                validators=[publishing.validators.no_control_characters],
                verbose_name="title",
            ),
        ),
    ]
