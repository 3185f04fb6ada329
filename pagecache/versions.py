"""Content versions: what keeps cached pages, fragments and counts fresh.

How freshness works: every stored page is filed under the current *content version*, a
number kept in a database row (`ContentVersion`) and copied into the cache. Any change to
content a page could show (a save or delete of a publishable item, an author, a section,
an image, a tag, the site settings) bumps that number, so every page is fresh at once on
its next request; old entries are never read again and expire by themselves. One version
for the site's content is deliberately coarse: campaign sites change a few times a day and
are read a great deal, so a full refresh after an edit costs little and can never leave a
stale page behind.

What changes often and shows in few places has a *scope* of its own: one statement's
signatures (`statements.models.signatures_scope`). A signature bumps only that scope's row.
What shows it reads `scope_version()` before the rows; the page is stored with the scoped
versions it read and served again only while they hold, and fragments and counts put the
scoped version in their keys. So a campaign's sign-ups never empty the cache of articles.

The rows are bumped inside the change's own transaction and the cache is told after the
commit. A reader whose render began before a commit may have shown older rows: before
anything rendered is stored, the rows are read again, and if one moved the page is served
but not stored. The cache's copies of the numbers live a few seconds, so a change the
cache could not be told about reaches readers that soon after the cache is back. A cache
of the process's own (local memory, the default) holds no copies: each request reads the
rows, because another worker's change could never reach that copy.

Time also changes pages without anyone saving: a scheduled item goes live, an event
starts or ends, endorsements close. Each content type lists such moments
(`next_public_changes()`), and no entry lives past the earliest of them.

A cache that fails degrades to uncached pages, never to errors (see `safe`).
"""

import datetime
import hashlib
import logging
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import SITE_SCOPE, ContentVersion

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
SCOPE_KEY = "page-cache:scope:{scope}"
# The last version read from the database, kept longer: used only while the database fails.
LAST_KEY = "page-cache:last-version:{scope}"
LAST_SECONDS = 3600
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


def shared_cache():
    """Whether the cache is one every worker sees (Redis), not each process's own."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def stored_versions(scopes=()):
    """The authoritative versions, as committed: the site's and each of `scopes`', keyed
    by scope (one indexed SELECT). A scope never changed yet has the version "0-"."""
    wanted = {SITE_SCOPE, *scopes}
    # Read on every request: plain SQL, which costs a fifth of building the query.
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    places = ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('scope')}, {quote('number')}, {quote('token')} FROM {table} "
            f"WHERE {quote('scope')} IN ({places})",
            sorted(wanted),
        )
        rows = cursor.fetchall()
    found = {scope: f"{number}-{token}" for scope, number, token in rows}
    return {scope: found.get(scope, "0-") for scope in wanted}


def stored_version():
    """The site's authoritative version: its database row, as committed."""
    return stored_versions()[SITE_SCOPE]


def _copy_key(scope):
    return VERSION_KEY if scope == SITE_SCOPE else SCOPE_KEY.format(scope=scope)


def _versions(scopes):
    """The current version of each of `scopes`: the cache's copies where it has them,
    else the rows'. With a cache of the process's own (local memory), always the rows:
    another worker's change never reaches this process's copy, so a copy could be late.

    The copies live `VERSION_SECONDS` only, so a change the cache missed (it was down or
    full when the change committed) reaches readers that soon after the cache is back.
    `add`, not `set`: a reader that read a row before a commit must not overwrite the
    number the committing writer has just pushed.
    """
    if not shared_cache():
        try:
            stored = stored_versions(scopes)
            return {scope: stored[scope] for scope in scopes}
        except DatabaseError:
            # The database is failing: a page this process cached may still be served.
            copies = safe(cache.get_many, [_copy_key(scope) for scope in scopes], default={})
            if len(copies) < len(scopes):
                raise
            return {scope: copies[_copy_key(scope)] for scope in scopes}
    keys = {_copy_key(scope): scope for scope in scopes}
    copies = safe(cache.get_many, list(keys), default={})
    found = {keys[key]: value for key, value in copies.items()}
    missing = [scope for scope in scopes if scope not in found]
    if missing:
        stored = _stored_unless_failing(missing)
        if stored is None:
            # The database is failing: no change can commit meanwhile, so the last number
            # read keeps serving what is cached (a stalled database must not take the
            # cached pages down with it).
            last = safe(cache.get_many, [LAST_KEY.format(scope=s) for s in missing], default={})
            if len(last) < len(missing):
                raise DatabaseError("The database is unavailable and no version is known.")
            return {**found, **{scope: last[LAST_KEY.format(scope=scope)] for scope in missing}}
        for scope in missing:
            found[scope] = stored[scope]
            safe(cache.add, _copy_key(scope), stored[scope], VERSION_SECONDS)
            safe(cache.set, LAST_KEY.format(scope=scope), stored[scope], LAST_SECONDS)
    return found


