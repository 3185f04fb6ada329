"""A PostgreSQL server that stalls (connections open, no answer): pages already in the
cache keep being served (on the last known content version, see
`pagecache.versions`), others fail within seconds with the error page instead of holding
a worker (site_config/postgresql cuts a call that overruns), and the site is back as soon as the database answers again.

The server runs with DATABASE_CONNECT_TIMEOUT=2 and DATABASE_STATEMENT_TIMEOUT_MS=3000
(see conftest). SQLite is a file, with no connection that could stall.
"""

import http.client
import time

import pytest
from django.conf import settings

from tests.factories import ArticleFactory
from tests.faults.conftest import DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT_MS
from tests.support.live import Readers, fetch, wait_for_cache_hit

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

# Longer than the cache's copy of the content version lives (3 s): after that, serving a
# cached page must not depend on reading the version from the stalled database.
CACHED_PHASE_SECONDS = 6
ERROR_PAGE_WITHIN = 20
RECOVERY_WITHIN = 15
WORKERS = 2


def timed_fetch(base, path, timeout):
    """(status or the error, seconds): a request that may never be answered."""
    started = time.monotonic()
    try:
        answer = fetch(base, path, timeout=timeout)
    except (OSError, http.client.HTTPException) as error:
        return repr(error), time.monotonic() - started, ""
    return answer.status, answer.seconds, answer.text


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite is a file with no connection to stall; this scenario runs on PostgreSQL "
    "(DATABASE_URL=postgres://...)",
)
def test_cached_pages_survive_a_stalled_database_and_others_fail_fast(site):
    cached, uncached = ArticleFactory(), ArticleFactory()
    site.flush_cache()
    cached_path, uncached_path = cached.get_absolute_url(), uncached.get_absolute_url()
    wait_for_cache_hit(site.url, cached_path)

    site.database.stall()
    with Readers(site.url, [cached_path], threads=2, timeout=ERROR_PAGE_WITHIN) as readers:
        time.sleep(CACHED_PHASE_SECONDS)
    status, error_seconds, text = timed_fetch(site.url, uncached_path, ERROR_PAGE_WITHIN)
    restored = time.monotonic()
    site.database.pass_()
    recovered = None
    while time.monotonic() - restored < RECOVERY_WITHIN:
        answer_status, _seconds, _text = timed_fetch(site.url, uncached_path, 5)
        if answer_status == 200:
            recovered = time.monotonic() - restored
            break
        time.sleep(0.1)
    # Back to normal: a page never cached before renders from the database.
    later, _seconds, _text = timed_fetch(site.url, "/articles/", 10)

    readings = readers.readings
    served = [r for r in readings if r.status == 200]
    slowest = max((r.seconds for r in readings), default=float("nan"))
    print(
        f"\nPostgreSQL stalled: cached page {len(served)} of {len(readings)} answered 200 in "
        f"{CACHED_PHASE_SECONDS} s (slowest {slowest:.2f} s, "
        f"{sum(r.cache == 'hit' for r in readings)} cache hits); uncached page answered "
        f"{status} after {error_seconds:.2f} s; recovered "
        + (f"{recovered:.2f} s after the stall ended" if recovered is not None else "never")
    )
    not_served = [(r.status, r.error, round(r.seconds, 2)) for r in readings if r.status != 200]
    assert readings and not not_served, not_served[:5]
    # The first request of each worker to find the database stalled waits for its call to
    # be cut (statement timeout + 2 s) and a reconnection to time out; after that the cached pages are served on the last
    # known version without asking the database, for a cool-off at a time.
    slow = [round(r.seconds, 2) for r in readings if r.seconds >= 1]
    assert len(slow) <= 2 * WORKERS, slow
    assert slowest < DATABASE_STATEMENT_TIMEOUT_MS / 1000 + 2 + DATABASE_CONNECT_TIMEOUT + 1, (
        slowest
    )
    assert status == 500 and "Something went wrong" in text, status
    assert error_seconds < ERROR_PAGE_WITHIN
    assert recovered is not None, f"not answering {RECOVERY_WITHIN} s after the stall ended"
    assert later == 200
