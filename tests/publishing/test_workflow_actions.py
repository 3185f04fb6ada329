"""The workflow actions called directly, for articles, statements and events: who may take
which action, what each one stores, that it is all or nothing, when the page cache hears of
it, scheduled publication and restoring an earlier version.

The admin's buttons and forged POSTs are tested in `test_workflow.py` and `test_roles.py`.
"""

from datetime import timedelta

import pytest
import reversion
import time_machine
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from reversion.models import Version

from pagecache import versions as pagecache
from publishing import revisions, workflow
from publishing.models import AuditEntry, Publishable, record
from publishing.workflow import PUBLISH, RESTORE, SCHEDULE, SEND_BACK, SUBMIT, UNPUBLISH
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, StatementFactory, user_with_role

pytestmark = pytest.mark.django_db

Status, Review = Publishable.Status, Publishable.Review


@pytest.fixture(
    params=[ArticleFactory, StatementFactory, EventFactory],
    ids=lambda f: f._meta.model._meta.model_name,
)
def factory(request):
    return request.param


@pytest.fixture
def author(db):
    return user_with_role("Author", "writer")


@pytest.fixture(params=["Editor", "Administrator"])
def editor(request, db):
    """Someone who may publish; administrators may do whatever editors may."""
    return user_with_role(request.param, "boss")


def stored(item):
    return type(item)._default_manager.get(pk=item.pk)


def assert_recorded(item, user, action, comment):
    """The action left exactly one audit entry and one new version, both naming `user`."""
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.object_id) == (action, user, item.pk)
    assert entry.content_type.model_class() is type(item)
    version = Version.objects.get_for_object(item).get()
    assert version.revision.comment == comment
    assert version.revision.user == user
    assert stored(item).updated_by == user


# Who may take which action ------------------------------------------------------------------


def test_author_may_submit_and_restore_their_own_draft(factory, author):
    assert workflow.available_actions(factory(draft=True, created_by=author), author) == [
        SUBMIT,
        RESTORE,
    ]


def test_author_may_not_submit_again_while_waiting_for_review(factory, author):
    waiting = factory(draft=True, created_by=author, review_state=Review.SUBMITTED)
    assert SUBMIT not in workflow.available_actions(waiting, author)
    assert workflow.available_actions(waiting, author) == [RESTORE]


def test_author_may_submit_again_once_sent_back(factory, author):
    returned = factory(draft=True, created_by=author, review_state=Review.SENT_BACK)
    assert workflow.available_actions(returned, author) == [SUBMIT, RESTORE]


def test_author_may_do_nothing_with_someone_elses_draft(factory, author):
    colleague = user_with_role("Author", "colleague")
    assert workflow.available_actions(factory(draft=True, created_by=colleague), author) == []
    assert workflow.available_actions(factory(draft=True), author) == []


@pytest.mark.parametrize("scheduled", [False, True], ids=["live", "scheduled"])
def test_author_may_do_nothing_with_their_own_published_item(factory, author, scheduled):
    assert workflow.available_actions(factory(created_by=author, scheduled=scheduled), author) == []


def test_editor_may_publish_schedule_and_restore_a_draft(factory, editor, author):
    draft = factory(draft=True, created_by=author)
    assert workflow.available_actions(draft, editor) == [PUBLISH, SCHEDULE, RESTORE]


def test_editor_may_also_send_back_a_submitted_draft(factory, editor, author):
    waiting = factory(draft=True, created_by=author, review_state=Review.SUBMITTED)
    assert workflow.available_actions(waiting, editor) == [SEND_BACK, PUBLISH, SCHEDULE, RESTORE]


@pytest.mark.parametrize("scheduled", [False, True], ids=["live", "scheduled"])
def test_editor_may_unpublish_and_restore_a_published_item(factory, editor, scheduled):
    assert workflow.available_actions(factory(scheduled=scheduled), editor) == [UNPUBLISH, RESTORE]


