"""Content-Security-Policy and Permissions-Policy on every response.

Readers' pages run no script at all: their policy allows scripts, styles, fonts and images
from the site itself only (and from the static and media hosts when those are elsewhere),
no inline script or style, no plugins, no framing, and forms that post only to the site.
JSON-LD blocks (`<script type="application/ld+json">`) are data the browser never runs,
so the policy does not touch them.

The admin gets the same policy with two allowances. Its templates (Django's and ours) use
inline `<style>` blocks, so inline styles are allowed there. The rich-text editor adds an
inline `<script type="importmap">`; it is allowed by its hash, computed from the editor's
own media, so exactly that import map runs and no other inline script does. A nonce would
do the same, but on Django 5.2 form media render without the request, so a nonce cannot
reach the import map without rewriting the admin's templates.

The middleware sits outside the page cache in `MIDDLEWARE`, so a page served from the
cache carries the same headers as the page first rendered.
"""

import base64
import hashlib
import re
from functools import cache, lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

from richtext.fields import RichTextField

# Powerful browser features no page of the site uses. Only features the browsers in use
# recognise: an unknown name makes Chromium log an error on every page.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)

IMPORT_MAP = re.compile(r"<script[^>]*>(.*)</script>", re.DOTALL)


def sources(*urls):
    """'self' plus the origins of `urls` that are on another host (a CDN, object storage)."""
    found = ["'self'"]
    for url in urls:
        parts = urlsplit(str(url or ""))
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in found:
                found.append(origin)
    return " ".join(found)


def common_directives():
    # Code and styles come from the static files only; uploads may be shown, never run.
    code = sources(settings.STATIC_URL)
    return {
        "default-src": "'self'",
        "script-src": code,
        "style-src": code,
        "img-src": f"{sources(settings.STATIC_URL, settings.MEDIA_URL)} data:",
        "font-src": code,
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def policy(directives):
    return "; ".join(f"{name} {value}" for name, value in directives.items())


# The public policy is the same for every request of a process, but costs a cold page as
# much as a query: worked out once, forgotten when settings change (tests), as is the
# admin's address (`admin_path`).
@cache
def public_policy():
    return policy(common_directives())


@cache
def editor_import_map_hash():
    """The CSP source for the rich-text editor's inline import map: the SHA-256 of its
    text, exactly as the admin renders it (static addresses do not change while the
    process runs)."""
    media = RichTextField().formfield().widget.media
    hashes = []
    for tag in media.render_importmap():
        match = IMPORT_MAP.search(str(tag))
        if match:
            digest = hashlib.sha256(match[1].encode()).digest()
            hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return " ".join(hashes)


def admin_policy():
    directives = common_directives()
    directives["script-src"] = f"{directives['script-src']} {editor_import_map_hash()}".strip()
    directives["style-src"] += " 'unsafe-inline'"
    directives["img-src"] += " blob:"
    return policy(directives)


@lru_cache(maxsize=16)
def admin_path(urlconf):
    """Where the admin is, below the URL prefix ("/admin/"), or None for a site without
    it. Not under a language's prefix, so the same for every request of a process: each
    response asks, and the language and prefix are thread- and task-local reads."""
    try:
        path = reverse("admin:index", urlconf=urlconf)
    except Exception:  # noqa: BLE001 - a site without the admin has no admin policy
        return None
    return "/" + path.removeprefix(get_script_prefix())


@receiver(setting_changed)
def _forget_policy(**kwargs):
    public_policy.cache_clear()
    admin_path.cache_clear()


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = admin_path(getattr(request, "urlconf", None) or settings.ROOT_URLCONF)
        in_admin = admin is not None and request.path_info.startswith(admin)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = admin_policy() if in_admin else public_policy()
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
