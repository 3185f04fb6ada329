"""One site per language: which languages the public site is published in
(`PLACARD_LANGUAGES`, the first the default), which of them an item belongs to, the
language prefix of public addresses (`/es/articles/…`), and the addresses of a page in
the other languages (the switcher, `hreflang` alternates, the sitemap's alternates).

With one language nothing here changes an address or adds a condition to a query.

An item belongs to the site language of its own code ("es"), else to the one of the same
primary subtag ("es-mx" to "es"), else to the default language: an item in a language the
site is not published in is listed with the default language's items.
"""

import importlib

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, clear_url_caches, get_urlconf, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import trans_real

from .languages import primary, speaks
from .links import absolute

# Addresses of the whole site, in no language: answered as they are, never redirected.
UNPREFIXED = ("/admin/", "/preview/", "/static/", "/media/")

# `og:locale` wants a territory: the one most readers of a language without its own
# territory live in, else the language's own code in upper case ("fr" → "fr_FR").
OG_TERRITORIES = {
    "ar": "AR",
    "bn": "BD",
    "ca": "ES",
    "cs": "CZ",
    "da": "DK",
    "el": "GR",
    "en": "GB",
    "eu": "ES",
    "fa": "IR",
    "gl": "ES",
    "he": "IL",
    "hi": "IN",
    "ja": "JP",
    "ko": "KR",
    "ms": "MY",
    "nb": "NO",
    "nn": "NO",
    "sl": "SI",
    "sq": "AL",
    "sr": "RS",
    "sv": "SE",
    "sw": "KE",
    "uk": "UA",
    "ur": "PK",
    "vi": "VN",
    "zh": "CN",
}


def default_language():
    return settings.PLACARD_LANGUAGES[0]


def is_multilingual():
    return len(settings.PLACARD_LANGUAGES) > 1


def own_language_name(code):
    """The language's own name, capitalised as at the start of a menu item ("Español"):
    the language's, not its regional form's ("English" for "en-gb"), unless the site
    publishes in two forms of it."""
    shared = sum(primary(other) == primary(code) for other in settings.PLACARD_LANGUAGES) > 1
    try:
        name = translation.get_language_info(code if shared else primary(code))["name_local"]
    except KeyError:
        try:
            name = translation.get_language_info(code)["name_local"]
        except KeyError:
            return code
    return name[:1].upper() + name[1:]


def site_language_of(code):
    """The site language an item in `code` is listed under (see the module docstring)."""
    languages = settings.PLACARD_LANGUAGES
    code = (code or "").lower()
    if code in languages:
        return code
    for language in languages:
        if primary(language) == primary(code):
            return language
    return languages[0]


def _own_codes(language, field):
    """Q for the item codes that belong to `language`, the default excepted."""
    others = [code for code in settings.PLACARD_LANGUAGES if code != language]
    own = primary(language)
    condition = Q(**{field: language})
    if not any(primary(code) == own for code in others):
        condition |= speaks(field, own)
    return condition


def language_condition(language, field="language"):
    """The condition on `field` (an item's language code) that keeps the items of site
    language `language`; None on a one-language site (no condition at all)."""
    languages = settings.PLACARD_LANGUAGES
    if len(languages) < 2:
        return None
    if language not in languages:
        language = languages[0]
    if language != languages[0]:
        return _own_codes(language, field)
    others = Q()
    for code in languages[1:]:
        others |= _own_codes(code, field)
    return ~others


def filter_in_language(queryset, field, language=None):
    """`queryset` narrowed to rows whose `field` (a path to an item's language, such as
    "event__language") belongs to `language` (the page's by default)."""
    condition = language_condition(language or current_language(), field)
    return queryset if condition is None else queryset.filter(condition)


def current_language():
    """The site language of the page being rendered."""
    return site_language_of(translation.get_language())


def language_shape():
    """The page's site language and the site's languages, as a prepared query's shape
    (see `publishing.prepared`): one compiled query per language."""
    return (current_language(), tuple(settings.PLACARD_LANGUAGES))


def address_in(language, build):
    """`build()` (an address made with `reverse`) with `language` active, so that the
    address carries that language's prefix."""
    with translation.override(language):
        return build()


def item_url(item):
    """The item's address under its own language's prefix."""
    if not is_multilingual():
        return item.get_absolute_url()
    return address_in(site_language_of(item.language), item.get_absolute_url)


