"""The caches' circuit breaker: a cache call that fails degrades a page to uncached,
never to an error, and a dead or stalled cache is not asked again for a few seconds.

`safe(cache.get, key)` is how the page cache, the fragments, the remembered values and the
rate limits call a cache. After a call fails, that cache (per Redis server, shared by every
thread's client) is skipped for COOL_OFF_SECONDS: an outage then costs one timeout per
cool-off instead of one per call, and logs one warning when it starts and one when the
cache answers again, not a traceback per call.
"""

import logging
import time

logger = logging.getLogger(__name__)

COOL_OFF_SECONDS = 5
_circuits = {}


def _circuit(backend):
    """The breaker state of one cache: per Redis server (shared by every thread's client),
    else per backend object."""
    servers = getattr(backend, "_servers", None)
    key = ("servers", *servers) if isinstance(servers, list | tuple) else None
    if key is None:
        state = getattr(backend, "_placard_circuit", None)
        if state is None:
            state = {"skip_until": 0.0, "down": False}
            try:
                backend._placard_circuit = state
            except AttributeError:  # not ours to mark: never skipped, still logged once
                pass
        return state
    return _circuits.setdefault(key, {"skip_until": 0.0, "down": False})


def cache_skipped(backend):
    """True while `backend` is cooling off after a failure: do not call it."""
    return time.monotonic() < _circuit(backend)["skip_until"]


def cache_failed(backend):
    """Open the breaker of `backend`; True on the first failure of an outage (log it)."""
    state = _circuit(backend)
    first = not state["down"]
    state.update(down=True, skip_until=time.monotonic() + COOL_OFF_SECONDS)
    return first


def cache_answered(backend):
    """`backend` works (again); True when this ends an outage."""
    state = _circuit(backend)
    was_down = state["down"]
    state["down"] = False
    return was_down


def safe(method, *args, default=None, **kwargs):
    """`method(...)` of a cache, or `default` if the cache fails or is cooling off."""
    backend = getattr(method, "__self__", method)
    if cache_skipped(backend):
        return default
    try:
        result = method(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - Redis down, timeouts: serve uncached instead
        if cache_failed(backend):
            logger.warning(
                "Page cache unavailable (%s: %s); skipping it for %s s at a time until it "
                "answers again",
                type(error).__name__,
                error,
                COOL_OFF_SECONDS,
            )
        return default
    if cache_answered(backend):
        logger.warning("Page cache is answering again")
    return result
