"""The editorial workflow: every change of an item's publication or review state.

Each action is one function taking the item and the acting user: `submit`, `send_back`,
`publish`, `unpublish`, `schedule` and `restore`. It runs in one transaction, writes the
revision and the audit entry, and tells the page cache once the transaction has committed.
`available_actions(item, user)` says which actions a user may take on an item as it is
stored now, and `first_save_actions(model, user)` which on a new item as it is first saved;
the admin shows those as buttons and refuses any other, so a forged POST changes nothing.
"""

from contextlib import contextmanager

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pagecache.versions import content_changed

from .models import AuditEntry, Publishable, record
from .roles import is_editor

SUBMIT, SEND_BACK, PUBLISH, UNPUBLISH, SCHEDULE, RESTORE = (
    "submit",
    "send_back",
    "publish",
    "unpublish",
    "schedule",
    "restore",
)


def may_publish(item, user):
    opts = item._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def may_change(item, user):
    """Editors may change anything their permissions allow; authors their own drafts."""
    opts = item._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return False
    if is_editor(user):
        return True
    return item.created_by_id == user.pk and item.status == Publishable.Status.DRAFT


def available_actions(item, user):
    """The actions `user` may take on `item` as it is stored now, in button order."""
    if item is None or item.pk is None:
        return []
    actions = []
    publisher = may_publish(item, user)
    is_draft = item.status == Publishable.Status.DRAFT
    if (
        not publisher
        and is_draft
        and item.review_state != Publishable.Review.SUBMITTED
        and may_change(item, user)
    ):
        actions.append(SUBMIT)
    if publisher and is_editor(user) and item.review_state == Publishable.Review.SUBMITTED:
        actions.append(SEND_BACK)
    if publisher:
        actions += [PUBLISH, SCHEDULE] if is_draft else [UNPUBLISH]
    if may_change(item, user):
        actions.append(RESTORE)
    return actions


def first_save_actions(model, user):
    """The actions `user` may take as they save a new item of `model` for the first time:
    an author may submit it for review at once, an editor may publish or schedule it."""
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
        return []
    if may_publish(model, user):
        return [PUBLISH, SCHEDULE]
    return [SUBMIT]


class ActionRefused(Exception):
    """The item changed under the acting user (someone else published, unpublished, sent
    back or saved it first): the action is not taken. The message says why, for the user."""


# What the stored item must be for each action to still make sense. Checked under the
# row lock, so of two people pressing "Unpublish" at once, the second is told, not obeyed.
# Publishing a published item is allowed (it saves its new content and publish time); a
# stale copy is caught by the edit counter instead.
STILL_POSSIBLE = {
    SUBMIT: lambda stored: (
        stored.status == Publishable.Status.DRAFT
        and stored.review_state != Publishable.Review.SUBMITTED
    ),
    SEND_BACK: lambda stored: stored.review_state == Publishable.Review.SUBMITTED,
    UNPUBLISH: lambda stored: stored.status == Publishable.Status.PUBLISHED,
}


def _lock(item):
    """The stored row of `item`, locked until the transaction ends (None for a new item)."""
    if item.pk is None:
        return None
    return type(item)._default_manager.select_for_update().filter(pk=item.pk).first()


@contextmanager
def _change(item, user, comment):
    """One transaction and one revision around a workflow action, holding the item's row
    lock; the page cache is told after the commit. Inside the admin's own revision (a form
    save), joins it. Yields the stored item as it is under the lock."""
    with transaction.atomic():
        stored = _lock(item)
        if reversion.is_active():
            yield stored
            reversion.set_comment(comment)
        else:
            with reversion.create_revision():
                yield stored
                reversion.set_user(user)
                reversion.set_comment(comment)
        transaction.on_commit(content_changed)


def _save(item, user):
    item.updated_by = user if getattr(user, "pk", None) else None
    item.save()


@contextmanager
def _action(item, user, audit_action, comment, note=""):
    """The caller changes the item's state inside; it is then saved, with its revision
    and audit entry, in one transaction.

    Refused (`ActionRefused`, nothing saved) when, under the row lock, the stored item no
    longer allows the action or was saved since `item` was read: saving `item` then would
    put back what the other person changed.
    """
    action = AUDIT_TO_ACTION.get(audit_action)
    with _change(item, user, comment) as stored:
        if stored is not None:
            if stored.edit_version != item.edit_version:
                raise ActionRefused(
                    _("“%(item)s” was changed by someone else meanwhile; nothing was done.")
                    % {"item": stored}
                )
            if action in STILL_POSSIBLE and not STILL_POSSIBLE[action](stored):
                raise ActionRefused(
                    _(
                        "Someone else changed “%(item)s” first (it is now: %(state)s); "
                        "nothing was done."
                    )
                    % {"item": stored, "state": _state_label(stored)}
                )
        yield
        _save(item, user)
        record(user, audit_action, item, note=note)


AUDIT_TO_ACTION = {
    AuditEntry.Action.SUBMITTED: SUBMIT,
    AuditEntry.Action.SENT_BACK: SEND_BACK,
    AuditEntry.Action.PUBLISHED: PUBLISH,
    AuditEntry.Action.UNPUBLISHED: UNPUBLISH,
}


def _state_label(stored):
    if stored.review_state:
        return str(stored.get_review_state_display()).lower()
    return str(stored.get_status_display()).lower()


def submit(item, user):
    """An author asks an editor to publish their draft."""
    with _action(item, user, AuditEntry.Action.SUBMITTED, _("Submitted for review")):
        item.review_state = Publishable.Review.SUBMITTED
    return item


def send_back(item, user, note=None):
    """An editor returns a submitted item to its author, with a note saying why."""
    if note is not None:
        item.review_note = note
    comment = _("Sent back to the author")
    with _action(item, user, AuditEntry.Action.SENT_BACK, comment, note=item.review_note):
        item.review_state = Publishable.Review.SENT_BACK
        item.status = Publishable.Status.DRAFT
    return item


def publish(item, user):
    """Put the item live at its publish time (a future time keeps it scheduled)."""
    with _action(item, user, AuditEntry.Action.PUBLISHED, _("Published")):
        item.status = Publishable.Status.PUBLISHED
        item.review_state = Publishable.Review.NONE
    return item


def schedule(item, user, at=None):
    """Publish the item at `at` (or its own publish time): it appears by itself then."""
    if at is not None:
        item.publish_at = at
    return publish(item, user)


def unpublish(item, user):
    """Take the item off the site: it becomes a draft again."""
    with _action(item, user, AuditEntry.Action.UNPUBLISHED, _("Unpublished")):
        item.status = Publishable.Status.DRAFT
    return item


def restore(item, user, version):
    """Put an earlier version's content back, as a draft: nothing goes live by itself."""
    stamp = timezone.localtime(version.revision.date_created)
    comment = _("Restored the version of %(time)s as a draft") % {
        "time": f"{stamp:%-d %B %Y, %H:%M}"
    }
    manager = type(item)._default_manager
    with _change(item, user, comment):
        current = manager.select_for_update().get(pk=item.pk)
        version.revision.revert(delete=True)
        restored = manager.get(pk=item.pk)
        restored.carry_over_from(current)
        restored.status = Publishable.Status.DRAFT
        restored.review_state = Publishable.Review.NONE
        _save(restored, user)
        record(user, AuditEntry.Action.RESTORED, restored, note=f"version {version.pk}")
    return restored
