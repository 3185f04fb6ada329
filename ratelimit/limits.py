"""Fixed-window rate limits kept in the cache, keyed by hashes, never by raw addresses.

When the cache is unreachable the limiter fails open: the request goes ahead and a
warning is logged. Limits only slow down abuse; whatever they guard (for example an
endorsement) is still gated by email confirmation, so refusing every reader while the
cache is down would do more harm than letting a burst through.

The counters live in the `ratelimit` cache when the site defines one (it does: see
RATELIMIT_CACHE_URL), apart from the page cache, so that a flood of pages filling the
default cache cannot evict a client's counter and reset its limit.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from pagecache.versions import cache_answered, cache_failed, cache_skipped

from .clients import client_address

logger = logging.getLogger(__name__)


def hashed(value, purpose):
    """A keyed hash of `value` (an IP address, an email) that cannot be reversed."""
    return salted_hmac(f"placard.ratelimit.{purpose}", str(value)).hexdigest()[:32]


def client_ip(request):
    """The real client behind declared proxies, as login throttling sees it."""
    return client_address(request)


def counters():
    """The cache that holds the counters: `ratelimit` if configured, else the default."""
    return caches["ratelimit" if "ratelimit" in settings.CACHES else "default"]


def hit(scope, key, limit, window):
    """Count one attempt; return True when it is within `limit` per `window` seconds."""
    bucket = int(time.time() // window)
    cache_key = f"ratelimit:{scope}:{key}:{bucket}"
    cache = counters()
    # The page cache's circuit breaker: a failing cache is left alone while it cools off.
    if cache_skipped(cache):
        return True
    try:
        added = cache.add(cache_key, 1, timeout=window + 5)
        count = 1 if added else cache.incr(cache_key)
    except ValueError:
        # The entry expired between add() and incr(): this is the first attempt again.
        return True
    except Exception as error:  # noqa: BLE001 - any cache failure must not become an error page
        if cache_failed(cache):
            logger.warning(
                "Rate limit cache unavailable (%s: %s); allowing %s while it is down",
                type(error).__name__,
                error,
                scope,
            )
        return True
    if cache_answered(cache):
        logger.warning("Rate limit cache is answering again")
    return count <= limit
