"""Health probes for load balancers and orchestrators.

`/healthz` (liveness) says only that this process answers: it touches neither the
database nor the cache, so a database outage never gets healthy workers restarted.
`/readyz` (readiness) checks the database and the cache, each within a short limit, and
answers 200 or 503. Both bodies say "ok" or "unavailable" and nothing more: no versions,
host names or error messages for whoever asks.

They are answered by `operations.middleware.ProbeMiddleware`, before the rest of the
stack, so that no redirect to HTTPS, host check, session, page cache, rate limit or
login stands between a probe and its answer.
"""

import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse

logger = logging.getLogger(__name__)

READY_KEY = "operations:readyz"


def probe_answer(ok):
    response = HttpResponse(
        "ok\n" if ok else "unavailable\n",
        status=200 if ok else 503,
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    return probe_answer(True)


def database_answers(alias="default"):
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    finally:
        # Runs in a thread of its own: its connection must not outlive the check.
        connection.close()


def cache_answers(alias="default"):
    store = caches[alias]
    store.set(READY_KEY, "ok", 30)
    return store.get(READY_KEY) == "ok"


def checks():
    """(name, callable) for each service the site cannot serve readers without."""
    found = [("database", database_answers), ("cache", cache_answers)]
    if "ratelimit" in settings.CACHES:
        found.append(("ratelimit cache", lambda: cache_answers("ratelimit")))
    return found


def failing_checks(timeout):
    """Names of the checks that failed or did not finish within `timeout` seconds.

    Each check runs in a thread of its own, so that a service that never answers costs
    the probe `timeout` seconds, not the service's own (longer) limits."""
    named = checks()
    executor = ThreadPoolExecutor(max_workers=len(named), thread_name_prefix="readyz")
    # In the request's context, so that what a check logs carries the request's id.
    futures = {
        executor.submit(contextvars.copy_context().run, check): name for name, check in named
    }
    done, not_done = wait(futures, timeout=timeout)
    # Do not wait for a stalled check: its thread ends when the service's own limit fires.
    executor.shutdown(wait=False, cancel_futures=True)
    failing = [futures[future] for future in not_done]
    for future in done:
        try:
            if not future.result():
                failing.append(futures[future])
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            # One line, no traceback: a load balancer asks every few seconds.
            logger.warning(
                "Readiness check %r failed: %s: %s", futures[future], type(error).__name__, error
            )
            failing.append(futures[future])
    for future in not_done:
        logger.warning("Readiness check %r did not answer within %.1f s", futures[future], timeout)
    return sorted(failing)


def readyz(request):
    failing = failing_checks(settings.PLACARD_READY_TIMEOUT)
    return probe_answer(not failing)
