"""A Redis that stalls (accepts connections, never answers) slows pages a little, never
fails them: each worker waits out one socket timeout, then skips the cache for a while."""

import os
import time

import pytest

from tests.factories import ArticleFactory, StatementFactory
from tests.support.live import Readers, percentile

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

READERS = 8
STALL_SECONDS = 10
P99_TARGET = 2


def test_pages_answer_quickly_while_redis_is_stalled(site):
    articles = ArticleFactory.create_batch(3)
    statement = StatementFactory()
    site.flush_cache()
    paths = [
        "/",
        articles[0].get_absolute_url(),
        "/articles/",
        statement.get_absolute_url(),
        "/events/",
        articles[1].get_absolute_url(),
    ]
    with Readers(site.url, paths, threads=READERS, timeout=10) as warm:
        time.sleep(1)
    assert {reading.status for reading in warm.readings} == {200}

    site.redis.stall()
    with Readers(site.url, paths, threads=READERS, timeout=10) as readers:
        time.sleep(STALL_SECONDS)
    site.redis.pass_()

    readings = readers.readings
    answered = [reading for reading in readings if reading.status is not None]
    latencies = [reading.seconds for reading in answered]
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    baseline = [reading.seconds for reading in warm.readings]
    print(
        f"\nRedis stalled {STALL_SECONDS} s, {READERS} readers: {len(readings)} requests, "
        f"{sum(r.status == 200 for r in readings)} answered 200; p50 {p50 * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
        f"(Redis passing: p50 {percentile(baseline, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(baseline, 0.99) * 1000:.0f} ms)"
    )
    failed = [(r.path, r.status, r.error) for r in readings if r.status != 200]
    assert not failed, failed[:10]
    # The target is 2 s on a machine this test has to itself (its own readers and workers
    # make a load of about twice the cores); other work on the machine stretches it.
    limit = P99_TARGET * max(1.0, os.getloadavg()[0] / (2 * os.cpu_count()))
    assert p99 < limit, (
        f"p99 {p99:.2f} s with Redis stalled (with Redis passing: p99 "
        f"{percentile(baseline, 0.99):.2f} s; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores, so the limit was {limit:.2f} s)"
    )