def answers_here(item):
    """Whether the page being rendered is under the item's own language (always, with
    one language)."""
    return not is_multilingual() or site_language_of(item.language) == current_language()


def og_locale(code):
    """`og:locale`'s form of a language code: "es" → "es_ES", "en-gb" → "en_GB"."""
    parts = (code or "").replace("_", "-").split("-")
    language = parts[0].lower()
    region = next((part for part in parts[1:] if len(part) == 2), None)
    territory = (region or OG_TERRITORIES.get(language, language)).upper()
    return f"{language}_{territory}"


def prefix_language(path):
    """The site language `path` starts with ("/es/…"), or None."""
    first = path.lstrip("/").split("/", 1)[0].lower()
    return first if first in settings.PLACARD_LANGUAGES else None


def strip_prefix(path):
    """`path` without its language prefix: "/es/articles/" → "/articles/"."""
    language = prefix_language(path)
    if language is None:
        return path
    return path[len(language) + 1 :] or "/"


class Alternate:
    """A page's version in another site language."""

    def __init__(self, language, url, current=False, translated=True, original=False):
        self.language = language
        self.url = url
        self.current = current
        self.translated = translated  # False: that language's home, not this page's
        self.original = original  # the translation group's original

    @property
    def name(self):
        return own_language_name(self.language)

    @property
    def og_locale(self):
        return og_locale(self.language)


def page_alternates(request, item=None):
    """The versions of the page of `request` in every site language, the current first
    marked: for an item, the published members of its translation group (one query),
    another language's home where it has none; for any other page (a list, the home
    page), the same address under each prefix. With one language: an item's published
    translations at their own addresses, if it has any (`_translations`), else nothing."""
    if request is None:
        return []
    if not is_multilingual():
        return _translations(item) if hasattr(item, "translation_group") else []
    current = current_language()
    if item is not None and hasattr(item, "translation_group"):
        return _item_alternates(item, current)
    rest = strip_prefix(request.path)
    return [
        Alternate(language, f"/{language}{rest}", current=language == current)
        for language in settings.PLACARD_LANGUAGES
    ]


def context_alternates(context):
    """`page_alternates` for a template's page (its `object`, if a publishable item),
    worked out once per request: the head and the header's switcher share it."""
    request = context.get("request")
    if request is None:
        return []
    item = context.get("object")
    if not hasattr(item, "translation_group"):
        item = None
    key = ("item", type(item).__name__, item.pk) if item is not None else ("page",)
    known = request.__dict__.setdefault("_language_alternates", {})
    if key not in known:
        known[key] = page_alternates(request, item)
    return known[key]


def switcher_key(context):
    """What the header varies with besides its menu: the page's address when the header
    holds a language switcher, else nothing."""
    request = context.get("request")
    if request is None or not (is_multilingual() or context_alternates(context)):
        return ""
    return request.path


def hreflang_links(context):
    """`<link rel="alternate" hreflang>` for each language's version of the page (every
    published translation of an item), and `x-default` for the default language's."""
    request = context.get("request")
    alternates = [entry for entry in context_alternates(context) if entry.translated]
    if len(alternates) < 2:
        return ""
    links = [
        format_html(
            '<link rel="alternate" hreflang="{}" href="{}">',
            entry.language,
            absolute(request, entry.url),
        )
        for entry in alternates
    ]
    # The default language's version; on a one-language site, the original.
    default = next(
        (
            entry
            for entry in alternates
            if (entry.original if not is_multilingual() else entry.language == default_language())
        ),
        None,
    )
    if default is not None:
        links.append(
            format_html(
                '<link rel="alternate" hreflang="x-default" href="{}">',
                absolute(request, default.url),
            )
        )
    return mark_safe("\n".join(links))  # noqa: S308 - each link escaped by format_html


def _translations(item):
    """On a one-language site: the published members of a published item's translation
    group, each at its own address, the original first (one query); empty when it has
    none. The header's switcher and the head's `hreflang` links lead to them."""
    if not getattr(item, "is_published", False) or item.pk is None:
        return []
    if item.translation_of_id is None and not getattr(item, "has_translations", True):
        return []  # an original without translations, as its detail query found
    members = list(item.translation_group().published().order_by("pk"))
    if len(members) < 2:
        return []
    members.sort(key=lambda member: member.translation_of_id is not None)
    return [
        Alternate(
            member.language,
            member.get_absolute_url(),
            current=member.pk == item.pk,
            original=member.translation_of_id is None,
        )
        for member in members
    ]


