"""A database made before the move of models out of `site_config` and `articles` keeps
every row, content type, permission, tag, revision, slug redirect and preview link when it
is migrated to the new layout (see `publishing/relabel.py` and the apps' migrations)."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core import serializers
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from images.models import Image
from publishing.models import AuditEntry, PreviewLink, SiteSettings, SlugRedirect
from statements.models import Endorsement, Statement

BEFORE_THE_MOVE = [
    ("images", None),
    ("publishing", None),
    ("statements", None),
    ("articles", "0005_search_index"),
    ("events", "0003_search_index"),
    ("site_config", "0003_roles"),
    # Apps that came later, and build on the new layout.
    ("pages", None),
    ("menus", None),
    ("home", None),
]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    # The state of the named apps at their targets, and of every other app at its latest.
    named = {app for app, _name in targets}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in named]
    nodes = [target for target in targets if target[1] is not None] + others
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_rows_made_before_the_move_are_all_there_after_it(client):
    old = migrate(BEFORE_THE_MOVE)
    content_type = old.get_model("contenttypes", "ContentType")
    statement_type, _created = content_type.objects.get_or_create(
        app_label="articles", model="statement"
    )
    old_image = old.get_model("site_config", "Image").objects.create(
        title="Quay", file="images/quay.jpg", width=800, height=600
    )
    statement = old.get_model("articles", "Statement").objects.create(
        title="Safe harbours",
        slug="safe-harbours",
        status="published",
        publish_at=timezone.now(),
        issuing_body="The assembly",
        lead_image=old_image,
        lead_image_alt="The quay",
    )
    old.get_model("articles", "Endorsement").objects.create(
        statement=statement, kind="individual", name="Anna", email="anna@example.org",
        status="confirmed", consent_listed=True,
    )  # fmt: skip
    old.get_model("site_config", "SiteSettings").objects.create(
        pk=1, name="Dockers", logo=old_image
    )
    old.get_model("site_config", "SlugRedirect").objects.create(
        content_type=statement_type, object_id=statement.pk, old_slug="old-harbours"
    )
    old.get_model("site_config", "PreviewLink").objects.create(
        content_type=statement_type,
        object_id=statement.pk,
        token="secret-token",
        expires_at=timezone.now() + timezone.timedelta(days=3),
    )
    old.get_model("site_config", "AuditEntry").objects.create(
        username="editor", action="published", content_type=statement_type,
        object_id=statement.pk, object_repr=statement.title,
    )  # fmt: skip
    tag = old.get_model("taggit", "Tag").objects.create(name="ports", slug="ports")
    old.get_model("taggit", "TaggedItem").objects.create(
        tag=tag, content_type=statement_type, object_id=statement.pk
    )
    revision = old.get_model("reversion", "Revision").objects.create(
        date_created=timezone.now(), comment="Created"
    )
    old.get_model("reversion", "Version").objects.create(
        revision=revision,
        object_id=str(statement.pk),
        content_type=statement_type,
        db="default",
        format="json",
        serialized_data=serializers.serialize("json", [statement]),
        object_repr=statement.title,
    )

    migrate()

    moved = Statement.objects.get(slug="safe-harbours")
    assert moved.lead_image == Image.objects.get(title="Quay")
    assert moved.lead_image_alt == "The quay"
    assert Endorsement.objects.get().statement == moved
    assert SiteSettings.objects.get().logo.title == "Quay"
    assert list(moved.tags.names()) == ["ports"]
    assert SlugRedirect.objects.get().target == moved
    assert PreviewLink.objects.get().target == moved
    assert AuditEntry.objects.get().content_type.model_class() is Statement
    from reversion.models import Version

    version = Version.objects.get_for_object(moved).get()
    assert json.loads(version.serialized_data)[0]["model"] == "statements.statement"
    assert version.field_dict["issuing_body"] == "The assembly"
    editors = Group.objects.get(name="Editor")
    assert editors.permissions.filter(
        content_type__app_label="statements", codename="export_endorsements"
    ).exists()
    # Readers reach it as before, old address included.
    assert client.get("/statements/safe-harbours/").status_code == 200
    assert client.get("/statements/old-harbours/")["Location"] == "/statements/safe-harbours/"
    assert client.get("/preview/secret-token/").status_code == 200
