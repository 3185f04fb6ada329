"""Rate limits: counted in the cache under keyed hashes, never raw addresses, and in the
database while the cache is down."""

import logging
import pickle
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from ratelimit.limits import hashed, hit
from ratelimit.models import Counter
from statements.models import Endorsement
from tests.factories import StatementFactory

IP = "203.0.113.7"
EMAIL = "anna.nowak@example.org"


@pytest.fixture
def locmem(settings):
    """A local-memory cache of its own, so that every stored key and value can be read."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit-tests",
        }
    }
    store = caches["default"]
    store.clear()
    yield store
    store.clear()


def sign(client, statement, email, ip=IP):
    data = {"kind": "individual", "name": "Anna Nowak", "country": "PL", "email": email}
    return client.post(
        f"/statements/{statement.slug}/sign/", {**data, "consent_listed": "on"}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_endorsing_stores_neither_the_ip_address_nor_the_email_in_the_cache(client, locmem):
    statement = StatementFactory()
    assert sign(client, statement, EMAIL.title()).status_code == 302
    assert Endorsement.objects.get().email == EMAIL
    keys = list(locmem._cache)
    counters = [key for key in keys if "ratelimit:" in key]
    assert len(counters) == 2, keys  # one per connection, one per address
    assert any(hashed(IP, "ip") in key for key in counters)
    assert any(hashed(EMAIL, "email") in key for key in counters)
    for key, value in locmem._cache.items():
        for raw in (IP, EMAIL, EMAIL.title()):
            assert raw not in key
            assert raw.encode() not in pickle.dumps(value)


@pytest.mark.django_db
def test_each_connection_is_limited_on_its_own(client, locmem, settings):
    settings.PLACARD_ENDORSE_LIMIT_PER_IP = 1
    statement = StatementFactory()
    assert sign(client, statement, "a@example.org").status_code == 302
    refused = sign(client, statement, "b@example.org")
    assert refused.status_code == 429
    assert "Please try again later" in refused.content.decode()
    assert sign(client, statement, "c@example.org", ip="198.51.100.2").status_code == 302
    assert set(Endorsement.objects.values_list("email", flat=True)) == {
        "a@example.org",
        "c@example.org",
    }


def test_hashes_are_keyed_by_purpose_and_secret_key():
    ip_hash = hashed(IP, "ip")
    assert ip_hash == hashed(IP, "ip")  # stable, or nothing would ever be counted twice
    assert IP not in ip_hash and len(ip_hash) == 32
    assert ip_hash != hashed("203.0.113.8", "ip")
    assert ip_hash != hashed(IP, "email")
    with override_settings(SECRET_KEY="another-site-entirely"):
        assert hashed(IP, "ip") != ip_hash


def test_the_hit_past_the_limit_is_refused_until_the_next_window(locmem):
    key = hashed(IP, "ip")
    window_start = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(window_start, tick=False):
        assert [hit("demo", key, 3, 60) for _ in range(4)] == [True, True, True, False]
        assert hit("demo", hashed("198.51.100.2", "ip"), 3, 60)
        assert hit("other-scope", key, 3, 60)
    with time_machine.travel(window_start + timedelta(seconds=60), tick=False):
        assert hit("demo", key, 3, 60)


@pytest.mark.django_db
def test_while_the_cache_is_unreachable_the_database_counts_with_a_warning(settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "tests.support.broken_cache.UnreachableCache"}}
    with caplog.at_level(logging.WARNING, logger="ratelimit.limits"):
        answers = [hit("demo", hashed(IP, "ip"), 2, 60) for _ in range(4)]
    assert answers == [True, True, False, False]
    assert hit("demo", hashed("198.51.100.2", "ip"), 2, 60)  # another client is its own
    assert caplog.text.count("Rate limit cache unavailable") == 1
    # Only hashes are kept, as in the cache.
    assert not Counter.objects.filter(key__contains=IP).exists()


@pytest.mark.django_db
def test_database_counters_of_ended_windows_are_removed(settings):
    settings.CACHES = {"default": {"BACKEND": "tests.support.broken_cache.UnreachableCache"}}
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        hit("demo", hashed(IP, "ip"), 2, 60)
    with time_machine.travel(start + timedelta(seconds=120), tick=False):
        assert hit("demo", hashed(IP, "ip"), 2, 60)
        assert Counter.objects.count() == 1


def test_endorsement_limits_count_the_real_client_behind_a_declared_proxy(rf, settings):
    from ratelimit.limits import client_ip

    request = rf.post("/", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7")
    settings.PLACARD_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
    settings.PLACARD_PROXY_COUNT = 0  # not behind a proxy: the header is the client's own
    assert client_ip(request) == "127.0.0.1"
