"""A cache that fails or stalls: pages keep coming, quickly, and the log says so once.

The page cache and the rate limits skip a failing cache for a cool-off
(`pagecache.breaker.safe`), and Redis calls time out in a quarter of a second.
"""

import logging
import socket
import threading
import time

import pytest
from django.conf import settings as site_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings

from pagecache import breaker
from ratelimit.limits import hit
from site_config.settings import cache_from_url
from tests.factories import ArticleFactory
from tests.support.broken_cache import UnreachableCache

pytestmark = pytest.mark.django_db


class CountingUnreachableCache(UnreachableCache):
    """Fails every call like a dead Redis, and counts how often it was asked."""

    calls = 0

    def _fail(self, *args, **kwargs):
        CountingUnreachableCache.calls += 1
        super()._fail()

    add = get = set = touch = delete = incr = decr = clear = has_key = _fail
    get_many = set_many = delete_many = _fail


BROKEN = {
    "default": {"BACKEND": "tests.pagecache.test_breaker.CountingUnreachableCache"},
    "ratelimit": {"BACKEND": "tests.pagecache.test_breaker.CountingUnreachableCache"},
}


def warnings(caplog, logger):
    return [r for r in caplog.records if r.name == logger and r.levelno == logging.WARNING]


def test_a_dead_cache_is_skipped_while_it_cools_off_and_logged_once(
    client, settings, caplog, monkeypatch
):
    article = ArticleFactory(title="Still readable")
    settings.CACHES = BROKEN
    CountingUnreachableCache.calls = 0
    monkeypatch.setattr(breaker, "COOL_OFF_SECONDS", 60)  # longer than 100 requests take
    with caplog.at_level(logging.WARNING):
        for _ in range(100):
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200
            assert "Still readable" in response.content.decode()
    assert len(warnings(caplog, "pagecache.breaker")) == 1
    assert not any(record.exc_info for record in caplog.records)  # no tracebacks
    assert CountingUnreachableCache.calls == 1  # tried once, then left alone

    monkeypatch.setattr(breaker, "COOL_OFF_SECONDS", 0.2)
    breaker.cache_failed(caches["default"])  # restart the cool-off, now a short one
    time.sleep(0.3)
    # Long again, so that a slow request on a busy machine cannot outlast the next one.
    monkeypatch.setattr(breaker, "COOL_OFF_SECONDS", 60)
    with caplog.at_level(logging.WARNING):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert CountingUnreachableCache.calls == 2  # tried again after the cool-off
    assert len(warnings(caplog, "pagecache.breaker")) == 1  # the same outage


def test_rate_limits_use_the_same_breaker(settings, caplog):
    settings.CACHES = BROKEN
    CountingUnreachableCache.calls = 0
    with caplog.at_level(logging.WARNING):
        answers = [hit("demo", "someone", 1, 60) for _ in range(50)]
    assert answers == [True] + [False] * 49  # counted in the database meanwhile
    assert len(warnings(caplog, "ratelimit.limits")) == 1
    assert CountingUnreachableCache.calls == 1


def test_a_redis_cache_times_out_in_a_quarter_of_a_second():
    config = cache_from_url("redis://127.0.0.1:6379/0")
    with override_settings(CACHES={"default": config}):
        pool = caches["default"]._cache._get_connection_pool(write=True)
        kwargs = pool.connection_kwargs
    assert 0.1 <= kwargs["socket_connect_timeout"] <= 0.25
    assert 0.1 <= kwargs["socket_timeout"] <= 0.25


class StalledServer:
    """A TCP server that accepts connections and never answers, like a stalled Redis."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)

    def close(self):
        self.listener.close()
        for accepted in self.connections:
            accepted.close()


def test_a_stalled_redis_still_serves_pages_within_a_second():
    article = ArticleFactory(title="Readable while Redis stalls")
    stalled = StalledServer()
    config = cache_from_url(f"redis://127.0.0.1:{stalled.port}/0")
    # Without timeouts the request would wait for ever: closing the server ends the wait.
    watchdog = threading.Timer(5, stalled.close)
    watchdog.start()
    try:
        with override_settings(CACHES={"default": config, "ratelimit": config}):
            started = time.monotonic()
            response = Client().get(article.get_absolute_url())
            elapsed = time.monotonic() - started
    finally:
        watchdog.cancel()
        stalled.close()
    assert elapsed < 2
    assert response.status_code == 200
    assert "Readable while Redis stalls" in response.content.decode()


@pytest.mark.skipif(
    "postgresql" not in site_settings.DATABASES["default"]["ENGINE"],
    reason="PostgreSQL's own timeouts; run with DATABASE_URL=postgres://…",
)
def test_postgresql_connections_carry_a_connect_and_a_statement_timeout():
    options = site_settings.DATABASES["default"]["OPTIONS"]
    assert options["connect_timeout"] == 5
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"


@pytest.mark.skipif(
    "postgresql" not in site_settings.DATABASES["default"]["ENGINE"],
    reason="PostgreSQL's own settings; run with DATABASE_URL=postgres://…",
)
def test_postgresql_connections_never_compile_queries():
    # JIT compiling a search at a million articles took 100 ms of a 5 ms query.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