# The database's own circuit breaker, for reading versions: after a failure, cached pages
# are served on the last known versions for a cool-off instead of each request waiting
# for the database to fail again.
_DATABASE = SimpleNamespace()


def _stored_unless_failing(scopes):
    """The rows' versions, or None while the database fails or cools off after failing."""
    if cache_skipped(_DATABASE):
        return None
    try:
        stored = stored_versions(scopes)
    except DatabaseError as error:
        if cache_failed(_DATABASE):
            logger.warning(
                "Database unavailable for content versions (%s); serving cached pages on "
                "the last known versions",
                error,
            )
        return None
    if cache_answered(_DATABASE):
        logger.warning("Database is answering again")
    return stored


# The scoped versions read while a page renders, so that the page is stored with them and
# served again only while they hold (see `scope_version`).
_reads = ContextVar("page_cache_scope_reads", default=None)


# Values `remember` computed while a request renders, stored when it ends (see there).
_remembered = ContextVar("page_cache_remembered", default=None)


@contextmanager
def recording_scopes():
    """Collect the scoped versions read inside: yields the dict they go into. What
    `remember` computes inside is stored on the way out."""
    reads, remembered = {}, {}
    token, remembered_token = _reads.set(reads), _remembered.set(remembered)
    try:
        yield reads
    finally:
        _reads.reset(token)
        _remembered.reset(remembered_token)
        store_remembered(remembered)


def store_remembered(remembered):
    """Store values computed under one version, unless a change committed meanwhile:
    one query for all of them."""
    versions = {version for _value, _lifetime, version in remembered.values()}
    try:
        if len(versions) != 1 or not still_current(versions.pop()):
            return
    except DatabaseError:
        return  # not known to be current: kept nowhere, computed again next time
    for key, (value, lifetime, _version) in remembered.items():
        safe(cache.set, key, value, lifetime)


def scope_version(scope):
    """The version of one scope, recorded as a dependency of what is rendering now.

    Read it *before* the rows it covers: a change that commits in between then shows as
    a moved version when the page is about to be stored, and the page is not stored.
    While a page renders, each scope is read once: its fragments and counts are filed
    under the same versions as the page.
    """
    reads = _reads.get()
    if reads is not None and scope in reads:
        return reads[scope]
    version = _versions([scope])[scope]
    if reads is not None:
        reads[scope] = version
    if scope == SITE_SCOPE and not shared_cache():
        # Kept for the moment the database fails (see `_versions`).
        safe(cache.set, VERSION_KEY, version, None)
    return version


def content_version():
    """The site's version, to file entries under."""
    return scope_version(SITE_SCOPE)


def scopes_hold(scopes):
    """Whether the scoped versions a page was stored with are still the current ones."""
    if not scopes:
        return True
    return _versions(list(scopes)) == scopes


def still_current(version, scopes=None):
    """Whether nothing was committed since `version` (and `scopes`) were read: only then
    may what was rendered meanwhile be stored. Costs one query, on a cache miss only."""
    stored = stored_versions(scopes or ())
    return stored.pop(SITE_SCOPE) == version and stored == (scopes or {})


