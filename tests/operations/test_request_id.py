"""Every request has an id: returned in `X-Request-ID` and carried by its log lines."""

import io
import logging
import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the site's console handler writes, as configured by `LOGGING`."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)


def test_each_response_gets_a_new_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/robots.txt")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="lb-7f3a:01.2_x")
    assert response["X-Request-ID"] == "lb-7f3a:01.2_x"


@pytest.mark.parametrize(
    "incoming",
    ["", "two words", "x" * 129, "forged\nINFO line", "<script>", "-leading-dash", "ünïcode"],
)
def test_an_odd_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_log_lines_of_a_request_carry_its_id(client, log_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-404")
    assert response.status_code == 404
    (line,) = [line for line in log_lines() if "Not Found" in line]
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARNING django\.request \[trace-404\] "
        r"Not Found: /no-such-page/",
        line,
    ), line


def test_log_lines_outside_a_request_carry_a_dash(log_lines):
    logging.getLogger("placard.test").warning("outside any request")
    assert log_lines()[-1].endswith("WARNING placard.test [-] outside any request")


def test_log_lines_of_a_background_task_carry_its_id(client, settings, log_lines):
    from statements.models import Endorsement
    from tests.factories import StatementFactory
    from tests.support.smtp import free_port
    from tests.support.tasks import queued, run_queued_tasks

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    statement = StatementFactory()
    data = {"kind": "individual", "name": "A", "country": "PL", "email": "a@example.org"}
    data.update(consent_listed="on", website="")
    assert client.post(f"/statements/{statement.slug}/sign/", data).status_code == 302
    assert Endorsement.objects.count() == 1
    (task,) = queued()
    assert run_queued_tasks() == ["retrying"]
    (line,) = [line for line in log_lines() if "not sent" in line]
    assert f" WARNING statements.tasks [task:{task.id}] " in line
    logging.getLogger("placard.test").warning("after the task")
    assert log_lines()[-1].endswith("WARNING placard.test [-] after the task")
