"""Failed logins are throttled per account and per client, behind proxies too (django-axes)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import RequestFactory, override_settings

from ratelimit.clients import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"  # UserFactory's
LOCKED = "Login paused after too many failed attempts"


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


def log_in(client, username, password, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def is_logged_in(client):
    return client.get("/admin/").status_code == 200


def test_sixty_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused(client, editor):
    statuses = [log_in(client, "editor", f"guess-{n}").status_code for n in range(60)]
    first_refusal = statuses.index(429)
    assert first_refusal <= settings.AXES_FAILURE_LIMIT
    assert set(statuses[first_refusal:]) == {429}

    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "Try again in 15 minutes" in page
    assert not is_logged_in(client)


def test_the_lock_follows_the_account_whatever_address_the_guesses_come_from(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong", REMOTE_ADDR=f"198.51.100.{n + 1}")
    response = log_in(client, "editor", PASSWORD, REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_lock_follows_the_client_whatever_account_it_tries(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"someone{n}", "wrong", REMOTE_ADDR="198.51.100.7")
    assert log_in(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    assert not is_logged_in(client)
    # Another client may still log in to the same account.
    assert log_in(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.8").status_code == 302
    assert is_logged_in(client)


def test_the_lock_lifts_after_the_lockout_period(client, editor):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _n in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, "editor", "wrong")
        clock.shift(datetime.timedelta(minutes=10))
        assert log_in(client, "editor", PASSWORD).status_code == 429
        # The refused attempt restarted the wait: 14 minutes later it is still paused.
        clock.shift(datetime.timedelta(minutes=14))
        assert log_in(client, "editor", PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=16))
        assert log_in(client, "editor", PASSWORD).status_code == 302
        assert is_logged_in(client)


def test_a_successful_login_clears_earlier_mistakes(client, editor):
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor", PASSWORD).status_code == 302


# The client's address --------------------------------------------------------------------


def test_forwarded_for_is_ignored_unless_the_site_is_behind_a_proxy(client, editor):
    """Without DJANGO_BEHIND_PROXY a guesser cannot dodge the per-client lock by inventing
    X-Forwarded-For addresses."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"someone{n}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
    response = log_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


@override_settings(PLACARD_PROXY_COUNT=1)
def test_behind_a_proxy_each_real_client_is_counted_on_its_own(client, editor):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The guesser prepends addresses of its own; the proxy appends the real one.
        forwarded = f"192.0.2.{n + 1}, 198.51.100.66"
        log_in(client, f"someone{n}", "wrong", HTTP_X_FORWARDED_FOR=forwarded, **proxy)
    guesser = log_in(
        client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.66", **proxy
    )
    assert guesser.status_code == 429
    colleague = log_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert colleague.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.9", "192.0.2.1"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", ""),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PLACARD_PROXY_COUNT=proxies):
        assert client_address(request) == expected
