"""Content versions: what keeps cached pages, fragments and counts fresh.

How freshness works: every stored page is filed under the current *content version*, one
number in the cache. Any change to content a page could show (a save or delete of a
publishable item, an author, a section, an image, a tag, an endorsement, the site
settings) bumps that number, so every page is fresh at once on its next request; old
entries are never read again and expire by themselves. One version for the whole site is
deliberately coarse: campaign sites change a few times a day and are read a great deal,
so a full refresh after an edit costs little and can never leave a stale page behind.

Time also changes pages without anyone saving: a scheduled item goes live, an event
starts or ends, endorsements close. Each content type lists such moments
(`next_public_change()`), and no entry lives past the earliest of them.

A cache that fails degrades to uncached pages, never to errors (see `safe`).
"""

import hashlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
NEXT_CHANGE_KEY = "page-cache:next-change:{version}"


def safe(method, *args, default=None, **kwargs):
    try:
        return method(*args, **kwargs)
    except Exception:  # noqa: BLE001 - Redis down, timeouts: serve uncached instead
        logger.warning("Page cache unavailable", exc_info=True)
        return default


def content_version():
    version = safe(cache.get, VERSION_KEY)
    if version is None:
        version = int(time.time() * 1000)
        safe(cache.add, VERSION_KEY, version, None)
        version = safe(cache.get, VERSION_KEY, default=version) or version
    return version


def content_changed(**kwargs):
    """Make every cached page fresh: file new entries under a new version."""
    safe(cache.set, VERSION_KEY, int(time.time() * 1000), None)


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
        if lifetime > 0:
            safe(cache.set, key, value, lifetime)
    return value
