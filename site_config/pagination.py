"""A paginator that remembers how many items a list has.

Counting every published article on each request costs a COUNT over a table that may hold
hundreds of thousands of rows. The number only changes when content does, so it is kept
in the cache under the current content version (see `page_cache`), keyed by the list's
SQL: exact, and counted once per change instead of once per request.
"""

from datetime import UTC, datetime

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from . import page_cache

# When the next scheduled change is not known yet, a count is kept this long (seconds).
UNKNOWN_LIFETIME = 30


def _is_now(value, now):
    """Whether a query parameter is the current time (as a datetime or, on SQLite, text)."""
    if isinstance(value, str) and 19 <= len(value) <= 32:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return False
    if not isinstance(value, datetime):
        return False
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return abs((value - now).total_seconds()) < 60


class CachedCountPaginator(Paginator):
    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        try:
            sql, params = query.sql_with_params()
        except Exception:  # noqa: BLE001 - an empty result set has no SQL: count it
            return super().count
        # "Now" changes every request; what it selects changes only at the next scheduled
        # moment, which bounds how long the count is kept.
        now = timezone.now()
        params = ["now" if _is_now(param, now) else param for param in params]
        return page_cache.remember(
            "count", (sql, params), lambda: Paginator.count.func(self), UNKNOWN_LIFETIME
        )
