"""Template tags shared by every public page: responsive images, rich text, JSON-LD."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from site_config import page_cache
from site_config.richtext import sanitize_html

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def richtext(value):
    """Output stored rich text, sanitised once more on the way out."""
    return mark_safe(sanitize_html(value))  # noqa: S308 - cleaned against the allowlist


@register.filter
def json_ld(data):
    """A `<script type="application/ld+json">` block that cannot break out of itself."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag
def picture(image, alt="", sizes="100vw", loading="lazy", css_class=""):
    """A `<picture>` with WebP and original-format `srcset`s, width, height and alt.

    `alt` is the text of this use of the image; an empty string marks it decorative.
    """
    if image is None or not image.file:
        return ""
    storage = image.file.storage
    renditions = image.renditions or {}
    widths = sorted(renditions, key=int)
    fetch = "high" if loading == "eager" else "auto"
    if not widths:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" loading="{}" decoding="async"'
            ' fetchpriority="{}" class="{}">',
            image.file.url, alt, image.width, image.height, loading, fetch, css_class,
        )  # fmt: skip

    def srcset(key):
        return ", ".join(f"{storage.url(renditions[w][key])} {w}w" for w in widths)

    default = next((w for w in widths if int(w) >= 800), widths[-1])
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" loading="{}"'
        ' decoding="async" fetchpriority="{}" class="{}"></picture>',
        srcset("webp"), sizes, storage.url(renditions[default]["src"]), srcset("src"), sizes,
        alt, image.width, image.height, loading, fetch, css_class,
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.simple_tag
def byline(authors):
    """Author names as links, joined the way a reader says them: "A, B and C"."""
    links = [format_html('<a href="{}">{}</a>', a.get_absolute_url(), a.name) for a in authors]
    if len(links) <= 1:
        return links[0] if links else ""
    return format_html(
        "{} and {}", format_html_join(", ", "{}", ((link,) for link in links[:-1])), links[-1]
    )


class FragmentNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        if not settings.PLACARD_FRAGMENT_CACHE:
            return self.nodelist.render(context)
        parts = "|".join(str(value.resolve(context)) for value in self.vary_on)
        html = page_cache.remember("fragment", parts, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - rendered by our own templates


@register.tag
def fragment(parser, token):
    """`{% fragment "name" value ... %}…{% endfragment %}`: cache what it encloses.

    Kept under the content version like whole pages (see `site_config.page_cache`), so it
    is fresh after any change and never outlives the next scheduled publish. Querysets
    used only inside are never evaluated on a hit, so a hit also saves their queries.
    """
    vary_on = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, vary_on)