def test_nobody_may_act_on_an_unsaved_item(factory, author, editor):
    unsaved = factory.build(draft=True, created_by=author)
    assert workflow.available_actions(unsaved, author) == []
    assert workflow.available_actions(unsaved, editor) == []
    assert workflow.available_actions(None, editor) == []


def test_staff_without_a_role_may_do_nothing(factory):
    from tests.factories import UserFactory

    nobody = UserFactory(is_staff=True)
    assert workflow.available_actions(factory(draft=True, created_by=nobody), nobody) == []


# What each action stores --------------------------------------------------------------------


def test_submit_puts_the_draft_in_the_review_queue(factory, author):
    item = factory(draft=True, created_by=author)
    workflow.submit(item, author)
    after = stored(item)
    assert (after.status, after.review_state) == (Status.DRAFT, Review.SUBMITTED)
    assert_recorded(item, author, AuditEntry.Action.SUBMITTED, "Submitted for review")


def test_send_back_returns_the_item_to_its_author_with_a_note(factory, author, editor):
    item = factory(draft=True, created_by=author, review_state=Review.SUBMITTED)
    workflow.send_back(item, editor, note="Please add a source for the figures.")
    after = stored(item)
    assert (after.status, after.review_state) == (Status.DRAFT, Review.SENT_BACK)
    assert after.review_note == "Please add a source for the figures."
    assert_recorded(item, editor, AuditEntry.Action.SENT_BACK, "Sent back to the author")
    assert AuditEntry.objects.get().note == "Please add a source for the figures."


def test_send_back_without_a_note_keeps_the_one_typed_in_the_form(factory, author, editor):
    item = factory(
        draft=True, created_by=author, review_state=Review.SUBMITTED, review_note="Too long."
    )
    workflow.send_back(item, editor)
    assert stored(item).review_note == "Too long."
    assert AuditEntry.objects.get().note == "Too long."


def test_publish_puts_a_submitted_draft_live_and_ends_its_review(factory, author, editor):
    item = factory(draft=True, created_by=author, review_state=Review.SUBMITTED)
    workflow.publish(item, editor)
    after = stored(item)
    assert (after.status, after.review_state) == (Status.PUBLISHED, Review.NONE)
    assert type(item).objects.published().filter(pk=item.pk).exists()
    assert_recorded(item, editor, AuditEntry.Action.PUBLISHED, "Published")


def test_schedule_publishes_at_the_given_time(factory, editor):
    item = factory(draft=True)
    at = timezone.now() + timedelta(days=2)
    workflow.schedule(item, editor, at=at)
    after = stored(item)
    assert (after.status, after.review_state, after.publish_at) == (
        Status.PUBLISHED,
        Review.NONE,
        at,
    )
    assert after.is_scheduled
    # Scheduling is publishing with a future time: the history and the audit log say
    # "Published", and the item's publication label says "Scheduled".
    assert_recorded(item, editor, AuditEntry.Action.PUBLISHED, "Published")


def test_unpublish_takes_the_item_off_the_site(factory, editor):
    item = factory()
    workflow.unpublish(item, editor)
    assert stored(item).status == Status.DRAFT
    assert not type(item).objects.published().filter(pk=item.pk).exists()
    assert_recorded(item, editor, AuditEntry.Action.UNPUBLISHED, "Unpublished")


# All or nothing ------------------------------------------------------------------------------

# Where each action starts from.
STARTING_POINT = {
    SUBMIT: {"draft": True},
    SEND_BACK: {"draft": True, "review_state": Review.SUBMITTED},
    PUBLISH: {"draft": True},
    SCHEDULE: {"draft": True},
    UNPUBLISH: {},
    RESTORE: {},
}


def take(action, item, author, editor):
    """Take `action` on `item` as someone who may take it."""
    if action == SUBMIT:
        return workflow.submit(item, author)
    if action == SEND_BACK:
        return workflow.send_back(item, editor, note="Not yet.")
    if action == PUBLISH:
        return workflow.publish(item, editor)
    if action == SCHEDULE:
        return workflow.schedule(item, editor, at=timezone.now() + timedelta(days=1))
    if action == UNPUBLISH:
        return workflow.unpublish(item, editor)
    return workflow.restore(item, editor, Version.objects.get_for_object(item).first())


