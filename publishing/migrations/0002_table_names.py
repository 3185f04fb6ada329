"""The tables take this app's name (rows, keys and references stay as they are)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial"), ("site_config", "0004_models_move_out")]

    operations = [
        migrations.AlterModelTable(name=name, table=None)
        for name in ("auditentry", "previewlink", "sitesettings", "sociallink", "slugredirect")
    ]
