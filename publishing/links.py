"""Addresses of items by slug, without resolving the URL patterns for each item.

A list page links every card to its item, its section and its authors: dozens of
`reverse()` calls per page, each of which walks the URL patterns. The address of an item
differs from its neighbours' only in the slug, so the pattern is reversed once (per URL
prefix and language) and the slug is put into it.
"""

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

_PLACEHOLDER = "0slug0"


@lru_cache(maxsize=256)
def _address(name, key, prefix, language):
    before, _, after = reverse(name, kwargs={key: _PLACEHOLDER}).partition(_PLACEHOLDER)
    return before, after


def slug_url(name, slug, key="slug"):
    """The address `reverse(name, kwargs={key: slug})` gives, for a slug of the pattern."""
    language = get_language() if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0] else ""
    before, after = _address(name, key, get_script_prefix(), language)
    # reverse() quotes what a slug may hold beyond ASCII letters, digits, "-" and "_".
    return f"{before}{slug if slug.isascii() else quote(slug)}{after}"
