"""The page cache middleware: whole pages for anonymous readers (see `versions` for how
they stay fresh).

Never cached: anything but GET/HEAD, requests carrying a session cookie (staff), the
admin and preview links, and responses that set cookies, vary on them, or say
`private`/`no-store`. Nor are "not found" pages: any made-up address would take an entry
and push real pages out. A cache that fails degrades to uncached pages, never to errors.

After a change, one request renders each page while the others wait briefly for its entry
(single flight), so a publish on a busy site costs one render per page, not one per
reader.

For the same reason as with "not found" pages, a cached page's key (and what its view
sees of the query string) keeps only the parameters some view reads (`page_query`):
tracking parameters and made-up ones never make a new entry.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, urlencode

from .breaker import safe
from .compression import encoded_bodies
from .models import SITE_SCOPE
from .modified import content_modified
from .versions import SITE_PARTS, content_version, recording_scopes, scopes_hold, settle

EXCLUDED_PREFIXES = ("/admin/", "/preview/", "/static/", "/media/")
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Location",
    "X-Robots-Tag",
    "Link",
)
VALIDATOR_HEADERS = ("ETag", "Last-Modified", "Cache-Control")
# Single flight: how long the one request rendering a page may hold its claim, how long
# the others wait for its entry before rendering the page themselves, and how often they
# look (seconds).
RENDER_SECONDS = 10
RENDER_WAIT_SECONDS = 3
RENDER_POLL_SECONDS = 0.02
# Every query parameter a public view reads (`request.GET` in site_config, events and the
# paginators); any other one is left out of the page key.
PAGE_PARAMETERS = frozenset(
    ("page", "q", "type", "section", "year", "month", "kind", "tag", "city")
)


def cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def cacheable_response(response):
    if response.status_code not in (200, 301) or response.streaming:
        return False
    if response.cookies:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    return "cookie" not in response.get("Vary", "").lower()


def page_query(request):
    """The query string as far as it can change the page: only the parameters the site's
    views read, without empty values, in sorted order. Views ignore every other parameter
    (`utm_*`, `fbclid`, made-up ones), so those pages are the same and share one entry;
    otherwise each variant would take an entry and the key space would have no bound."""
    kept = [
        (name, value)
        for name, values in request.GET.lists()
        if name in PAGE_PARAMETERS
        for value in values
        if value
    ]
    return urlencode(sorted(kept, key=lambda pair: pair[0]))  # stable: keeps value order


def page_key(request, version):
    raw = f"{request.get_host()}|{request.path}?{page_query(request)}"
    return f"page-cache:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def validators(response, changed_at=None):
    """ETag and Last-Modified so that browsers and proxies can ask with a 304 in mind.
    `changed_at` is when the versions the page was rendered under last moved."""
    if not response.has_header("ETag"):
        digest = hashlib.sha256(response.content).hexdigest()[:32]
        response["ETag"] = f'"{digest}"'
    if not response.has_header("Last-Modified"):
        # The time of what the page shows; else the time it is stored, never earlier.
        modified = content_modified(response, changed_at)
        response["Last-Modified"] = http_date(modified.timestamp() if modified else None)
    elif changed_at is not None:
        # A view's own time (a feed's newest entry) misses an entry that left it.
        own = parse_http_date_safe(response["Last-Modified"]) or 0
        changed = min(int(changed_at.timestamp()), int(time.time()))
        response["Last-Modified"] = http_date(max(own, changed))
    # Shared caches and browsers must check back: the page changes when content does.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous readers (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Each version is read once per request, by the page and its fragments alike.
        with recording_scopes() as reads:
            if not settings.PLACARD_PAGE_CACHE or not cacheable_request(request):
                return self.get_response(request)
            return self.serve(request, reads)

    def serve(self, request, reads):
        # The view sees the query as the key does, so that a page stored for one variant
        # (`?utm_source=…`) is exactly the page of every other: no junk in its links.
        request.META["QUERY_STRING"] = page_query(request)
        request.GET = QueryDict(request.META["QUERY_STRING"])
        version = content_version()
        key = page_key(request, version)
        response = self.cached(key)
        if response is not None:
            return response
        # Single flight: after a change, one request renders each page and the others
        # wait for its entry instead of all rendering the same page at once.
        rendering = f"{key}:rendering"
        renders = safe(cache.add, rendering, 1, RENDER_SECONDS, default=True)
        if not renders:
            response = self.wait_for(key, rendering)
            if response is not None:
                return response
        try:
            response = self.get_response(request)
            if cacheable_response(response):
                self.store(key, response, version, reads)
                response["X-Page-Cache"] = "miss"
        finally:
            if renders:
                safe(cache.delete, rendering)
        return response

    def cached(self, key):
        """The stored page under `key`, if there is one and what it showed is unchanged."""
        return self.from_entry(safe(cache.get, key))

    def from_entry(self, stored):
        if stored is None or not scopes_hold(stored.get("scopes")):
            return None
        response = HttpResponse(stored["content"], status=stored["status"])
        for header, value in stored["headers"].items():
            response[header] = value
        # As CommonMiddleware (inside this one) sets it on a miss.
        response["Content-Length"] = str(len(response.content))
        response["X-Page-Cache"] = "hit"
        # Compressed when stored: the compression middleware sends one of them, if asked.
        response.encoded_bodies = stored.get("encoded", {})
        return response

    def wait_for(self, key, rendering):
        """The page another request is rendering, once it is stored; None if that request
        ends without storing it, takes too long, or the cache fails meanwhile."""
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(RENDER_POLL_SECONDS)
            found = safe(cache.get_many, [key, rendering])
            if found is None:
                return None
            if key in found:
                return self.from_entry(found[key])
            if rendering not in found:
                return None
        return None

    def store(self, key, response, version, reads):
        """Store a rendered page, unless a change committed since its versions were read:
        the render may have shown the rows from before it (see `versions`)."""
        check = settle()
        if not check.current or check.lifetime <= 0:
            return
        timeout = check.lifetime
        # The parts of the site move with the site's version: only narrower scopes (one
        # statement's signatures) are checked again when the page is served.
        scopes = {
            scope: value
            for scope, value in reads.items()
            if scope != SITE_SCOPE and scope not in SITE_PARTS
        }
        validators(response, check.changed_at)
        headers = {h: response[h] for h in (*STORED_HEADERS, *VALIDATOR_HEADERS) if h in response}
        entry = {"content": response.content, "status": response.status_code, "headers": headers}
        # Each encoding once per stored page, not once per reader (see `compression`).
        response.encoded_bodies = encoded_bodies(response)
        if response.encoded_bodies:
            entry["encoded"] = response.encoded_bodies
        if scopes:
            entry["scopes"] = scopes
        safe(cache.set, key, entry, timeout)
