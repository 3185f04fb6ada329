"""Addresses of items by slug, without resolving the URL patterns for each item.

A list page links every card to its item, its section and its authors: dozens of
`reverse()` calls per page, each of which walks the URL patterns. The address of an item
differs from its neighbours' only in the slug, so the pattern is reversed once (per URL
prefix and language) and the slug is put into it.
"""

import re
from functools import lru_cache, partial
from urllib.parse import quote

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from pagecache.versions import per_request

_PLACEHOLDER = "0slug0"


def url_state():
    """(URL prefix, URL configuration) in force. Django sets both as each request starts
    and nothing changes them during it, so they are read once per request: each is a
    thread- and task-local read, and a page asks for a dozen addresses. (The language
    can change during a request, under `translation.override`: it is read each time.)"""
    return per_request("url-state", _read_url_state)


def _read_url_state():
    return get_script_prefix(), get_urlconf()


@lru_cache(maxsize=256)
def _address(name, key, prefix, language):
    before, _, after = reverse(name, kwargs={key: _PLACEHOLDER}).partition(_PLACEHOLDER)
    return before, after


def _pattern_language():
    return get_language() if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0] else ""


def _filled(before, after, slug):
    # reverse() quotes what a slug may hold beyond ASCII letters, digits, "-" and "_".
    return f"{before}{slug if slug.isascii() else quote(slug)}{after}"


def slug_url(name, slug, key="slug"):
    """The address `reverse(name, kwargs={key: slug})` gives, for a slug of the pattern."""
    return _filled(*_address(name, key, url_state()[0], _pattern_language()), slug)


def slug_urls(name, key="slug"):
    """`slug_url` for `name` as a function of the slug alone, for the language and URL
    prefix in force now: a list of cards links to dozens of items, and reading those two
    (thread- and task-local values) for each link cost a tenth of a card."""
    return partial(_filled, *_address(name, key, url_state()[0], _pattern_language()))


# Every page asks for the same dozen addresses (the header's, the feeds', the home page's
# in its JSON-LD): each `reverse()` walks the URL patterns. The answer is fixed for a
# process, given the URL prefix, the language and the URL configuration, so it is worked
# out once; a changed setting (tests) forgets it.
@lru_cache(maxsize=1024)
def _reversed(name, args, kwargs, prefix, language, urlconf):
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None, urlconf=urlconf)


def address(name, *args, **kwargs):
    """`reverse(name, args=args, kwargs=kwargs)`, remembered (see `_reversed`)."""
    prefix, urlconf = url_state()
    keywords = tuple(sorted(kwargs.items())) if kwargs else ()
    try:
        return _reversed(name, args, keywords, prefix, get_language(), urlconf)
    except TypeError:  # an argument that cannot be a key: reversed each time
        return reverse(name, args=args or None, kwargs=kwargs or None)


@lru_cache(maxsize=256)
def static_url(path):
    """Django's `static()`, remembered: it reads the storage's manifest each time (a
    tenth of a millisecond for the share picture every page names)."""
    return static(path)


# What an address may hold that `iri_to_uri` leaves as it is.
_URI_AS_IS = re.compile(r"[A-Za-z0-9/#%\[\]=:;$&()+,!?*@'~_.-]*")


def absolute(request, location):
    """`request.build_absolute_uri(location)` for an address on this site ("/…"), without
    its parsing and quoting where the address needs none: a page's head and JSON-LD give
    a dozen addresses. Without a request (`None`), `location` as it is."""
    if request is None:
        return location
    if (
        location.startswith("/")
        and not location.startswith("//")
        and "/./" not in location
        and "/../" not in location
        and _URI_AS_IS.fullmatch(location)
    ):
        return request._current_scheme_host + location
    return request.build_absolute_uri(location)


@receiver(setting_changed)
def _forget_addresses(**kwargs):
    _reversed.cache_clear()
    _address.cache_clear()
    static_url.cache_clear()
