"""Who signed cannot be learned from how long the answer takes.

Signing with a new address and with one that already signed must do the same work inside
the request: the same database statements, one queued task, and no mail (the mail was the
200 ms that told them apart). What differs, the mail itself, happens later in the worker.
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Endorsement
from tests.factories import EndorsementFactory, StatementFactory
from tests.support.tasks import queued, run_queued_tasks

pytestmark = pytest.mark.django_db

KNOWN = "known@example.org"
# Savepoint bookkeeping: a refused insert is rolled back to its savepoint, a stored one is
# not; both are local statements of the same transaction, nothing else differs.
SAVEPOINTS = re.compile(r"^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b")


def sign(client, statement, email):
    data = {"kind": "individual", "name": "Anna Nowak", "email": email, "consent_listed": "on"}
    return client.post(f"/statements/{statement.slug}/sign/", data)


def shape(sql):
    """A statement without its values: which kind of statement on which table."""
    return re.sub(r"'[^']*'|\b\d+\b|%s|\?", "_", sql).split(" WHERE ")[0][:80]


def signing(client, statement, email):
    """Sign once; returns what a timing observer could tell apart, and what was queued."""
    before = {task.pk for task in queued()}
    with CaptureQueriesContext(connection) as queries:
        response = sign(client, statement, email)
    statements = [shape(query["sql"]) for query in queries if not SAVEPOINTS.match(query["sql"])]
    new_tasks = [task for task in queued() if task.pk not in before]
    return response, statements, new_tasks


@pytest.mark.parametrize("status", ["pending", "confirmed", "approved", "rejected"])
def test_new_and_known_addresses_do_the_same_work_in_the_request(client, status):
    statement = StatementFactory()
    EndorsementFactory(statement=statement, email=KNOWN, status=status, token_nonce="n")

    new, new_statements, new_tasks = signing(client, statement, "new@example.org")
    known, known_statements, known_tasks = signing(client, statement, KNOWN)

    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    assert new.content == known.content
    assert mail.outbox == []  # neither request spoke to the mail server
    assert new_statements == known_statements
    assert [task.task_path for task in new_tasks] == [task.task_path for task in known_tasks]
    assert [task.task_path for task in new_tasks] == ["statements.tasks.send_confirmation_mail"]


@pytest.mark.parametrize(
    "status, mails",
    [("pending", 1), ("confirmed", 0), ("approved", 0), ("rejected", 0)],
)
def test_the_worker_sends_a_link_only_while_confirmation_is_due(client, status, mails):
    statement = StatementFactory()
    EndorsementFactory(statement=statement, email=KNOWN, status=status, token_nonce="n")
    sign(client, statement, "new@example.org")
    sign(client, statement, KNOWN)
    run_queued_tasks()
    recipients = [message.to[0] for message in mail.outbox]
    assert recipients.count("new@example.org") == 1
    assert recipients.count(KNOWN) == mails
    known = Endorsement.objects.get(email=KNOWN)
    assert (known.confirmation_sent_at is not None) == bool(mails)