def row(item):
    """What is stored of the item, as a reader of the database sees it."""
    after = stored(item)
    return {
        "title": after.title,
        "status": after.status,
        "review_state": after.review_state,
        "review_note": after.review_note,
        "publish_at": after.publish_at,
        "updated_by": after.updated_by_id,
        "edit_version": after.edit_version,
    }


@pytest.fixture
def failing_audit(monkeypatch):
    """Call it to make the audit log fail after writing its entry, the last step of every
    action (set up after the item, whose own setup may write to the log)."""

    def write_then_fail(*args, **kwargs):
        record(*args, **kwargs)
        raise DatabaseError("audit log unavailable")

    return lambda: monkeypatch.setattr(workflow, "record", write_then_fail)


@pytest.mark.parametrize("action", list(STARTING_POINT))
def test_an_action_whose_audit_entry_fails_stores_nothing(
    factory, author, editor, action, django_capture_on_commit_callbacks, failing_audit
):
    item = factory(created_by=author, title="Before", **STARTING_POINT[action])
    with reversion.create_revision():  # an earlier version, for restore
        item.save()
    before, versions_before = row(item), Version.objects.get_for_object(item).count()
    failing_audit()
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(DatabaseError):
            take(action, item, author, editor)
    assert row(item) == before
    assert Version.objects.get_for_object(item).count() == versions_before
    assert not AuditEntry.objects.exists()
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_action_stores_nothing_with_real_commits(factory, failing_audit):
    editor = user_with_role("Editor", "boss")
    item = factory(draft=True)
    failing_audit()
    with pytest.raises(DatabaseError):
        workflow.publish(item, editor)
    assert stored(item).status == Status.DRAFT
    assert not type(item).objects.published().exists()
    assert not Version.objects.get_for_object(item).exists()
    assert not AuditEntry.objects.exists()


# The page cache hears of it once it is stored ----------------------------------------------


@pytest.mark.parametrize("action", list(STARTING_POINT))
def test_page_cache_is_told_when_the_action_commits(
    factory, author, editor, action, django_capture_on_commit_callbacks, shared_cache
):
    item = factory(created_by=author, **STARTING_POINT[action])
    with reversion.create_revision():
        item.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        take(action, item, author, editor)
        # Saving may refresh pages early too; what counts is the refresh after the commit.
        cache.set(pagecache.VERSION_KEY, 1)
        assert pagecache.content_version() == 1
    assert callbacks[0] == pagecache.content_changed  # then the cache's copy is pushed
    assert pagecache.content_version() != 1


@pytest.fixture
def told(monkeypatch):
    """Calls of the workflow's page-cache refresh, each noting whether a transaction was
    still open at the time."""
    calls = []
    real = workflow.content_changed

    def content_changed(**kwargs):
        calls.append(connection.in_atomic_block)
        real(**kwargs)

    monkeypatch.setattr(workflow, "content_changed", content_changed)
    return calls


@pytest.mark.django_db(transaction=True)
def test_page_cache_is_told_after_a_real_commit(factory, told, monkeypatch, shared_cache):
    editor = user_with_role("Editor", "boss")
    item = factory(draft=True)

    def record_then_mark(*args, **kwargs):
        entry = record(*args, **kwargs)
        cache.set(pagecache.VERSION_KEY, 1)  # the action's last write
        return entry

    monkeypatch.setattr(workflow, "record", record_then_mark)
    workflow.publish(item, editor)
    assert told == [False]  # outside any transaction: after the commit
    assert pagecache.content_version() != 1


