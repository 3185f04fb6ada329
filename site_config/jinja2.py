"""The template environment of the public pages: Jinja2, autoescaped.

Readers' pages render with Jinja2 because a cold page (caches off, or the first request
after a change) costs a fraction of what the same page costs in Django's template
language; the admin and mail keep Django's. Templates of this environment end in
`.jinja` and live in `templates/` beside the others.

What the templates may call is listed in `environment()`: Django's `url`, `static` and
`gettext`, and the site's own helpers (pictures, bylines, menus, dates, fragments).
"""

from functools import lru_cache
from types import FunctionType

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.urls import NoReverseMatch
from django.utils import formats, translation
from django.utils.translation import trans_real
from jinja2 import ChainableUndefined, Environment, FileSystemLoader, TemplateNotFound, pass_context
from jinja2.runtime import Context
from jinja2.utils import _PassArg, internalcode
from markupsafe import Markup, escape

from pagecache.jinja import FragmentExtension
from publishing import formatting
from publishing.languages import found_messages
from publishing.links import absolute, address, static_url, url_state
from richtext.text import text_start


class JinjaOnlyLoader(FileSystemLoader):
    """Loads `*.jinja` files only, so the engine never claims a Django template."""

    def get_source(self, environment, template):
        if not template.endswith(".jinja"):
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


url = address  # the templates' `url()`: Django's `reverse()`, remembered


static = static_url  # the templates' `static()`: Django's, remembered


@receiver(setting_changed)
def _forget_head_links(**kwargs):
    _head_links.cache_clear()


@lru_cache(maxsize=64)
def _head_links(site_name, language, prefix, urlconf):
    name = escape(site_name)
    return Markup(
        f'<link rel="stylesheet" href="{escape(static("css/site.css"))}">\n'
        f'<link rel="icon" href="{escape(static("favicon.ico"))}" sizes="32x32">\n'
        f'<link rel="icon" href="{escape(static("favicon.svg"))}" type="image/svg+xml">\n'
        f'<link rel="icon" href="{escape(static("img/icon-32.png"))}" type="image/png" '
        'sizes="32x32">\n'
        f'<link rel="apple-touch-icon" href="{escape(static("img/apple-touch-icon.png"))}">\n'
        f'<link rel="manifest" href="{escape(url("web-manifest"))}">\n'
        '<meta name="theme-color" content="#a3141c">\n'
        f'<link rel="alternate" type="application/rss+xml" title="{name} – RSS" '
        f'href="{escape(url("articles:article-feed-rss"))}">\n'
        f'<link rel="alternate" type="application/atom+xml" title="{name} – Atom" '
        f'href="{escape(url("articles:article-feed-atom"))}">'
    )


def head_links(site_name):
    """The head's links every page has (style sheet, icons, manifest, the site's feeds),
    written once per process for each site name, language and address prefix: as ten
    template calls they cost each page nine thread- and task-local reads and an escape
    apiece."""
    return _head_links(str(site_name), translation.get_language(), *url_state())


def url_or_empty(name, *args, **kwargs):
    """As `url`, but "" where the arguments fit no address (a tag whose slug the
    pattern refuses), as Django's `{% url … as name %}` gives."""
    try:
        return url(name, *args, **kwargs)
    except NoReverseMatch:
        return ""


@pass_context
def absolute_url(context, path):
    return absolute(context.get("request"), path)


@pass_context
def querystring(context, **changes):
    """The current query string with `changes` applied (None removes a key), as Django's
    `{% querystring %}` gives it: "" when there is none, else "?" and the pairs."""
    original = context["request"].GET
    params = original.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    if not params and not original:
        return ""
    return f"?{params.urlencode()}"


def page_language():
    """The language the page is in: the active one (the site's `LANGUAGE_CODE` unless a
    request activated another), as `<html lang>` and the feeds' language give it."""
    return translation.get_language() or "en"


def page_direction():
    """ "rtl" for a right-to-left language (Arabic, Hebrew, Persian, Urdu), else "ltr"."""
    return "rtl" if translation.get_language_bidi() else "ltr"


def number(value):
    """An integer as the active language writes it, grouped by thousands ("12,480" in
    English, "12.480" in Spanish)."""
    return formats.number_format(value, force_grouping=True)


@lru_cache(maxsize=32)
def _words_of(catalog):
    """`gettext` and `ngettext` for templates (Jinja's "newstyle": escaped, then filled
    in with their keyword arguments) that read `catalog` directly, keeping each
    message's translation once found (`found_messages`)."""
    found = found_messages(catalog)

    @pass_context
    def gettext(context, message, **variables):
        message = str(message)
        text = found.get(message)
        if text is None:
            text = found[message] = catalog.gettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    @pass_context
    def ngettext(context, singular, plural, number, **variables):
        variables.setdefault("num", number)
        text = catalog.ngettext(str(singular), str(plural), number)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"gettext": gettext, "ngettext": ngettext}


