"""Navigation shared by every public page."""

from site_config import page_cache

from .models import Section


def sections():
    """All sections in menu order, read once per content version from the cache."""
    key = f"articles:sections:{page_cache.content_version()}"
    listed = page_cache.safe(page_cache.cache.get, key)
    if listed is None:
        listed = list(Section.objects.only("name", "slug", "order", "description"))
        page_cache.safe(page_cache.cache.set, key, listed, 3600)
    return listed


def navigation(request):
    # A callable: templates that show the menu call it; others never touch the cache.
    return {"nav_sections": sections}
