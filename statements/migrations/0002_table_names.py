"""The tables take this app's name (rows, keys and references stay as they are)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("statements", "0001_initial"), ("site_config", "0004_models_move_out")]

    operations = [
        migrations.AlterModelTable(name="statement", table=None),
        migrations.AlterModelTable(name="endorsement", table=None),
    ]
