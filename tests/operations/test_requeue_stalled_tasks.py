"""A worker killed in the middle of a mail: `requeue_stalled_tasks` puts the task back,
and the next worker sends the mail."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.factories import StatementFactory
from tests.support.smtp import SMTPServer
from tests.support.tasks import queued, run_queued_tasks

pytestmark = pytest.mark.django_db


def requeue(*options):
    out = StringIO()
    call_command("requeue_stalled_tasks", *options, stdout=out)
    return out.getvalue()


def test_a_task_left_running_by_a_dead_worker_runs_again(client, settings):
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    try:
        statement = StatementFactory()
        data = {"kind": "individual", "name": "A", "country": "PL", "email": "a@example.org"}
        data.update(consent_listed="on", website="")
        assert client.post(f"/statements/{statement.slug}/sign/", data).status_code == 302
        (task,) = queued()
        task.claim("worker-that-was-killed")  # then its process died: no result, ever
        assert queued() == [] and run_queued_tasks() == []

        assert requeue() == "Tasks put back in the queue: 0.\n"  # it may still be running
        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            assert requeue() == "Tasks put back in the queue: 1.\n"
            assert run_queued_tasks() == ["sent"]
        (message,) = server.inbox.messages
        assert message["To"] == "a@example.org"
        task.refresh_from_db()
        assert task.status == "SUCCESSFUL"
        assert task.worker_ids == ["worker-that-was-killed", "tests"]
    finally:
        server.stop()


def test_older_than_sets_the_limit(client):
    assert requeue("--older-than", "1") == "Tasks put back in the queue: 0.\n"