class Abandoned(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_page_cache_is_not_told_of_an_action_rolled_back_with_its_transaction(factory, told):
    editor = user_with_role("Editor", "boss")
    item = factory(draft=True)
    with pytest.raises(Abandoned):
        with transaction.atomic():
            workflow.publish(item, editor)
            raise Abandoned
    # (Saving also refreshes pages through `publishing.signals`, at once and even when rolled
    # back; only the workflow's own refresh waits for the commit.)
    assert told == []
    assert stored(item).status == Status.DRAFT
    assert not Version.objects.get_for_object(item).exists()
    assert not AuditEntry.objects.exists()


# Scheduled publication ----------------------------------------------------------------------


def test_a_scheduled_item_appears_by_itself_at_its_time(factory, editor):
    item = factory(draft=True)
    at = timezone.now() + timedelta(days=1)
    workflow.schedule(item, editor, at=at)
    model = type(item)
    assert not model.objects.published().filter(pk=item.pk).exists()
    assert model.objects.scheduled().filter(pk=item.pk).exists()
    assert model.next_public_change(timezone.now()) == at  # cached pages expire then
    with time_machine.travel(at - timedelta(seconds=1)):
        assert not model.objects.published().filter(pk=item.pk).exists()
    with time_machine.travel(at + timedelta(seconds=1)):
        assert model.objects.published().filter(pk=item.pk).exists()
        assert not model.objects.scheduled().filter(pk=item.pk).exists()


def test_schedule_without_a_time_keeps_the_items_own(factory, editor):
    item = factory(draft=True, scheduled=True)
    at = item.publish_at
    workflow.schedule(item, editor)
    after = stored(item)
    assert (after.status, after.publish_at) == (Status.PUBLISHED, at)
    assert not type(item).objects.published().filter(pk=item.pk).exists()


# Restoring an earlier version ----------------------------------------------------------------


def two_versions(factory, editor):
    """An item published as "First words", then changed and published as "Second words"."""
    item = factory(draft=True, title="First words")
    workflow.publish(item, editor)
    item.title = "Second words"
    workflow.publish(item, editor)
    first = Version.objects.get_for_object(item).last()
    assert first.field_dict["title"] == "First words"
    return item, first


def test_restore_brings_back_the_old_content_as_a_draft(factory, editor):
    item, first = two_versions(factory, editor)
    restored = workflow.restore(item, editor, first)
    after = stored(item)
    assert restored.pk == item.pk
    assert (after.title, after.status, after.review_state) == ("First words", Status.DRAFT, "")
    assert after.updated_by == editor
    assert not type(item).objects.published().filter(pk=item.pk).exists()
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.RESTORED).get()
    assert (entry.user, entry.object_id, entry.note) == (editor, item.pk, f"version {first.pk}")
    history = Version.objects.get_for_object(item)
    assert history.count() == 3
    newest = history.first()
    assert newest.revision.comment.startswith("Restored the version of ")
    assert newest.revision.comment.endswith(" as a draft")
    assert newest.revision.user == editor
    assert newest.field_dict["status"] == Status.DRAFT


def test_an_author_restores_their_own_draft(factory, author):
    item = factory(draft=True, created_by=author, title="First words")
    with reversion.create_revision():
        item.save()
    first = Version.objects.get_for_object(item).get()
    item.title = "Second words"
    item.save()
    workflow.restore(item, author, first)
    assert stored(item).title == "First words"
    assert AuditEntry.objects.get().user == author


# A revert writes the old row back, counters included: the edit counter must still move
# forward, or a change form opened before the restore would save over the restored text
# without the edit-conflict warning (`revisions.conflict` compares exactly this number).
def test_a_form_opened_before_a_restore_is_warned_when_saved(factory, editor):
    item, first = two_versions(factory, editor)
    loaded_version = stored(item).edit_version  # someone opens the change form
    workflow.restore(item, editor, first)
    after = stored(item)
    assert after.edit_version > loaded_version
    assert revisions.conflict(after, loaded_version) is not None


# The same goes for an event's calendar SEQUENCE: calendars that saw the later version
# would ignore the restored one, since a lower SEQUENCE reads as an outdated copy
# (RFC 5545, 3.8.7.4).
def test_restoring_an_event_raises_its_calendar_sequence(editor):
    event, first = two_versions(EventFactory, editor)
    seen_by_calendars = stored(event).sequence
    workflow.restore(event, editor, first)
    assert stored(event).sequence > seen_by_calendars
