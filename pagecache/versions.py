"""Content versions: what keeps cached pages, fragments and counts fresh.

How freshness works: every stored page is filed under the current *content version*, a
number kept in a database row (`ContentVersion`) and copied into the cache. Any change to
content a page could show (a save or delete of a publishable item, an author, a section,
an image, a tag, an endorsement, the site settings) bumps that number, so every page is
fresh at once on its next request; old entries are never read again and expire by
themselves. One version for the whole site is deliberately coarse: campaign sites change
a few times a day and are read a great deal, so a full refresh after an edit costs little
and can never leave a stale page behind.

The row is bumped inside the change's own transaction and the cache is told after the
commit. A reader whose render began before a commit may have shown older rows: before
anything rendered is stored, the row is read again, and if it moved the page is served
but not stored. The cache's copy of the number lives a few seconds, so a change the cache
could not be told about reaches readers that soon after the cache is back.

Time also changes pages without anyone saving: a scheduled item goes live, an event
starts or ends, endorsements close. Each content type lists such moments
(`next_public_change()`), and no entry lives past the earliest of them.

A cache that fails degrades to uncached pages, never to errors (see `safe`).
"""

import hashlib
import logging
import secrets
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import ContentVersion

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
VERSION_ROW = 1
# How long the cache's copy of the version is trusted before the row is read again.
VERSION_SECONDS = 3
NEXT_CHANGE_KEY = "page-cache:next-change:{version}"


# The circuit breaker. After a cache call fails, that cache is skipped for COOL_OFF_SECONDS:
# a dead or stalled Redis then costs one timeout per cool-off instead of one per call, and
# each outage logs one warning (when it starts), not a traceback per call.
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


def stored_version():
    """The authoritative version: the database row, as committed (one indexed SELECT)."""
    row = ContentVersion.objects.filter(pk=VERSION_ROW).values_list("number", "token").first()
    return "0-" if row is None else f"{row[0]}-{row[1]}"


def content_version():
    """The version to file entries under: the cache's copy, else the database row's.

    The copy lives `VERSION_SECONDS` only, so a change the cache missed (it was down or
    full when the change committed) reaches readers that soon after the cache is back.
    `add`, not `set`: a reader that read the row before a commit must not overwrite the
    number the committing writer has just pushed.
    """
    version = safe(cache.get, VERSION_KEY)
    if version is None:
        version = stored_version()
        safe(cache.add, VERSION_KEY, version, VERSION_SECONDS)
    return version


def still_current(version):
    """Whether nothing was committed since `version` was read: only then may what was
    rendered meanwhile be stored. Costs one query, on a cache miss only."""
    return stored_version() == version


def _push_version():
    safe(cache.set, VERSION_KEY, stored_version(), VERSION_SECONDS)


def content_changed(**kwargs):
    """Make every cached page fresh: file new entries under a new version.

    The row is bumped in the caller's transaction, so the new version exists exactly
    when the change does (a rollback takes both back); the cache hears of it after the
    commit. Outside a transaction both happen at once.
    """
    bumped = ContentVersion.objects.filter(pk=VERSION_ROW).update(
        number=F("number") + 1, token=secrets.token_hex(8)
    )
    if not bumped:  # the row was removed (a flushed database): make it again
        ContentVersion.objects.bulk_create(
            [ContentVersion(pk=VERSION_ROW, token=secrets.token_hex(8))], ignore_conflicts=True
        )
    # Forgotten at once as well: readers re-read the committed row meanwhile (the old
    # number until the commit), and this connection sees its own change straight away.
    safe(cache.delete, VERSION_KEY)
    connection = transaction.get_connection()
    pending = (entry[1] for entry in getattr(connection, "run_on_commit", ()))
    if _push_version not in pending:  # once per transaction, however many rows changed
        transaction.on_commit(_push_version)


def _seconds_left(stamp):
    if not stamp:
        return settings.PLACARD_PAGE_CACHE_SECONDS
    return max(0, min(settings.PLACARD_PAGE_CACHE_SECONDS, int(stamp - time.time())))


def _stale(stamp):
    return stamp is None or (stamp and stamp <= time.time())


def seconds_until_next_change(version):
    """Seconds until content may change by itself (a scheduled publish, an event)."""
    key = NEXT_CHANGE_KEY.format(version=version)
    stamp = safe(cache.get, key)
    if _stale(stamp):
        now = timezone.now()
        moments = []
        for model in apps.get_models():
            finder = getattr(model, "next_public_change", None)
            if finder is not None:
                moment = finder(now)
                if moment is not None:
                    moments.append(moment)
        stamp = min(moments).timestamp() if moments else 0
        # The stamp itself expires at that moment, so the next one is looked up in time.
        lifetime = settings.PLACARD_PAGE_CACHE_SECONDS
        if stamp:
            lifetime = max(1, min(lifetime, int(stamp - time.time()) + 1))
        safe(cache.set, key, stamp, lifetime)
    return _seconds_left(stamp)


def known_seconds_until_next_change(version, default):
    """Like `seconds_until_next_change`, without querying when the answer is not cached."""
    stamp = safe(cache.get, NEXT_CHANGE_KEY.format(version=version))
    return default if _stale(stamp) else _seconds_left(stamp)


def remember(kind, vary, compute, unknown_lifetime=None):
    """`compute()`, kept in the cache under the current content version.

    Fresh after any content change, and kept no longer than the next scheduled change.
    With `unknown_lifetime`, that moment is not looked up when it is not cached yet: the
    value is then kept `unknown_lifetime` seconds (for callers that must stay cheap).
    """
    version = content_version()
    digest = hashlib.sha256(str(vary).encode()).hexdigest()[:32]
    key = f"{kind}:{version}:{digest}"
    value = safe(cache.get, key)
    if value is None:
        value = compute()
        if unknown_lifetime is None:
            lifetime = seconds_until_next_change(version)
        else:
            lifetime = known_seconds_until_next_change(version, unknown_lifetime)
        if lifetime > 0 and still_current(version):
            safe(cache.set, key, value, lifetime)
    return value
