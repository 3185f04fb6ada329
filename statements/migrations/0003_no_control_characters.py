"""Titles, leads, names, places and links refuse control characters (validators only):
nothing changes in the database."""

from django.db import migrations, models

import publishing.validators


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0002_table_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statement",
            name="adopted_place",
            field=models.CharField(
                blank=True,
                help_text="For example: Rome.",
                max_length=120,
                validators=[publishing.validators.no_control_characters],
                verbose_name="place of adoption",
            ),
        ),
        migrations.AlterField(
            model_name="statement",
            name="initial_signatories",
            field=models.TextField(
                blank=True,
                help_text="Organisations and people who signed before publication, one per line. They are shown above the endorsements collected on the site.",
                validators=[publishing.validators.no_control_characters_in_text],
                verbose_name="initial signatories",
            ),
        ),
        migrations.AlterField(
            model_name="statement",
            name="issuing_body",
            field=models.CharField(
                help_text="For example: “Adopted by the conference of the Harbourside Network”.",
                max_length=250,
                validators=[publishing.validators.no_control_characters],
                verbose_name="issued by",
            ),
        ),
        migrations.AlterField(
            model_name="statement",
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
            model_name="statement",
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
            model_name="statement",
            name="title",
            field=models.CharField(
                max_length=250,
                validators=[publishing.validators.no_control_characters],
                verbose_name="title",
            ),
        ),
    ]
