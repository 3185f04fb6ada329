"""Lists that show a bounded number of pages and remember how many items they have.

A page deep in a list costs the database every row before it, so lists show their first
`MAX_PAGES` pages only: deeper pages answer 404 with a page that says so, and the last
page shown points to search and the archive instead of to the next page. Page 1,000 of
100,000 articles is no more useful to a reader than search is, and crawlers find every
item through the sitemap.

Counting, too, stops at one item past the last page shown. The count only changes when
content does (or at the next scheduled publish), so it is kept in the cache under the
current content version (see `pagecache.versions`), under a key that names the list: the
address of the list without its page number, or whatever the caller passes as `count_key`.
"""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject, cached_property

from pagecache.middleware import page_query
from pagecache.versions import remember

# When the next scheduled change is not known yet, a count is kept this long (seconds).
UNKNOWN_LIFETIME = 30
# The pages a list shows: 1,000 items at 20 a page.
MAX_PAGES = 50


class PastShownPages(Http404):
    """A page number beyond the `max_pages` pages a list shows."""

    def __init__(self, max_pages):
        super().__init__(f"Lists show their first {max_pages} pages")
        self.max_pages = max_pages


class CachedCountPaginator(Paginator):
    """A paginator of at most `max_pages` pages (None: no bound) whose count is remembered
    under `count_key` (uncached without one).

    `count` stops at one item more than the pages show: `truncated` says whether the list
    goes on beyond them."""

    def __init__(
        self,
        object_list,
        per_page,
        *args,
        count_key=None,
        max_pages=MAX_PAGES,
        rows=None,
        count_from=None,
        **kw,
    ):
        self.count_key = count_key
        self.max_pages = max_pages
        self.rows = rows
        # With `rows`, the list itself may be built only when it is counted: `count_from()`
        # gives it (a remembered count then costs no queryset).
        self.count_from = count_from
        super().__init__(object_list, per_page, *args, **kw)

    def _check_object_list_is_ordered(self):
        # With `rows`, the pages are read by a query of their own, whose order is the
        # list's: the list itself need not be built to be checked.
        if self.rows is None:
            super()._check_object_list_is_ordered()

    def page(self, number):
        if self.rows is None:
            return super().page(number)
        # The page's items from `rows(start, stop)`, a prepared query of the same list.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # Read when first used: a page whose list is in a cached fragment never reads it.
        rows = SimpleLazyObject(lambda: self.rows(bottom, top))
        return self._get_page(rows, number, self)

    def count_rows(self):
        rows = self.object_list if self.count_from is None else self.count_from()
        if self.max_pages is not None:
            # Without an order, the database stops at the first rows it finds.
            ordered = rows.order_by() if hasattr(rows, "order_by") else rows
            rows = ordered[: self.limit + 1]
        if hasattr(rows, "count") and hasattr(rows, "query"):
            return rows.count()
        return len(rows)

    @cached_property
    def count(self):
        if self.count_key is None:
            return self.count_rows()
        return remember("count", self.count_key, self.count_rows, UNKNOWN_LIFETIME)

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        return pages if self.max_pages is None else min(pages, self.max_pages)

    @property
    def limit(self):
        """How many items the pages can show (None: all)."""
        return None if self.max_pages is None else self.max_pages * self.per_page

    @property
    def truncated(self):
        return self.limit is not None and self.count > self.limit

    def validate_number(self, number):
        if self.max_pages is not None:
            try:
                beyond = int(number) > self.max_pages
            except (TypeError, ValueError):
                beyond = False  # Django's own check says why
            if beyond:
                # Not shown however long the list is: answered without counting it.
                raise PastShownPages(self.max_pages)
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.truncated and int(number) > self.num_pages:
                raise PastShownPages(self.max_pages) from None
            raise


def past_shown_pages(request, error, calendar_url=None):
    """The 404 page of a page number beyond those a list shows, saying why (and, for a
    list of events, pointing to the calendar at `calendar_url`)."""
    context = {"shown_pages": error.max_pages, "calendar_url": calendar_url}
    return render(request, "404.jinja", context, status=404)


class CachedCountMixin:
    """For list views: pages through `CachedCountPaginator`, keyed by the list's address
    (path and query, without the page number), which names one query of one list, and
    at most `max_pages` pages long."""

    paginator_class = CachedCountPaginator
    max_pages = MAX_PAGES

    # `page_rows(start, stop)`: a list's page read by a prepared query (see
    # `publishing.prepared`) instead of by slicing the queryset; None: by slicing.
    page_rows = None
    # `count_from()`: what is counted instead of the queryset (a list read anyway, such
    # as the keys of the first items of the list); None: the queryset.
    count_from = None

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except PastShownPages as error:
            return past_shown_pages(request, error)

    def get_template_names(self):
        # Each list names its template: Django would add one named after the queryset's
        # model, and build the queryset (lazy in lists that read pages by `page_rows`)
        # to find it.
        return [self.template_name]

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
            max_pages=self.max_pages,
            rows=self.page_rows,
            count_from=self.count_from,
            **kwargs,
        )
