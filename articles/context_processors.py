"""Navigation shared by every public page."""

from .models import Section


def navigation(request):
    # A lazy QuerySet: only pages whose templates show the menu run the query.
    return {"nav_sections": Section.objects.only("name", "slug", "order")}
