"""The admin's date drill-down, for lists of many items (`admin/placard/change_list.html`)."""

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import Max, Min
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def date_hierarchy_by_range(cl):
    """Django's date drill-down, except on its first level: the years from the oldest item
    to the newest of the whole list, read from the ends of the date's index instead of
    from every row, also while a search or a filter narrows the list (which would make
    the database find every match again). A year with nothing in it, or nothing that
    matches, leads to an empty list."""
    field = cl.date_hierarchy
    if any(name.startswith(f"{field}__") for name in cl.params):
        return date_hierarchy(cl)
    ends = cl.root_queryset.aggregate(first=Min(field), last=Max(field))
    if ends["first"] is None:
        return {"show": False}
    first, last = timezone.localtime(ends["first"]), timezone.localtime(ends["last"])
    if first.year == last.year:
        return date_hierarchy(cl)  # the months of that one year
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": cl.get_query_string({f"{field}__year": year}, [f"{field}__"]), "title": year}
            for year in range(first.year, last.year + 1)
        ],
    }
