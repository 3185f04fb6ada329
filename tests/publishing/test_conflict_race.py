"""Two editors acting on the same item at the same instant: one wins, the other is told.

Real threads, each with its own database connection, released together by a barrier, so
that the edit-conflict check and the save race as they do between two gunicorn workers.
Runs on SQLite and on PostgreSQL (`DATABASE_URL`).
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from articles.models import Article
from publishing.models import AuditEntry
from tests.factories import ArticleFactory, user_with_role
from tests.publishing.test_workflow import change_url, form_data

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = 20
CONFLICT = "while you were editing it"
CHANGE_LIST = "/admin/articles/article/"


def at_once(*posts):
    """Send each (client, url, data) POST from its own thread, all released at the same
    instant; their responses, in order."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)
    errors = []

    def run(index, post):
        client, url, data = post
        try:
            barrier.wait(timeout=10)
            responses[index] = client.post(url, data)
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return responses


def logged_in(username):
    client = Client()
    client.force_login(user_with_role("Editor", username))
    return client


def test_of_two_simultaneous_saves_one_is_kept_and_the_other_told():
    first, second = logged_in("ann"), logged_in("bob")
    for trial in range(TRIALS):
        article = ArticleFactory(title=f"Trial {trial}")
        loaded = form_data(article)
        titles = [f"Title by Ann {trial}", f"Title by Bob {trial}"]
        responses = at_once(
            (first, change_url(article), {**loaded, "title": titles[0]}),
            (second, change_url(article), {**loaded, "title": titles[1]}),
        )
        codes = sorted(response.status_code for response in responses)
        assert codes == [200, 302], f"trial {trial}: both saved, one change lost"
        saved = 0 if responses[0].status_code == 302 else 1
        told = responses[1 - saved].content.decode()
        assert CONFLICT in told
        assert f'value="{titles[1 - saved]}"' in told  # what they typed is still there
        assert Article.objects.get(pk=article.pk).title == titles[saved]


def test_of_two_simultaneous_send_backs_one_is_taken_and_the_other_told():
    first, second = logged_in("ann"), logged_in("bob")
    for trial in range(TRIALS // 2):
        article = ArticleFactory(title=f"Trial {trial}", draft=True, review_state="submitted")
        loaded = form_data(article, _send_back="1")
        notes = [f"Note by Ann {trial}", f"Note by Bob {trial}"]
        responses = at_once(
            (first, change_url(article), {**loaded, "review_note": notes[0]}),
            (second, change_url(article), {**loaded, "review_note": notes[1]}),
        )
        codes = sorted(response.status_code for response in responses)
        assert codes == [200, 302], f"trial {trial}: sent back twice"
        saved = 0 if responses[0].status_code == 302 else 1
        told = responses[1 - saved].content.decode()
        assert CONFLICT in told and notes[1 - saved] in told
        entries = AuditEntry.objects.filter(
            object_id=article.pk, action=AuditEntry.Action.SENT_BACK
        )
        assert list(entries.values_list("note", flat=True)) == [notes[saved]]


@pytest.mark.parametrize(
    "action, draft, audit, done",
    [
        ("unpublish", False, AuditEntry.Action.UNPUBLISHED, "unpublished."),
        ("publish", True, AuditEntry.Action.PUBLISHED, "published."),
    ],
)
def test_of_two_simultaneous_bulk_actions_one_is_taken(action, draft, audit, done):
    first, second = logged_in("ann"), logged_in("bob")
    for trial in range(TRIALS // 2):
        article = ArticleFactory(title=f"Trial {trial}", draft=draft)
        posted = {"action": action, "_selected_action": [article.pk]}
        at_once((first, CHANGE_LIST, posted), (second, CHANGE_LIST, posted))
        assert Article.objects.get(pk=article.pk).status == (
            Article.Status.PUBLISHED if draft else Article.Status.DRAFT
        )
        entries = AuditEntry.objects.filter(object_id=article.pk, action=audit)
        assert entries.count() == 1, f"trial {trial}: {action} taken twice"
        told = sorted(
            str(message)
            for client in (first, second)
            for message in client.get(CHANGE_LIST).context["messages"]
            if done in str(message)
        )
        assert told == [f"0 items {done}", f"1 item {done}"], told
