"""`/healthz` and `/readyz`: what a load balancer sees, and what it never reaches."""

import time

import pytest
from django.core.cache import caches
from django.db import OperationalError

from operations import views

pytestmark = pytest.mark.django_db

BROKEN_CACHE = {"BACKEND": "tests.support.broken_cache.UnreachableCache"}


def test_healthz_answers_ok_without_the_database_or_the_cache(
    client, settings, django_assert_num_queries
):
    settings.CACHES = {"default": BROKEN_CACHE, "ratelimit": BROKEN_CACHE}
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"


def test_readyz_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_unavailable_when_the_cache_is_down_and_says_nothing_more(client, settings):
    settings.CACHES = {**settings.CACHES, "default": BROKEN_CACHE}
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")


def test_readyz_is_unavailable_when_the_database_fails_and_hides_the_error(client, monkeypatch):
    def failing():
        raise OperationalError('connection to server at "db.internal" (10.0.0.7) failed')

    monkeypatch.setattr(views, "database_answers", failing)
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert b"db.internal" not in response.content and b"10.0.0.7" not in response.content


def test_readyz_gives_up_on_a_stalled_check_after_its_timeout(client, settings, monkeypatch):
    settings.PLACARD_READY_TIMEOUT = 0.3
    monkeypatch.setattr(views, "database_answers", lambda: time.sleep(3) or True)
    started = time.monotonic()
    response = client.get("/readyz")
    seconds = time.monotonic() - started
    assert response.status_code == 503
    assert seconds < 1.5, f"/readyz took {seconds:.2f} s with a stalled database"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_skip_https_redirect_host_check_and_login(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["campaign.example.org"]
    # A load balancer asks over plain HTTP, by the server's own address.
    response = client.get(path, HTTP_HOST="10.0.0.5:8000")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_page_cached_nor_rate_limited(client, settings, path):
    settings.PLACARD_PAGE_CACHE = True
    answers = {client.get(path).status_code for _ in range(200)}
    assert answers == {200}
    stored = [key for key in caches["default"]._cache if "page-cache" in key]
    assert stored == []


def test_probes_answer_head_and_leave_other_methods_to_the_site(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code != 200
