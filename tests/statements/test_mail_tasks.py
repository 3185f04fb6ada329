"""The confirmation mail as a background task: retries with growing waits when the mail
server refuses or stalls, a failure administrators can find, and a queue that keeps
every mail while no worker runs.

Workers are stood in for by `run_queued_tasks()` (one pass over the due tasks); time moves
with time_machine so that deferred attempts fall due."""

import contextlib
import socket
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from statements.models import Endorsement
from tests.factories import StatementFactory, user_with_role
from tests.support.smtp import SMTPServer, free_port
from tests.support.tasks import queued, run_queued_tasks

pytestmark = pytest.mark.django_db

TASK = "statements.tasks.send_confirmation_mail"


@contextlib.contextmanager
def stalled_mail_server():
    """A port that accepts connections (the kernel completes them) and never says a word,
    as a frozen mail server does: yields the port."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.fixture
def mail_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    settings.PLACARD_MAIL_RETRY_DELAYS = (60, 600)
    return settings


def sign(client, statement, email="anna@example.org"):
    data = {
        "kind": "individual",
        "name": "Anna Nowak",
        "role": "Crane operator",
        "country": "PL",
        "email": email,
        "consent_listed": "on",
        "website": "",
    }
    return client.post(f"/statements/{statement.slug}/sign/", data)


def attempt_of(task):
    """The attempt a task result stands for: its third argument, 1 when not given."""
    args = task.args_kwargs["args"]
    return args[2] if len(args) > 2 else 1


def attempts_waiting():
    """(attempt number, seconds until due) of each queued confirmation mail."""
    now = timezone.now()
    return [
        (attempt_of(task), round((task.run_after - now).total_seconds())) for task in queued(TASK)
    ]


def test_signing_does_not_wait_for_a_stalled_mail_server(client, mail_settings):
    statement = StatementFactory()
    with stalled_mail_server() as port:
        mail_settings.EMAIL_PORT = port
        started = time.monotonic()
        response = sign(client, statement)
        seconds = time.monotonic() - started
    assert response.status_code == 302
    assert seconds < 0.5, f"signing took {seconds:.2f} s with a stalled mail server"
    assert len(queued(TASK)) == 1


def test_a_stalled_mail_server_costs_the_worker_its_timeout_then_the_mail_is_retried(
    client, mail_settings
):
    statement = StatementFactory()
    sign(client, statement)
    with stalled_mail_server() as port:
        mail_settings.EMAIL_PORT = port
        started = time.monotonic()
        assert run_queued_tasks() == ["retrying"]
        seconds = time.monotonic() - started
    assert 0.9 < seconds < 3, f"the worker waited {seconds:.2f} s on the stalled server"
    assert attempts_waiting() == [(2, 60)]
    assert Endorsement.objects.get().confirmation_sent_at is None

    server = SMTPServer()
    server.start()
    try:
        mail_settings.EMAIL_PORT = server.port
        assert run_queued_tasks() == []  # not due yet
        with time_machine.travel(timezone.now() + timedelta(seconds=61)):
            assert run_queued_tasks() == ["sent"]
        (message,) = server.inbox.messages
        assert message["To"] == "anna@example.org"
    finally:
        server.stop()
    assert Endorsement.objects.get().confirmation_sent_at is not None
    assert queued(TASK) == []


def test_retries_wait_longer_each_time_then_the_task_fails_with_the_servers_error(
    client, mail_settings
):
    mail_settings.EMAIL_PORT = free_port()  # nothing listens: refused
    statement = StatementFactory()
    sign(client, statement)
    assert run_queued_tasks(allow_failures=True) == ["retrying"]
    assert attempts_waiting() == [(2, 60)]
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert run_queued_tasks(allow_failures=True) == ["retrying"]
        assert attempts_waiting() == [(3, 600)]
    with time_machine.travel(timezone.now() + timedelta(seconds=700)):
        assert run_queued_tasks(allow_failures=True) == ["failed"]
    assert queued(TASK) == []

    results = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    assert [result.status for result in results] == ["SUCCESSFUL", "SUCCESSFUL", "FAILED"]
    assert [attempt_of(result) for result in results] == [1, 2, 3]
    failed = results.last()
    assert failed.exception_class_path == "statements.tasks.ConfirmationMailNotSent"
    assert "after 3 attempts" in failed.traceback
    assert "ConnectionRefusedError" in failed.traceback
    assert Endorsement.objects.get().confirmation_sent_at is None


def test_administrators_find_the_failed_mail_in_the_admin(client, mail_settings, admin_client):
    mail_settings.PLACARD_MAIL_RETRY_DELAYS = ()
    mail_settings.EMAIL_PORT = free_port()
    sign(client, StatementFactory())
    assert run_queued_tasks(allow_failures=True) == ["failed"]
    failed = DBTaskResult.objects.get(task_path=TASK)

    listing = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "send_confirmation_mail" in page
    assert "statements.tasks.ConfirmationMailNotSent" in page
    detail = admin_client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/")
    assert detail.status_code == 200
    assert "Connection refused" in detail.content.decode()
    home = admin_client.get("/admin/").content.decode()
    assert "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED" in home
    assert "Failed background tasks" in home
    assert "1 task failed in the last 7 days" in home


def test_editors_do_not_see_the_task_queue(client):
    editor = user_with_role("Editor")
    client.force_login(editor)
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 403
    assert "Failed background tasks" not in client.get("/admin/").content.decode()


def test_with_no_worker_running_nothing_is_lost_and_everything_goes_out_later(
    client, mail_settings
):
    statements = [StatementFactory() for _ in range(3)]
    for number, statement in enumerate(statements):
        assert sign(client, statement, email=f"signer{number}@example.org").status_code == 302
    # Hours pass with no worker: the mails wait in the database, none is dropped.
    with time_machine.travel(timezone.now() + timedelta(hours=6)):
        assert len(queued(TASK)) == 3
        server = SMTPServer()
        server.start()
        try:
            mail_settings.EMAIL_PORT = server.port
            assert run_queued_tasks() == ["sent", "sent", "sent"]
            sent_to = sorted(message["To"] for message in server.inbox.messages)
        finally:
            server.stop()
    assert sent_to == [f"signer{number}@example.org" for number in range(3)]
    assert not Endorsement.objects.filter(confirmation_sent_at=None).exists()
