"""What link previews, search engines and home screens show for the site: its logo, the
picture a shared page without its own image gets, and the icons.

The static pictures (`static/img/`, `static/favicon.ico`) are drawn from the site's mark
(`static/favicon.svg`: a red placard on its pole) by `python -m publishing.sharing`; the
logo chosen in the site settings takes their place where one is set.
"""

import json
from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from markupsafe import Markup, escape

from pagecache.versions import per_request

from .links import absolute, static_url

ACCENT = (0xA3, 0x14, 0x1C)  # --accent in site.css, the mark's colour
WASH = (0xF4, 0xF2, 0xEE)  # --wash: the light background behind the mark

STATIC_LOGO = ("img/logo-512.png", 512, 512)
STATIC_SHARE_IMAGE = ("img/share-default.png", 1200, 630)
# Large enough for the big preview card (X asks for at least 300 × 157).
LARGE_MIN_WIDTH, LARGE_MIN_HEIGHT = 300, 157
LOGO_MAX_WIDTH = 600
SHARE_MAX_WIDTH = 1200


def _library_version(image, max_width):
    """(url, width, height) of the widest rendition of the whole `image` at most
    `max_width` across; the uploaded file itself until renditions exist."""
    renditions = image.renditions or {}
    widths = sorted(int(w) for w in renditions if int(w) <= max_width)
    if not widths:
        return image.file.url, image.width, image.height
    chosen = widths[-1]
    height = max(1, round(image.height * chosen / image.width)) if image.width else chosen
    return image.file.storage.url(renditions[str(chosen)]["src"]), chosen, height


def _site():
    from .models import SiteSettings  # here, so that drawing the pictures needs no setup

    return SiteSettings.load()


def _settings_logo(site):
    logo = site.logo
    return logo if logo is not None and logo.file else None


def site_logo(request, site=None):
    """The organisation's logo: the one chosen in the site settings (a rendition at most
    600 pixels wide), else the site's mark. Returns dict(url, width, height), url absolute.
    `site`: the SiteSettings record when the caller has it (saves reading it again)."""
    logo = _settings_logo(site if site is not None else _site())
    if logo is not None:
        url, width, height = _library_version(logo, LOGO_MAX_WIDTH)
    else:
        path, width, height = STATIC_LOGO
        url = static_url(path)
    return {"url": absolute(request, url), "width": width, "height": height}


def default_share_image(request, site=None):
    """The picture a shared page without its own shows: the settings' logo when set, else
    the site's mark on a 1200 × 630 card. Returns dict(url, width, height, alt).

    Worked out once per request: the page's meta tags, its X card and its JSON-LD all
    name it."""
    if request is None:
        return _default_share_image(request, site)
    return per_request("default-share-image", lambda: _default_share_image(request, site))


def _default_share_image(request, site):
    site = site if site is not None else _site()
    logo = _settings_logo(site)
    if logo is not None:
        url, width, height = _library_version(logo, SHARE_MAX_WIDTH)
    else:
        path, width, height = STATIC_SHARE_IMAGE
        url = static_url(path)
    return {
        "url": absolute(request, url),
        "width": width,
        "height": height,
        "alt": f"{site.name} logo",
    }


def is_large(image):
    """Whether `image` (a dict as above) is big enough for the large preview card."""
    return image["width"] >= LARGE_MIN_WIDTH and image["height"] >= LARGE_MIN_HEIGHT


def image_meta_tags(image):
    """Open Graph and X meta tags for `image` (a dict as `default_share_image` gives)."""
    url, alt = escape(image["url"]), escape(image["alt"])
    width, height = escape(image["width"]), escape(image["height"])
    return Markup(
        f'<meta property="og:image" content="{url}">\n'
        f'<meta property="og:image:width" content="{width}">\n'
        f'<meta property="og:image:height" content="{height}">\n'
        f'<meta property="og:image:alt" content="{alt}">\n'
        f'<meta name="twitter:image" content="{url}">\n'
        f'<meta name="twitter:image:alt" content="{alt}">'
    )


def default_share_meta(request, site=None):
    """The meta tags of the site's default share picture, for pages without their own."""
    return image_meta_tags(default_share_image(request, site))


def default_twitter_card(request, site=None):
    """The X card type for a page showing the default picture."""
    return "summary_large_image" if is_large(default_share_image(request, site)) else "summary"


