"""A page cache for anonymous readers, kept in Django's cache framework.

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

Never cached: anything but GET/HEAD, requests carrying a session cookie (staff), the
admin and preview links, and responses that set cookies, vary on them, or say
`private`/`no-store`. A cache that fails degrades to uncached pages, never to errors.
"""

import hashlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
NEXT_CHANGE_KEY = "page-cache:next-change:{version}"
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


def cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def cacheable_response(response):
    if response.status_code not in (200, 301, 404) or response.streaming:
        return False
    if response.cookies:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    return "cookie" not in response.get("Vary", "").lower()


def page_key(request, version):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"page-cache:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def validators(response):
    """ETag and Last-Modified so that browsers and proxies can ask with a 304 in mind."""
    if not response.has_header("ETag"):
        digest = hashlib.sha256(response.content).hexdigest()[:32]
        response["ETag"] = f'"{digest}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    # Shared caches and browsers must check back: the page changes when content does.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous readers (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PLACARD_PAGE_CACHE or not cacheable_request(request):
            return self.get_response(request)
        version = content_version()
        key = page_key(request, version)
        stored = safe(cache.get, key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=stored["status"])
            for header, value in stored["headers"].items():
                response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(response):
            timeout = seconds_until_next_change(version)
            if timeout > 0:
                self.store(key, response, timeout)
            response["X-Page-Cache"] = "miss"
        return response

    def store(self, key, response, timeout):
        validators(response)
        headers = {h: response[h] for h in (*STORED_HEADERS, *VALIDATOR_HEADERS) if h in response}
        entry = {"content": response.content, "status": response.status_code, "headers": headers}
        safe(cache.set, key, entry, timeout)