def _item_alternates(item, current):
    members = {}
    if getattr(item, "is_published", False):
        # Whole rows: an address may be made of any field (a page's is its path).
        for member in item.translation_group().published().order_by("pk"):
            members.setdefault(site_language_of(member.language), member)
    members[site_language_of(item.language)] = item
    alternates = []
    for language in settings.PLACARD_LANGUAGES:
        member = members.get(language)
        if member is not None:
            url = address_in(language, member.get_absolute_url)
            alternates.append(Alternate(language, url, current=language == current))
        else:
            home = address_in(language, lambda: reverse("home"))
            alternates.append(Alternate(language, home, translated=False))
    return alternates


class LanguagePrefixMiddleware:
    """On a site of several languages: activates the language of the address's prefix
    for the page, and sends an address without one to the default language's (301), or,
    for the home page, to the reader's language by `Accept-Language` (a redirect for that
    reader only, never kept by a shared cache). The language active before is restored
    after.

    Outside the old WordPress addresses' middleware and the page cache: an address
    without a prefix is first answered as before (an old address finds its redirect there,
    a site-wide one such as robots.txt its page), and only its "not found" is turned into
    the redirect, which no cache stores, so no made-up address takes a cache entry. The
    bare home page, the usual way in, is redirected at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Pages read the active language and time zone for every date, address and
        # message they show; with none activated each read is a failed lookup (an
        # exception caught inside Django), a tenth of a cold list page. So the request
        # always runs with both activated: the site's time zone, and its language on a
        # site of one (on a site of several, the address's, below).
        previous_zone = getattr(timezone._active, "value", None)
        timezone.activate(timezone.get_default_timezone())
        try:
            return self.in_language(request)
        finally:
            if previous_zone is None:
                timezone.deactivate()
            else:
                timezone.activate(previous_zone)

    def in_language(self, request):
        # What was activated before, if anything: deactivating when nothing was leaves
        # later requests to follow `LANGUAGE_CODE`, as they did.
        previous = getattr(trans_real._active, "value", None)
        try:
            if not is_multilingual():
                translation.activate(settings.LANGUAGE_CODE)
                return self.get_response(request)
            language = prefix_language(request.path_info)
            if language is None:
                if request.path_info == "/" and not request.META.get("QUERY_STRING"):
                    return self.redirect(request)
                response = self.get_response(request)
                if response.status_code == 404:
                    return self.redirect(request) or response
                return response
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
            return response
        finally:
            if previous is None:
                translation.deactivate()
            else:
                trans_real._active.value = previous

    def redirect(self, request):
        path = request.path_info
        if path.startswith(UNPREFIXED):
            return None
        default = default_language()
        urlconf = getattr(request, "urlconf", None) or get_urlconf()
        with translation.override(default):
            if _resolves(path, urlconf):
                return None  # robots.txt, the sitemap, the icons: no language
            target = None
            for candidate in (path, f"{path}/"):
                if _resolves(f"/{default}{candidate}", urlconf):
                    target = candidate
                    break
        if target is None:
            return None
        query = request.META.get("QUERY_STRING", "")
        query = f"?{query}" if query else ""
        script = request.META.get("SCRIPT_NAME", "")
        if target == "/":
            chosen = self.reader_language(request)
            response = HttpResponseRedirect(f"{script}/{chosen}/{query}")
            patch_vary_headers(response, ("Accept-Language",))
            patch_cache_control(response, private=True, max_age=0)
            return response
        return HttpResponsePermanentRedirect(f"{script}/{default}{target}{query}")

    def reader_language(self, request):
        """The site language the reader's browser asks for first, else the default."""
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        languages = settings.PLACARD_LANGUAGES
        for code, _quality in trans_real.parse_accept_lang_header(header):
            code = code.lower()
            if code == "*":
                break
            if code in languages:
                return code
            for language in languages:
                if primary(language) == primary(code):
                    return language
        return languages[0]


def _resolves(path, urlconf):
    try:
        resolve(path, urlconf)
    except Resolver404:
        return False
    return True


@receiver(setting_changed)
def _reload_addresses(setting, **kwargs):
    """A changed list of languages (tests) changes which addresses carry a prefix."""
    if setting != "PLACARD_LANGUAGES":
        return
    from django.conf.urls.i18n import is_language_prefix_patterns_used

    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()
    is_language_prefix_patterns_used.cache_clear()
