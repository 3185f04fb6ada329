"""Navigation shared by every public page."""

from site_config import page_cache

from .models import Section


def sections():
    """All sections in menu order, read once per content version from the cache."""
    return page_cache.remember(
        "sections", "menu", lambda: list(Section.objects.only("name", "slug", "order"))
    )


def navigation(request):
    # A callable: templates that show the menu call it; others never touch the cache.
    return {"nav_sections": sections}
