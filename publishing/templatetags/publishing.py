"""Template tags shared by every public page: absolute addresses and JSON-LD blocks."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from publishing import formatting

register = template.Library()


@register.filter
def local_date(value, fmt="j F Y"):
    """`value` in the site's time zone, in one of the formats of `publishing.formatting`:
    a cheaper `date` filter for the dates on every card ("iso" for `datetime` attributes)."""
    return formatting.date(value, fmt)


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A `<script type="application/ld+json">` block that cannot break out of itself."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path
