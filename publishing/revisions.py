"""Revisions: the saved versions of an item, comparing two of them, and noticing that
someone else saved while an editor was typing (edit conflicts). Restoring a version is a
workflow action (`workflow.restore`)."""

import difflib
import html
import re
from dataclasses import dataclass

import nh3
from django.core.exceptions import FieldDoesNotExist
from django.db import router, transaction
from reversion.models import Version

from richtext.fields import RichTextField

# Bookkeeping fields that change on every save and say nothing to a reader of a diff.
IGNORED_FIELDS = {"edit_version", "updated_at", "updated_by", "created_at", "created_by"}


def versions(obj):
    """Saved versions of `obj`, newest first, with who saved them."""
    return Version.objects.get_for_object(obj).select_related("revision__user")


def _text_lines(value, rich=False):
    """`value` as lines to diff. Rich text gives one line per block with its tags dropped,
    so the diff reads as prose; other fields are compared as typed (a title may hold a
    "<")."""
    text = "" if value is None else str(value)
    if rich:
        # nh3 reads any markup as a browser would; Django's strip_tags raised on "<![".
        text = re.sub(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", "\n", text)
        text = html.unescape(nh3.clean(text, tags=set()))
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class FieldChange:
    name: str
    label: str
    old: list
    new: list
    lines: list  # (kind, text) with kind in {"same", "removed", "added"}


def field_label(model, name):
    if name in getattr(model, "editor_labels", {}):
        return str(model.editor_labels[name])
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field removed since the version was saved
        return name


def is_rich_text(model, name):
    try:
        return isinstance(model._meta.get_field(name), RichTextField)
    except FieldDoesNotExist:
        return False


def compare(model, old_fields, new_fields):
    """The fields that differ between two field dicts, with a line diff of each."""
    changes = []
    for name in sorted(set(old_fields) | set(new_fields)):
        if name in IGNORED_FIELDS:
            continue
        rich = is_rich_text(model, name)
        old, new = _text_lines(old_fields.get(name), rich), _text_lines(new_fields.get(name), rich)
        if old == new:
            continue
        lines = []
        for line in difflib.ndiff(old, new):
            code, text = line[:2], line[2:]
            if code == "- ":
                lines.append(("removed", text))
            elif code == "+ ":
                lines.append(("added", text))
            elif code == "  ":
                lines.append(("same", text))
        changes.append(FieldChange(name, field_label(model, name), old, new, lines))
    return changes


def current_fields(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def conflict(obj, loaded_version, submitted=None):
    """If `obj` was saved by someone else since `loaded_version`, what they changed.

    Returns None when there is no conflict, else a dict with who saved, when, and the
    field changes between the version the form was loaded from and the current one. When
    that version was never recorded (the item was made outside the admin), the changes
    are those between the submitted values and the current ones instead.

    Inside a transaction (the admin's POST is one) the row stays locked until it ends, so
    the check and the save that follows are one step: a second editor saving at the same
    instant waits here and then sees the first one's version. SQLite has no row locks, but
    its writers take the database lock at BEGIN (`transaction_mode: IMMEDIATE`), which
    serialises them the same way.
    """
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        rows = rows.select_for_update()
    current = rows.first()
    if current is None or loaded_version is None or current.edit_version == loaded_version:
        return None
    history = list(versions(current))
    loaded = next((v for v in history if v.field_dict.get("edit_version") == loaded_version), None)
    latest = history[0] if history else None
    now = current_fields(current)
    if loaded is not None:
        changes, theirs_only = compare(type(obj), loaded.field_dict, now), True
    else:
        mine = {name: value for name, value in (submitted or {}).items() if name in now}
        changes, theirs_only = compare(type(obj), mine, {k: now[k] for k in mine}), False
    return {
        "theirs_only": theirs_only,
        "current_version": current.edit_version,
        "user": latest.revision.user if latest else current.updated_by,
        "at": latest.revision.date_created if latest else current.updated_at,
        "changes": changes,
    }
