"""`{% picture %}`: a library image as a responsive `<picture>`."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def picture(image, alt="", sizes="100vw", loading="lazy", css_class="", crop=""):
    """A `<picture>` with WebP and original-format `srcset`s, width, height and alt.

    `alt` is the text of this use of the image; an empty string marks it decorative.
    `crop` ("3:2", one of PLACARD_RENDITION_CROPS) serves the image cut to that shape
    around its focal point; without it, or before the crop exists, the whole picture.
    """
    if image is None or not image.file:
        return ""
    storage = image.file.storage
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
