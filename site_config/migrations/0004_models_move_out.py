"""`site_config` is project wiring and holds no models any more: the image library moved to
`images`, the rest to `publishing`, with their tables and rows. Only Django's record of the
models is removed here; nothing changes in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("site_config", "0003_roles"),
        ("images", "0001_initial"),
        ("publishing", "0001_initial"),
        ("articles", "0006_statements_move_out"),
        ("events", "0004_moved_models"),
        ("statements", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SocialLink"),
                migrations.DeleteModel(name="SiteSettings"),
                migrations.DeleteModel(name="SlugRedirect"),
                migrations.DeleteModel(name="PreviewLink"),
                migrations.DeleteModel(name="AuditEntry"),
                migrations.DeleteModel(name="Image"),
            ],
        ),
    ]
