"""Moving models from one app to another without losing rows.

A moved model keeps its table (migrations rename it) and its rows; what else names the old
app is brought along here: its content type (so permissions, tags, audit entries, slug
redirects, preview links and admin log entries still point at it) and the revisions
stored of it (their serialised data names the model as "app_label.model").
"""

import json

from django.db import migrations


def relabel_operation(old_app, new_app, model_names):
    """A `RunPython` operation that moves content types and revisions of `model_names`
    from `old_app` to `new_app` (and back, when unapplied)."""

    def move(apps, schema_editor, source, target):
        content_types = apps.get_model("contenttypes", "ContentType")
        database = schema_editor.connection.alias
        for name in model_names:
            rows = content_types.objects.using(database)
            if rows.filter(app_label=target, model=name).exists():
                continue  # made already on a fresh database: nothing refers to the old one
            rows.filter(app_label=source, model=name).update(app_label=target)
        rewrite_revisions(apps, database, source, target, model_names)
        # The process that migrates keeps content types in a cache: forget them.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()

    def forwards(apps, schema_editor):
        move(apps, schema_editor, old_app, new_app)

    def backwards(apps, schema_editor):
        move(apps, schema_editor, new_app, old_app)

    return migrations.RunPython(forwards, backwards)


def rewrite_revisions(apps, database, source, target, model_names):
    try:
        versions = apps.get_model("reversion", "Version")
    except LookupError:
        return
    labels = {f"{source}.{name}": f"{target}.{name}" for name in model_names}
    stored = versions.objects.using(database).filter(
        content_type__app_label=target, content_type__model__in=model_names, format="json"
    )
    for version in stored.iterator():
        data = json.loads(version.serialized_data)
        for entry in data:
            entry["model"] = labels.get(entry.get("model"), entry.get("model"))
        version.serialized_data = json.dumps(data)
        version.save(update_fields=["serialized_data"])
