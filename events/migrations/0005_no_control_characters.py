"""Titles, leads, names, places and links refuse control characters (validators only):
nothing changes in the database."""

from django.db import migrations, models

import publishing.validators


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_moved_models"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="online_notes",
            field=models.TextField(
                blank=True,
                help_text="For example a meeting ID or passcode.",
                validators=[publishing.validators.no_control_characters_in_text],
                verbose_name="joining notes",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="organiser_name",
            field=models.CharField(
                blank=True,
                max_length=200,
                validators=[publishing.validators.no_control_characters],
                verbose_name="organiser",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="status_note",
            field=models.CharField(
                blank=True,
                help_text="Shown with the status, e.g. “Postponed because of the rail strike”.",
                max_length=300,
                validators=[publishing.validators.no_control_characters],
                verbose_name="status note",
            ),
        ),
        migrations.AlterField(
            model_name="event",
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
            model_name="event",
            name="title",
            field=models.CharField(
                max_length=250,
                validators=[publishing.validators.no_control_characters],
                verbose_name="title",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="venue_address",
            field=models.CharField(
                blank=True,
                max_length=250,
                validators=[publishing.validators.no_control_characters],
                verbose_name="street address",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="venue_city",
            field=models.CharField(
                blank=True,
                db_index=True,
                max_length=100,
                validators=[publishing.validators.no_control_characters],
                verbose_name="city",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="venue_name",
            field=models.CharField(
                blank=True,
                max_length=200,
                validators=[publishing.validators.no_control_characters],
                verbose_name="venue",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="venue_postcode",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[publishing.validators.no_control_characters],
                verbose_name="postcode",
            ),
        ),
        migrations.AlterField(
            model_name="eventexception",
            name="note",
            field=models.CharField(
                blank=True,
                help_text="E.g. “No vigil at Easter”.",
                max_length=300,
                validators=[publishing.validators.no_control_characters],
                verbose_name="public note",
            ),
        ),
        migrations.AlterField(
            model_name="speaker",
            name="name",
            field=models.CharField(
                max_length=150,
                validators=[publishing.validators.no_control_characters],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="speaker",
            name="role",
            field=models.CharField(
                blank=True,
                max_length=200,
                validators=[publishing.validators.no_control_characters],
                verbose_name="role or organisation",
            ),
        ),
    ]
