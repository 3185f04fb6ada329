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
A member's scope ("signatures:12") also bumps its family's ("signatures"), which only what
lists every member reads (the sitemap's signatory pages).

The other way round, a *part* of the site (`site_part`: the menus, the list of sections)
is what a few remembered values show and only some models change: its row moves with the
site's when one of those changes, and is read with the site's in the same query. What is
remembered under it survives an article's edit, so the first page after a change does not
read the menus again.

The rows are bumped inside the change's own transaction and the cache is told after the
commit. A reader whose render began before a commit may have shown older rows: before
anything rendered is stored, the rows are read again (once per request, for the page and
all it remembered: `settle`), and if one moved the page is served but not stored. The
cache's copies of the numbers live a few seconds, so a change the cache could not be told
about reaches readers that soon after the cache is back. A cache of the process's own
(local memory, the default) holds no copies: each request reads the rows, because another
worker's change could never reach that copy.

Time also changes pages without anyone saving: a scheduled item goes live, an event
starts or ends, endorsements close. Each content type lists such moments
(`next_public_changes()`), and no entry lives past the earliest of them; that moment is
asked in the same statement as the end-of-request check, once per version.

Each row also keeps when it last moved (`changed_at`), so that a page's `Last-Modified`
moves with anything that makes it stale (see `modified`).

A cache that fails degrades to uncached pages, never to errors (see `breaker.safe`).
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

from .breaker import cache_answered, cache_failed, cache_skipped, safe
from .models import SITE_SCOPE, ContentVersion

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
SCOPE_KEY = "page-cache:scope-version:{scope}"
# The last version read from the database, kept longer: used only while the database fails.
LAST_KEY = "page-cache:last-version:{scope}"
LAST_SECONDS = 3600
# How long the cache's copy of the version is trusted before the row is read again.
VERSION_SECONDS = 3
NEXT_CHANGE_KEY = "page-cache:next-change:{version}"


def shared_cache():
    """Whether the cache is one every worker sees (Redis), not each process's own."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def _version_rows(scopes, since=None):
    """The committed rows of `scopes` as {scope: (version, changed_at)}, in one indexed
    SELECT; with `since`, also the soonest moment after it that public pages change by
    themselves (see `next_public_change`), asked in the same statement: ({...}, moment)."""
    wanted = sorted(set(scopes))
    # Read on every request: plain SQL, which costs a fifth of building the query.
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    places = ", ".join(["%s"] * len(wanted))
    moments, moment_params = _next_change_sql(since) if since is not None else ([], [])
    columns = ", ".join([quote("scope"), quote("number"), quote("token"), quote("changed_at")])
    extra = "".join(f", {sql}" for sql in moments)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}{extra} FROM {table} WHERE {quote('scope')} IN ({places})",
            [*moment_params, *wanted],
        )
        rows = cursor.fetchall()
    found = {row[0]: (f"{row[1]}-{row[2]}", _as_time(row[3])) for row in rows}
    if since is None:
        return found
    if rows:
        moment = min((_as_time(v) for v in rows[0][4:] if v is not None), default=None)
    else:  # no row yet (a flushed database): asked on its own
        moment = next_public_change(since)
    return found, moment


def stored_versions(scopes=()):
    """The authoritative versions, as committed: the site's and each of `scopes`', keyed
    by scope (one indexed SELECT). A scope never changed yet has the version "0-"."""
    wanted = {SITE_SCOPE, *scopes}
    found = _version_rows(wanted)
    return {scope: found[scope][0] if scope in found else "0-" for scope in wanted}


def stored_version():
    """The site's authoritative version: its database row, as committed."""
    return stored_versions()[SITE_SCOPE]


# Parts of the site: what a few remembered values show (the menus, the list of sections)
# that only some models change. A part's row is bumped together with the site's (every
# change of a part is a change of the site), so a page filed under the site's version
# never needs to record a part; but what is remembered under a part's version survives
# the site's other changes: an edited article leaves the menus cached, and the first
# page after it costs no menu query. Declared by the app that shows the part, in its
# `AppConfig.ready()` (so in every process), naming the models whose rows it shows.
SITE_PARTS = {}


def site_part(scope, model_labels):
    """Declare `scope` a part of the site, changed by saves and deletes of the models of
    `model_labels` ("app_label.ModelName") and by every change that names no model."""
    SITE_PARTS[scope] = frozenset(label.lower() for label in model_labels)


def parts_showing(*models):
    """The parts that show rows of any of `models`."""
    labels = {model._meta.label_lower for model in models if model is not None}
    return [scope for scope, shown in SITE_PARTS.items() if shown & labels]


def _with_parts(scopes):
    """`scopes`, plus every part when the site's scope is among them: the parts are read
    with the site's version, in the same query."""
    scopes = list(scopes)
    if SITE_SCOPE in scopes:
        scopes += [part for part in SITE_PARTS if part not in scopes]
    return scopes


def _copy_key(scope):
    return VERSION_KEY if scope == SITE_SCOPE else SCOPE_KEY.format(scope=scope)


# With a cache of the process's own, the versions this process last read from the rows,
# kept for the moment the database fails (see `_versions`): in its memory, where no cull
# can drop them and no write costs a request anything.
_last_read = {}


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
        except DatabaseError:
            # The database is failing: a page this process cached may still be served.
            if any(scope not in _last_read for scope in scopes):
                raise
            return {scope: _last_read[scope] for scope in scopes}
        _last_read.update(stored)
        return {scope: stored[scope] for scope in scopes}
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


class _Render:
    """What one request read and computed while it renders (see `recording_scopes`)."""

    def __init__(self):
        self.reads = {}  # {scope: version} read, each once
        self.remembered = {}  # {key: (value, unknown_lifetime, version)} to store at the end
        self.began = None  # just before the first version was read
        self.check = None  # the end-of-request `Check`, once made
        self.memo = {}  # {key: value} worked out once per request (see `per_request`)


_render = ContextVar("page_cache_render", default=None)


def per_request(key, compute):
    """`compute()`, worked out once per request: the page, its head and its fragments
    that ask again get the same value (outside a request, each call computes)."""
    render = _render.get()
    if render is None:
        return compute()
    if key not in render.memo:
        render.memo[key] = compute()
    return render.memo[key]


def forget_per_request(key):
    """Drop `key` from this request's values (after the change that makes it old)."""
    render = _render.get()
    if render is not None:
        render.memo.pop(key, None)


@contextmanager
def recording_scopes():
    """Collect the versions read inside: yields the dict they go into. What `remember`
    computes inside is stored on the way out."""
    render = _Render()
    token = _render.set(render)
    try:
        yield render.reads
    finally:
        try:
            store_remembered(render)
        finally:
            _render.reset(token)


class Check:
    """The end of a request's render: whether no change committed since its versions
    were read (`current`), the newest of their rows' `changed_at`, and how long what it
    rendered may be kept (`lifetime`, seconds; None when not asked)."""

    def __init__(self, current, changed_at=None, lifetime=None):
        self.current, self.changed_at, self.lifetime = current, changed_at, lifetime


def settle(lifetime=True):
    """The request's `Check`: one query, made once for the page and everything remembered
    while it rendered, that reads the versions again and (with `lifetime`, when the next
    change for this version is not cached yet) the next moment pages change by
    themselves, in the same statement."""
    return _settled(_render.get(), lifetime)


def _settled(render, lifetime):
    if render is None:
        return Check(False)
    if render.check is None or (lifetime and render.check.lifetime is None):
        render.check = _check(render, lifetime)
    return render.check


def _keep_stamp(key, stamp):
    """Cache a next-change stamp; it expires at that moment, so the next one is looked up
    in time."""
    lifetime = settings.PLACARD_PAGE_CACHE_SECONDS
    if stamp:
        lifetime = max(1, min(lifetime, int(stamp - time.time()) + 1))
    safe(cache.set, key, stamp, lifetime)


def _check(render, lifetime):
    version = render.reads.get(SITE_SCOPE)
    if version is None:
        return Check(False)  # nothing was filed under a version
    stamp = key = None
    if lifetime:
        key = NEXT_CHANGE_KEY.format(version=version)
        stamp = safe(cache.get, key)
    try:
        if lifetime and _stale(stamp):
            # Since the render began: a moment that passed while it rendered ends its
            # lifetime at once (the rows it read may be from before that moment).
            rows, moment = _version_rows(render.reads, render.began or timezone.now())
            stamp = moment.timestamp() if moment else 0
        else:
            rows = _version_rows(render.reads)
    except DatabaseError:
        return Check(False)  # not known to be current: stored nowhere
    current = all(
        (rows[scope][0] if scope in rows else "0-") == read for scope, read in render.reads.items()
    )
    if current and key is not None:
        _keep_stamp(key, stamp)
    # A part moves only with the site, at the same moment: the site's row tells.
    shown = [scope for scope in render.reads if scope in rows and scope not in SITE_PARTS]
    changed_at = max((rows[scope][1] for scope in shown), default=None)
    return Check(current, changed_at, _seconds_left(stamp) if lifetime else None)


def store_remembered(render):
    """Store the values computed while a request rendered, unless a change committed
    meanwhile: one query for all of them (shared with the page's own, see `settle`)."""
    if not render.remembered:
        return
    wanted = any(unknown is None for _value, unknown, _version in render.remembered.values())
    check = _settled(render, lifetime=wanted)
    if not check.current:
        return  # computed again next time
    for key, (value, unknown_lifetime, _version) in render.remembered.items():
        seconds = check.lifetime
        if seconds is None:  # only values that may be kept without knowing it
            version = render.reads[SITE_SCOPE]
            seconds = known_seconds_until_next_change(version, unknown_lifetime)
        if seconds > 0:
            safe(cache.set, key, value, seconds)


def scope_version(scope):
    """The version of one scope, recorded as a dependency of what is rendering now.

    Read it *before* the rows it covers: a change that commits in between then shows as
    a moved version when the page is about to be stored, and the page is not stored.
    While a page renders, each scope is read once: its fragments and counts are filed
    under the same versions as the page. The site's version and its parts' are read
    together, in one query.
    """
    render = _render.get()
    reads = render.reads if render is not None else None
    if reads is not None and scope in reads:
        return reads[scope]
    # The site's version and its parts' come with any scope's: every page reads them
    # (its menus), so a page that reads a narrower scope first (a statement's
    # signatures) asks one query, not two.
    wanted = _with_parts(dict.fromkeys([SITE_SCOPE, scope]))
    if reads is not None:
        wanted = [each for each in wanted if each not in reads] or [scope]
        if render.began is None:
            render.began = timezone.now()
    found = _versions(wanted)
    if reads is not None:
        reads.update(found)
    return found[scope]


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
    may what was rendered meanwhile be stored. Costs one query (requests use `settle`)."""
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


def _family(scope):
    """The scope of every member of `scope`'s family ("signatures" for "signatures:12"),
    or None: for what lists them all (the sitemap's signatory pages)."""
    family, member = scope.partition(":")[::2]
    return family if member else None


def scope_changed(scope=SITE_SCOPE):
    """Make fresh whatever was filed under `scope`'s version (for the site's scope: every
    cached page, and every part of the site). A member of a family ("signatures:12")
    changes its family's scope too.

    The rows are bumped in the caller's transaction, so the new version exists exactly
    when the change does (a rollback takes both back); the cache hears of it after the
    commit. Outside a transaction both happen at once.
    """
    if scope == SITE_SCOPE:
        _bump(_with_parts([SITE_SCOPE]))
    else:
        _bump([scope, *filter(None, [_family(scope)])])


def content_changed(*models, **kwargs):
    """Make every cached page fresh: file new entries under a new site version. With
    `models` (of the rows that changed), only the parts of the site that show them move
    too; without, every part does."""
    _bump([SITE_SCOPE, *(parts_showing(*models) if models else SITE_PARTS)])


def scopes_changed(scopes):
    """Move each of `scopes` on once, and nothing else (no part, no family): for
    `forget_cache`, which names every scope there is."""
    _bump(list(scopes))


def _bump(scopes):
    changed = ContentVersion.objects.filter(scope__in=scopes)
    bump = {
        "number": F("number") + 1,
        "token": secrets.token_hex(8),
        "changed_at": timezone.now(),
    }
    if changed.update(**bump) < len(scopes):
        # First change of a scope (or a flushed database): make the rows, then bump them,
        # so that a writer racing this one still moves the versions when it commits.
        rows = [ContentVersion(scope=scope) for scope in scopes]
        ContentVersion.objects.bulk_create(rows, ignore_conflicts=True)
        if changed.update(**bump) < len(scopes):
            raise DatabaseError(f"The content versions of {scopes!r} could not be made.")
    if not shared_cache():
        return  # no copies: a local cache's readers always read the rows (`_versions`)
    # Forgotten at once as well: readers re-read the committed rows meanwhile (the old
    # numbers until the commit), and this connection sees its own change straight away.
    safe(cache.delete_many, [_copy_key(scope) for scope in scopes])
    connection = transaction.get_connection()
    pending = [entry[1] for entry in getattr(connection, "run_on_commit", ())]
    for scope in scopes:
        push = _Push(scope)
        if push not in pending:
            transaction.on_commit(push)


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


def _next_change_sql(now):
    """The models' next-change queries (see `next_public_change`) as scalar subqueries:
    ([sql], params)."""
    parts, params = [], []
    for model in apps.get_models():
        for query in getattr(model, "next_public_changes", lambda now: [])(now):
            sql, query_params = query.query.get_compiler(using=query.db).as_sql()
            parts.append(f"({sql})")
            params += query_params
    return parts, params


def next_public_change(now):
    """The soonest moment any model's public pages change by themselves (see the models'
    `next_public_changes()`), asked of the database in one statement."""
    parts, params = _next_change_sql(now)
    if not parts:
        return None
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
        _keep_stamp(key, stamp)
    return _seconds_left(stamp)


def known_seconds_until_next_change(version, default):
    """Like `seconds_until_next_change`, without querying when the answer is not cached."""
    stamp = safe(cache.get, NEXT_CHANGE_KEY.format(version=version))
    return default if _stale(stamp) else _seconds_left(stamp)


def remember(kind, vary, compute, unknown_lifetime=None, scope=SITE_SCOPE):
    """`compute()`, kept in the cache under the current content version (or under the
    version of `scope`, a part of the site: see `site_part`).

    Fresh after any content change, and kept no longer than the next scheduled change.
    With `unknown_lifetime`, that moment is not looked up when it is not cached yet: the
    value is then kept `unknown_lifetime` seconds (for callers that must stay cheap).
    """
    version = scope_version(scope)
    digest = hashlib.sha256(str(vary).encode()).hexdigest()[:32]
    key = f"{kind}:{version}:{digest}"
    # Inside a request, values computed are kept until it ends, then stored together
    # after one check that nothing changed meanwhile (see `recording_scopes`).
    render = _render.get()
    if render is not None and key in render.remembered:
        return render.remembered[key][0]
    value = safe(cache.get, key)
    if value is None:
        value = compute()
        if render is not None:
            render.remembered[key] = (value, unknown_lifetime, version)
            return value
        site = content_version()
        if unknown_lifetime is None:
            lifetime = seconds_until_next_change(site)
        else:
            lifetime = known_seconds_until_next_change(site, unknown_lifetime)
        parts = {scope: version} if scope != SITE_SCOPE else None
        if lifetime > 0 and still_current(site, parts):
            safe(cache.set, key, value, lifetime)
    return value
