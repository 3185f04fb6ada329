"""The language each item is written in: its choices on the edit form, its name in the
admin's filter, and the `lang`/`dir` attributes that mark it on a public page where it
differs from the page's own language."""

from functools import lru_cache

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext, trans_real
from django.utils.translation import gettext_lazy as _


def language_name(code):
    """The language's name in the active language ("Polish"), or its code if Django does
    not know it."""
    try:
        return gettext(translation.get_language_info(code)["name"])
    except KeyError:
        return code


def language_choices():
    """The languages Django knows, by name; the site's own first, as it is the usual one."""
    from .models.publishable import site_language

    own = site_language()
    others = sorted(
        ((code, gettext(name)) for code, name in settings.LANGUAGES if code != own),
        key=lambda choice: choice[1].casefold(),
    )
    return [(own, language_name(own)), *others]


def primary(code):
    """The primary subtag: "en-gb" and "en" are the same language to a reader."""
    return (code or "").split("-")[0].lower()


def speaks(language_field, code):
    """Q for items whose `language_field` is `code`'s language or one of its regional
    forms ("en" and "en-gb" for "en-gb")."""
    base = primary(code)
    return Q(**{language_field: base}) | Q(**{f"{language_field}__startswith": f"{base}-"})


def is_rtl(code):
    try:
        return translation.get_language_info(code)["bidi"]
    except KeyError:
        return False


def language_attributes(code):
    """` lang="pl"` (and ` dir="rtl"` for a right-to-left language) to add to the element
    that holds an item's text when its language is not the page's; empty when it is."""
    page = translation.get_language() or settings.LANGUAGE_CODE
    if not code or primary(code) == primary(page):
        return ""
    if is_rtl(code):
        return format_html(' lang="{}" dir="rtl"', code)
    return format_html(' lang="{}"', code)


def language_marker():
    """`language_attributes` as a function of the item's language, for the page's
    language read once: for a list of cards."""
    page = primary(translation.get_language() or settings.LANGUAGE_CODE)

    def attributes(code):
        if not code or primary(code) == page:
            return ""
        return language_attributes(code)

    return attributes


class LanguageFilter(admin.SimpleListFilter):
    """The languages the listed items are written in, by name."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("language", flat=True)
            .distinct()
        )
        return sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


@lru_cache(maxsize=32)
def found_messages(catalog):
    """{message: translation} of `catalog`, filled as messages are asked for: a catalogue
    looks a message up through a chain of fallbacks (each app's, each regional form's),
    five calls deep for one it lacks, such as every message of a site in the language
    the interface is written in."""
    return {"": ""}


def interface_text(message):
    """`gettext(message)` in the active language, remembered (see `found_messages`): for
    the words a page repeats for each of its items, such as a card's byline."""
    if not settings.USE_I18N:
        return message
    catalog = trans_real.catalog()
    found = found_messages(catalog)
    text = found.get(message)
    if text is None:
        text = found[message] = catalog.gettext(message)
    return text
