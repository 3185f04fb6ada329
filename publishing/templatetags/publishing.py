"""JSON-LD blocks for public pages (a filter, also offered to the Jinja templates)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def json_ld(data):
    """A `<script type="application/ld+json">` block that cannot break out of itself."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Three replaces cost a quarter of one translate() with a table.
    payload = payload.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
