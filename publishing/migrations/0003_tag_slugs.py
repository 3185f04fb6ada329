"""Tags written only in a non-Latin script or in symbols got an empty slug, which broke
every page linking to them: give them the transliterated slug new tags now get."""

from django.db import migrations

from publishing.slugs import tag_slug


def fill_empty_tag_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.filter(slug=""):
        tag.slug = tag_slug(Tag, tag.name, instance_pk=tag.pk)
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0002_table_names"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(fill_empty_tag_slugs, migrations.RunPython.noop)]
