"""`{% picture %}`: a library image as a responsive `<picture>`; `{% share_image_meta %}`:
the picture that link previews show."""

from django import template
from django.utils.functional import LazyObject, empty
from django.utils.html import format_html
from markupsafe import Markup, escape

from publishing.links import absolute

register = template.Library()

# Link previews show a wide picture about 1200 pixels across; the 3:2 crop keeps the focal
# point in frame where the preview's own cut (around the middle) might lose it.
SHARE_CROP = "3:2"
SHARE_WIDTH = 1200


def unwrapped(storage):
    """The storage itself rather than the lazy stand-in Django gives fields: a picture asks
    it for a dozen addresses, and each question through the stand-in costs as much again."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


@register.simple_tag
def picture(image, alt="", sizes="100vw", loading="lazy", css_class="", crop=""):
    """A `<picture>` with WebP and original-format `srcset`s, width, height and alt.

    `alt` is the text of this use of the image; an empty string marks it decorative.
    `crop` ("3:2", one of PLACARD_RENDITION_CROPS) serves the image cut to that shape
    around its focal point; without it, or before the crop exists, the whole picture.
    """
    if image is None or not image.file:
        return ""
    storage = unwrapped(image.file.storage)
    renditions = image.renditions or {}
    width, height = image.width, image.height
    cropped = (image.crops or {}).get(crop) if crop else None
    if cropped and cropped.get("renditions"):
        renditions, width, height = cropped["renditions"], cropped["width"], cropped["height"]
    widths = sorted(renditions, key=int)
    fetch = "high" if loading == "eager" else "auto"
    if not widths:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" loading="{}" decoding="async"'
            ' fetchpriority="{}" class="{}">',
            image.file.url, alt, width, height, loading, fetch, css_class,
        )  # fmt: skip

    def srcset(key):
        return ", ".join(f"{storage.url(renditions[w][key])} {w}w" for w in widths)

    default = next((w for w in widths if int(w) >= 800), widths[-1])
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" loading="{}"'
        ' decoding="async" fetchpriority="{}" class="{}"></picture>',
        srcset("webp"), sizes, storage.url(renditions[default]["src"]), srcset("src"), sizes,
        alt, width, height, loading, fetch, css_class,
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def share_image_meta(context, image, alt=""):
    """Open Graph and Twitter meta tags for `image` in link previews: its 3:2 crop around
    the focal point, at most 1200 pixels wide; the whole picture until the crop exists."""
    if image is None or not image.file:
        return ""
    url, width, height = image.file.url, image.width, image.height
    crop = (image.crops or {}).get(SHARE_CROP) or {}
    widths = sorted(map(int, crop.get("renditions") or {}))
    if widths:
        chosen = max((w for w in widths if w <= SHARE_WIDTH), default=widths[0])
        url = image.file.storage.url(crop["renditions"][str(chosen)]["src"])
        width, height = chosen, max(1, round(crop["height"] * chosen / crop["width"]))
    request = context.get("request")
    if request is not None:
        url = absolute(request, url)
    url = escape(url)
    tags = (
        f'<meta property="og:image" content="{url}">\n'
        f'<meta property="og:image:width" content="{escape(width)}">\n'
        f'<meta property="og:image:height" content="{escape(height)}">\n'
        f'<meta name="twitter:image" content="{url}">'
    )
    if alt:
        alt = escape(alt)
        tags += (
            f'\n<meta property="og:image:alt" content="{alt}">\n'
            f'<meta name="twitter:image:alt" content="{alt}">'
        )
    return Markup(tags)
