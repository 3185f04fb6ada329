"""`{% menu_links "header" as entries %}`: a menu as readers see it;
`{% current_menu_url as here %}`: the address of the page shown, when a menu links to it."""

from django import template

from pagecache.versions import remember

from ..apps import MENUS_PART
from ..models import reader_menus

register = template.Library()


def _reader_menus(request):
    """All menus are read together, once per version of the menus' part of the site (fresh
    after an edit of what they show, and never older than the next scheduled publish, so
    an entry to a scheduled page appears by itself), and once per request when the cache
    cannot keep them."""
    menus = getattr(request, "_reader_menus", None)
    if menus is None:
        menus = remember("menus", "all", reader_menus, scope=MENUS_PART)
        if request is not None:
            request._reader_menus = menus
    return menus


@register.simple_tag(takes_context=True)
def menu_links(context, location):
    """The entries of the menu at `location` that readers may follow ({"label", "url"}
    each)."""
    return _reader_menus(context.get("request")).get(location, [])


@register.simple_tag(takes_context=True)
def current_menu_url(context):
    """The path of the page being shown if a menu entry links to it, else "".

    Menus mark that entry as the current page. Cached headers and footers vary by this
    value: one copy per page that a menu names, never one per address a reader types."""
    request = context.get("request")
    if request is None:
        return ""
    menus = _reader_menus(request)
    linked = {entry["url"] for entries in menus.values() for entry in entries}
    return request.path if request.path in linked else ""
