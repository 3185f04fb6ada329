"""Fixed-window rate limits kept in the cache, keyed by hashes, never by raw addresses.

When the cache is unreachable the counters move to the database (`Counter` rows, keyed
by the same hashes) until it answers again, and one warning is logged per outage: the
limits hold through an outage instead of failing open. The rows hold only the hashes,
like the cache's keys.

The counters live in the `ratelimit` cache when the site defines one (it does: see
RATELIMIT_CACHE_URL), apart from the page cache, so that a flood of pages filling the
default cache cannot evict a client's counter and reset its limit.
"""

import datetime
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pagecache.breaker import cache_answered, cache_failed, cache_skipped

from .clients import client_address
from .models import Counter

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
        return counted_in_database(cache_key, window) <= limit
    try:
        added = cache.add(cache_key, 1, timeout=window + 5)
        count = 1 if added else cache.incr(cache_key)
    except ValueError:
        # The entry expired between add() and incr(): this is the first attempt again.
        return True
    except Exception as error:  # noqa: BLE001 - any cache failure must not become an error page
        if cache_failed(cache):
            logger.warning(
                "Rate limit cache unavailable (%s: %s); counting %s in the database while "
                "it is down",
                type(error).__name__,
                error,
                scope,
            )
        return counted_in_database(cache_key, window) <= limit
    if cache_answered(cache):
        logger.warning("Rate limit cache is answering again")
    return count <= limit


def counted_in_database(cache_key, window):
    """Count one attempt in the database; the attempts so far in this window.

    The row of a window is made by its first attempt, and expired rows are removed then,
    so the table holds only the windows still running.
    """
    with transaction.atomic():
        counter = Counter.objects.filter(key=cache_key)
        if not counter.update(count=F("count") + 1):
            now = timezone.now()
            Counter.objects.filter(expires_at__lt=now).delete()
            expires_at = now + datetime.timedelta(seconds=window + 5)
            Counter.objects.bulk_create(
                [Counter(key=cache_key, count=0, expires_at=expires_at)], ignore_conflicts=True
            )
            counter.update(count=F("count") + 1)  # made here or by a racing attempt
        return counter.values_list("count", flat=True).get()