def interface_words(request):
    """Context processor: the page's `_()` and `ngettext()` bound to the catalogue of the
    language active when it starts rendering. Django's own `gettext` looks the active
    language up again on each of a page's hundred calls, through a thread- and
    task-local lookup that cost a tenth of a cold page."""
    if not settings.USE_I18N:
        return {}
    return _words_of(trans_real.catalog())


class QuickCallContext(Context):
    """Jinja's context, with a shorter way to call a plain function from a template.

    A page makes about fifty calls (`url()`, `_()`, the site's helpers). For each, Jinja
    looks for a `jinja_pass_arg` marker on the callable and on its `__call__`, then pops
    two keyword arguments that are seldom there. For a Python function the marker can
    only be in its `__dict__`: read there once, the call is the same as Jinja's own.
    Anything else (classes, methods, macros) goes through Jinja's `call`."""

    @internalcode
    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        if type(__obj) is not FunctionType:
            return super().call(__obj, *args, **kwargs)
        pass_arg = __obj.__dict__.get("jinja_pass_arg")
        if pass_arg is _PassArg.context:
            # As Jinja does: the function sees the variables of loops and blocks.
            if kwargs.get("_loop_vars"):
                __self = __self.derived(kwargs["_loop_vars"])
            if kwargs.get("_block_vars"):
                __self = __self.derived(kwargs["_block_vars"])
            args = (__self, *args)
        elif pass_arg is not None:
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class FlatGlobalsEnvironment(Environment):
    """Templates see the globals as one plain dict. Jinja's own `ChainMap` (the template's
    globals over the environment's) is copied key by key in Python each time a page starts
    rendering and each time it includes another template: a fiftieth of a cold page here.
    The globals are all set in `environment()`, before any template is loaded."""

    context_class = QuickCallContext

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


def environment(**options):
    options["loader"] = JinjaOnlyLoader(options["loader"].searchpath)
    options["undefined"] = ChainableUndefined  # a missing value reads as empty, as in Django's
    env = FlatGlobalsEnvironment(extensions=["jinja2.ext.i18n", FragmentExtension], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    from articles.templatetags.articles import (
        article_card,
        article_cards,
        article_json_ld,
        byline,
    )
    from events.templatetags.event_tags import (
        calendar_day,
        event_card,
        event_cards,
        event_time,
        event_when,
        month_cards,
    )
    from images.templatetags.images import picture, share_image_meta
    from menus.templatetags.menus import current_menu_url, menu_links
    from publishing.language_sites import context_alternates, hreflang_links, switcher_key
    from publishing.languages import language_attributes
    from publishing.sharing import default_share_meta, default_twitter_card, locale_meta
    from publishing.structured_data import breadcrumbs_ld, home_page_ld, web_page_ld
    from publishing.templatetags.publishing import json_ld
    from richtext.templatetags.richtext import richtext
    from statements.markup import signatory_item, statement_cards

    env.globals.update(
        url=url,
        url_or_empty=url_or_empty,
        static=static,
        absolute_url=absolute_url,
        querystring=querystring,
        picture=picture,
        byline=byline,
        article_card=article_card,
        article_cards=article_cards,
        signatory_item=signatory_item,
        statement_cards=statement_cards,
        menu_links=pass_context(menu_links),
        article_json_ld=pass_context(article_json_ld),
        breadcrumbs_ld=pass_context(breadcrumbs_ld),
        home_page_ld=pass_context(home_page_ld),
        web_page_ld=pass_context(web_page_ld),
        event_when=event_when,
        event_time=event_time,
        event_card=event_card,
        event_cards=event_cards,
        month_cards=month_cards,
        calendar_day=calendar_day,
        share_image_meta=pass_context(share_image_meta),
        # The site's share picture, for pages without their own.
        default_share_meta=pass_context(
            lambda context: default_share_meta(context.get("request"), context.get("site"))
        ),
        default_twitter_card=pass_context(
            lambda context: default_twitter_card(context.get("request"), context.get("site"))
        ),
        current_menu_url=pass_context(current_menu_url),
        page_language=page_language,
        page_direction=page_direction,
        head_links=head_links,
        language_attributes=language_attributes,
        # One site per language (publishing/language_sites.py): the header's switcher, the
        # head's `hreflang` links and `og:locale`.
        language_alternates=pass_context(context_alternates),
        hreflang_links=pass_context(hreflang_links),
        switcher_key=pass_context(switcher_key),
        locale_meta=pass_context(locale_meta),
    )
    env.filters.update(
        date=formatting.date,
        number=number,
        richtext=richtext,
        json_ld=json_ld,
        # The words of stored rich text, read from as much of its start as is needed.
        text_start=text_start,
        # Django's own filters, the same the Django templates used before (truncatechars
        # as Django gives it, faster).
        truncatewords=defaultfilters.truncatewords,
        truncatechars=formatting.truncate_chars,
        linebreaksbr=defaultfilters.linebreaksbr,
        pluralize=defaultfilters.pluralize,
        default_if_none=defaultfilters.default_if_none,
    )
    return env