def locale_meta(context):
    """`og:locale` of the page (its item's language, else the page's), in Open Graph's
    "es_ES" form, and `og:locale:alternate` for each language it is published in besides."""
    from django.utils import translation

    from .language_sites import context_alternates, og_locale

    item = context.get("object")
    language = getattr(item, "language", None) or translation.get_language() or "en"
    own = og_locale(language)
    tags = [f'<meta property="og:locale" content="{escape(own)}">']
    for entry in context_alternates(context):
        if entry.translated and not entry.current and entry.og_locale != own:
            tags.append(
                f'<meta property="og:locale:alternate" content="{escape(entry.og_locale)}">'
            )
    return Markup("\n".join(tags))


# The icon and the web app manifest --------------------------------------------------------


@cache
def _favicon_bytes():
    found = finders.find("favicon.ico")
    if not found:
        return None
    with open(found, "rb") as icon:
        return icon.read()


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin's) and
    which feed readers and bookmarks look for: the mark at 16, 32 and 48 pixels."""
    data = _favicon_bytes()
    if data is None:
        raise Http404("No favicon.ico among the static files.")
    return HttpResponse(data, content_type="image/x-icon")


def manifest_data(site):
    """The web app manifest of the site (what a phone's "add to home screen" shows)."""
    name = site.name or "Placard"
    data = {
        "name": name,
        "short_name": name if len(name) <= 12 else name[:12].rstrip(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": "#a3141c",
        "background_color": "#f4f2ee",
        "icons": [
            {"src": static_url("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static_url("img/logo-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static_url("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    if site.tagline:
        data["description"] = site.tagline
    return data


@require_GET
@cache_control(max_age=3600, public=True)
def web_manifest(request):
    body = json.dumps(manifest_data(_site()), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/manifest+json")


# Drawing the static pictures -------------------------------------------------------------


def draw_mark(size, background=WASH, scale=0.8):
    """The mark of favicon.svg (a 32-unit square: sign 24 × 16 at (4, 3), pole 4 × 11 at
    (14, 19)) drawn `scale` of a `size` × `size` square, centred, on `background`
    (None: transparent)."""
    from PIL import Image, ImageDraw

    mode, fill = ("RGBA", (0, 0, 0, 0)) if background is None else ("RGB", background)
    canvas = Image.new(mode, (size, size), fill)
    draw = ImageDraw.Draw(canvas)
    unit = size * scale / 32
    offset = (size - 32 * unit) / 2

    def box(x, y, w, h):
        return [offset + x * unit, offset + y * unit, offset + (x + w) * unit - 1,
                offset + (y + h) * unit - 1]  # fmt: skip

    draw.rounded_rectangle(box(4, 3, 24, 16), radius=max(1, round(2 * unit)), fill=ACCENT)
    draw.rectangle(box(14, 19, 4, 11), fill=ACCENT)
    return canvas


def draw_share_card(width=1200, height=630):
    """The mark, 420 pixels high, in the middle of a light `width` × `height` card."""
    from PIL import Image

    card = Image.new("RGB", (width, height), WASH)
    mark = draw_mark(height, background=WASH, scale=0.7)
    card.paste(mark, ((width - height) // 2, 0))
    return card


def write_static_pictures(folder):
    """Write the logo, share card, icons and favicon.ico into the `folder` of static files."""
    from pathlib import Path

    from PIL import Image

    folder = Path(folder)
    (folder / "img").mkdir(exist_ok=True)

    def save_png(picture, name):
        # Few colours: a palette PNG of a few hundred bytes.
        picture.convert("RGB").quantize(colors=16, dither=Image.Dither.NONE).save(
            folder / "img" / name, optimize=True
        )

    save_png(draw_share_card(), "share-default.png")
    save_png(draw_mark(512), "logo-512.png")
    save_png(draw_mark(192), "icon-192.png")
    save_png(draw_mark(512, scale=0.7), "icon-maskable-512.png")
    save_png(draw_mark(180, scale=0.75), "apple-touch-icon.png")
    draw_mark(32, background=None, scale=1).save(folder / "img" / "icon-32.png", optimize=True)
    draw_mark(48, background=None, scale=1).save(
        folder / "favicon.ico", format="ICO", sizes=[(16, 16), (32, 32), (48, 48)]
    )


if __name__ == "__main__":  # pragma: no cover - run by hand after changing the mark
    import sys
    from pathlib import Path

    default = Path(__file__).resolve().parent.parent / "static"
    write_static_pictures(sys.argv[1] if len(sys.argv) > 1 else default)
