"""`{% menu_links "header" as entries %}`: a menu as readers see it."""

from django import template

from pagecache.versions import remember

from ..models import reader_menus

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_links(context, location):
    """The entries of the menu at `location` that readers may follow ({"label", "url"}
    each). All menus are read together, once per content version (fresh after any edit,
    and never older than the next scheduled publish, so an entry to a scheduled page
    appears by itself), and once per request when the cache cannot keep them."""
    request = context.get("request")
    menus = getattr(request, "_reader_menus", None)
    if menus is None:
        menus = remember("menus", "all", reader_menus)
        if request is not None:
            request._reader_menus = menus
    return menus.get(location, [])
