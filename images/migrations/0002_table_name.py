"""The image table takes this app's name (rows, keys and references stay as they are)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("images", "0001_initial"), ("site_config", "0004_models_move_out")]

    operations = [migrations.AlterModelTable(name="image", table=None)]
