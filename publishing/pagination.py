"""Lists that remember how many items they have.

Counting every published article on each request costs a COUNT over a table that may hold
hundreds of thousands of rows. The number only changes when content does (or at the next
scheduled publish), so it is kept in the cache under the current content version (see
`pagecache.versions`), under a key that names the list: the address of the list without
its page number, or whatever the caller passes as `count_key`.
"""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.functional import cached_property

from pagecache.middleware import page_query
from pagecache.versions import remember

# When the next scheduled change is not known yet, a count is kept this long (seconds).
UNKNOWN_LIFETIME = 30


class CachedCountPaginator(Paginator):
    """A paginator whose count is remembered under `count_key` (uncached without one)."""

    def __init__(self, object_list, per_page, *args, count_key=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_key = count_key

    def count_rows(self):
        if hasattr(self.object_list, "count") and hasattr(self.object_list, "query"):
            return self.object_list.count()
        return len(self.object_list)

    @cached_property
    def count(self):
        if self.count_key is None:
            return self.count_rows()
        return remember("count", self.count_key, self.count_rows, UNKNOWN_LIFETIME)


class CachedCountMixin:
    """For list views: pages through `CachedCountPaginator`, keyed by the list's address
    (path and query, without the page number), which names one query of one list."""

    paginator_class = CachedCountPaginator

    def count_key(self):
        # Only the parameters that can change the list (as the page cache keys pages), so
        # made-up or tracking parameters add no counts; the page number does not count.
        params = QueryDict(page_query(self.request), mutable=True)
        params.pop(self.page_kwarg, None)
        return ("list", self.request.path, params.urlencode())

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_key=self.count_key(),
            **kwargs,
        )