class _Push:
    """After a commit: copy a scope's new version into the cache. Equal for one scope, so
    that a transaction changing many rows pushes each scope once."""

    def __init__(self, scope):
        self.scope = scope

    def __eq__(self, other):
        return isinstance(other, _Push) and other.scope == self.scope

    def __hash__(self):
        return hash(self.scope)

    def __call__(self):
        version = stored_versions([self.scope])[self.scope]
        safe(cache.set, _copy_key(self.scope), version, VERSION_SECONDS)
        safe(cache.set, LAST_KEY.format(scope=self.scope), version, LAST_SECONDS)


def scope_changed(scope=SITE_SCOPE):
    """Make fresh whatever was filed under `scope`'s version (for the site's scope: every
    cached page).

    The row is bumped in the caller's transaction, so the new version exists exactly
    when the change does (a rollback takes both back); the cache hears of it after the
    commit. Outside a transaction both happen at once.
    """
    changed = ContentVersion.objects.filter(scope=scope)
    bump = {"number": F("number") + 1, "token": secrets.token_hex(8)}
    if not changed.update(**bump):
        # First change of this scope (or a flushed database): make the row, then bump it,
        # so that a writer racing this one still moves the version when it commits.
        ContentVersion.objects.bulk_create([ContentVersion(scope=scope)], ignore_conflicts=True)
        if not changed.update(**bump):
            raise DatabaseError(f"The content version of {scope!r} could not be made.")
    # Forgotten at once as well: readers re-read the committed row meanwhile (the old
    # number until the commit), and this connection sees its own change straight away.
    safe(cache.delete, _copy_key(scope))
    connection = transaction.get_connection()
    push = _Push(scope)
    if push not in (entry[1] for entry in getattr(connection, "run_on_commit", ())):
        transaction.on_commit(push)


def content_changed(**kwargs):
    """Make every cached page fresh: file new entries under a new site version."""
    scope_changed(SITE_SCOPE)


def _seconds_left(stamp):
    if not stamp:
        return settings.PLACARD_PAGE_CACHE_SECONDS
    return max(0, min(settings.PLACARD_PAGE_CACHE_SECONDS, int(stamp - time.time())))


def _stale(stamp):
    return stamp is None or (stamp and stamp <= time.time())


def _as_time(value):
    """A time column as the database driver gives it: SQLite's text is UTC."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value


def next_public_change(now):
    """The soonest moment any model's public pages change by themselves (see the models'
    `next_public_changes()`), asked of the database in one statement."""
    queries = [
        query
        for model in apps.get_models()
        if hasattr(model, "next_public_changes")
        for query in model.next_public_changes(now)
    ]
    if not queries:
        return None
    parts, params = [], []
    for query in queries:
        sql, query_params = query.query.sql_with_params()
        parts.append(f"({sql})")
        params += query_params
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return min((_as_time(value) for value in row if value is not None), default=None)


def seconds_until_next_change(version):
    """Seconds until content may change by itself (a scheduled publish, an event)."""
    key = NEXT_CHANGE_KEY.format(version=version)
    stamp = safe(cache.get, key)
    if _stale(stamp):
        moment = next_public_change(timezone.now())
        stamp = moment.timestamp() if moment else 0
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
    # Inside a request, values computed are kept until it ends, then stored together
    # after one check that nothing changed meanwhile (see `recording_scopes`).
    remembered = _remembered.get()
    if remembered is not None and key in remembered:
        return remembered[key][0]
    value = safe(cache.get, key)
    if value is None:
        value = compute()
        if unknown_lifetime is None:
            lifetime = seconds_until_next_change(version)
        else:
            lifetime = known_seconds_until_next_change(version, unknown_lifetime)
        if lifetime > 0:
            if remembered is not None:
                remembered[key] = (value, lifetime, version)
            elif still_current(version):
                safe(cache.set, key, value, lifetime)
    return value
