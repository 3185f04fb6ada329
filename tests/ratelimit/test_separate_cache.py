"""Rate-limit counters live in a cache of their own: pages that fill the page cache until
it evicts entries cannot reset a client's counter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches

from ratelimit.limits import counters
from tests.factories import StatementFactory

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_page_cache(settings):
    """A default cache that evicts everything once it holds 20 entries, and a separate
    cache for the counters, as the site's settings configure them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "separate-cache-tests-pages",
            "OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 0},
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "separate-cache-tests-counters",
            "KEY_PREFIX": "ratelimit",
        },
    }
    for alias in ("default", "ratelimit"):
        caches[alias].clear()
    yield caches["default"]
    for alias in ("default", "ratelimit"):
        caches[alias].clear()


def sign(client, statement, email):
    data = {"kind": "individual", "name": "Anna Nowak", "country": "PL", "email": email}
    return client.post(
        f"/statements/{statement.slug}/sign/",
        {**data, "consent_listed": "on"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )


@pytest.mark.django_db
def test_filling_the_page_cache_does_not_reset_a_clients_counter(
    client, small_page_cache, settings
):
    settings.PLACARD_ENDORSE_LIMIT_PER_IP = 1
    statement = StatementFactory()
    assert sign(client, statement, "a@example.org").status_code == 302
    for n in range(60):  # pages, fragments and remembered values filling the cache
        small_page_cache.set(f"page-cache:filler:{n}", b"<html>" * 100)
    assert "page-cache:filler:0" not in small_page_cache  # the default cache did evict
    refused = sign(client, statement, "b@example.org")
    assert refused.status_code == 429
    assert "Please try again later" in refused.content.decode()


def test_the_counters_use_the_ratelimit_cache_when_there_is_one(small_page_cache):
    assert counters() is caches["ratelimit"]


def settings_caches(**environ):
    """CACHES as site_config.settings builds them from `environ`, in a fresh process."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CACHE_URL", "RATELIMIT_CACHE_URL")
    }
    env.update(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="example.org", **environ)
    code = "import json, site_config.settings as s; print(json.dumps(s.CACHES))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_local_memory_counters_get_a_store_of_their_own():
    configured = settings_caches()
    assert configured["ratelimit"]["BACKEND"].endswith("LocMemCache")
    assert configured["ratelimit"]["LOCATION"] != configured["default"].get("LOCATION", "")


def test_redis_counters_share_the_server_under_their_own_prefix_unless_told_otherwise():
    shared = settings_caches(CACHE_URL="redis://127.0.0.1:6379/0")
    assert shared["ratelimit"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert shared["ratelimit"]["KEY_PREFIX"] == "ratelimit"
    assert shared["default"].get("KEY_PREFIX", "") == ""
    apart = settings_caches(
        CACHE_URL="redis://127.0.0.1:6379/0", RATELIMIT_CACHE_URL="redis://127.0.0.1:6380/0"
    )
    assert apart["ratelimit"]["LOCATION"] == "redis://127.0.0.1:6380/0"
