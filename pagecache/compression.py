"""Compressed responses: brotli for clients that ask for it (`Accept-Encoding: br`), else
gzip, else the plain body; static files are whitenoise's (compressed ahead of time).

It sits outside the page cache and `ConditionalGetMiddleware`, so the encoding is chosen
per request from the request's own header: the cache holds one entry per page, never a
body in an encoding some client did not ask for. The page cache stores each page's
encoded bodies beside the plain one when it stores the page (`encoded_bodies`), so a
cache hit is served without compressing anything; only pages the cache does not hold are
compressed per request. Both use quick settings. Measured on a 38 KB page: gzip level 6
takes 0.4 ms and brotli quality 5 about 0.6 ms per request (6.6 and 6.0 KB). Brotli's
best quality, 11, makes pages 12-14% smaller but takes 25 to 100 ms a page (16 KB search
results: 36 ms against 0.6 at quality 6): paid on every miss, and a site whose content
changes misses on every page after each change, and always on unique addresses
(searches, deep pages), that would cost more than rendering the page.

What is compressed: text (HTML, feeds, .ics, the sitemap, JSON) of some size, in
responses that every reader may be given. Never compressed: responses to requests with a
session cookie (staff, the admin), responses that set cookies or vary on them (a CSRF
token), `private` or `no-store` ones, streaming ones (exports and files: no length known,
and nothing to gain for media), and bodies already encoded. Compression lets an attacker
who can both reflect text into a page and watch its size guess a secret on that page
(BREACH); the pages compressed here hold no secret of the reader's, and the ones that do
(the admin, forms with Django's CSRF token, itself masked afresh in every response) are
left as they are.

An encoded body has a weak `ETag` (`W/"…"`), as with Django's `GZipMiddleware`: it is
the same page in other bytes, and `If-None-Match` compares weakly, so a conditional GET
still gets its 304.
"""

import gzip

import brotli
from django.conf import settings
from django.utils.cache import patch_vary_headers

MIN_SIZE = 200  # smaller bodies gain nothing once the headers are counted (as GZipMiddleware)
# Per request: quick settings (the figures above).
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
# Once per stored page, on a cache miss: as quick (see the module docstring). Gzip's
# best level costs little more than its default.
STORED_BROTLI_QUALITY = 6
STORED_GZIP_LEVEL = 9
COMPRESSIBLE_TYPES = frozenset(
    (
        "application/atom+xml",
        "application/javascript",
        "application/json",
        "application/ld+json",
        "application/manifest+json",
        "application/rss+xml",
        "application/xml",
        "image/svg+xml",
    )
)


def compressible_type(content_type):
    media_type = content_type.split(";", 1)[0].strip().lower()
    return (
        media_type.startswith("text/")
        or media_type in COMPRESSIBLE_TYPES
        or media_type.endswith(("+xml", "+json"))
    )


def compressible(response):
    """Whether `response` is a body every reader may be given in an encoding: see the
    module docstring."""
    if response.streaming or response.has_header("Content-Encoding"):
        return False
    if not compressible_type(response.get("Content-Type", "")):
        return False
    if response.cookies or "cookie" in response.get("Vary", "").lower():
        return False
    control = response.get("Cache-Control", "").lower()
    return "private" not in control and "no-store" not in control


def accepted_coding(header):
    """The encoding to send for an `Accept-Encoding` value: "br", "gzip" or None. Codings
    with `q=0` are refused; `*` stands for gzip."""
    weights = {}
    for part in header.split(","):
        coding, _semicolon, params = part.strip().partition(";")
        coding = coding.strip().lower()
        weight = 1.0
        for param in params.split(";"):
            name, _equals, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if coding:
            weights[coding] = weight
    if weights.get("br", 0) > 0:
        return "br"
    if weights.get("gzip", weights.get("*", 0)) > 0:
        return "gzip"
    return None


def compress(body, coding, stored=False):
    if coding == "br":
        quality = STORED_BROTLI_QUALITY if stored else BROTLI_QUALITY
        return brotli.compress(body, mode=brotli.MODE_TEXT, quality=quality)
    level = STORED_GZIP_LEVEL if stored else GZIP_LEVEL
    return gzip.compress(body, compresslevel=level, mtime=0)


def encoded_bodies(response):
    """The encoded bodies of `response` to store beside it ({coding: bytes}); empty if it
    is not to be compressed."""
    if not compressible(response) or len(response.content) < MIN_SIZE:
        return {}
    return {coding: compress(response.content, coding, stored=True) for coding in ("br", "gzip")}


def weak(etag):
    return etag if etag.startswith("W/") else f"W/{etag}"


class CompressionMiddleware:
    """Sends text bodies brotli- or gzip-encoded to clients that accept it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response  # staff: pages with secrets, never compressed (BREACH)
        coding = accepted_coding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if response.status_code == 304:
            # The headers of the body this client would have been sent (the 304 is made
            # inside, from the plain page).
            patch_vary_headers(response, ("Accept-Encoding",))
            if coding and response.has_header("ETag"):
                response["ETag"] = weak(response["ETag"])
            return response
        if not compressible(response) or len(response.content) < MIN_SIZE:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if coding is None:
            return response
        body = getattr(response, "encoded_bodies", {}).get(coding)
        if body is None:
            body = compress(response.content, coding)
        if len(body) >= len(response.content):
            return response
        response.content = body
        response["Content-Length"] = str(len(body))
        response["Content-Encoding"] = coding
        if response.has_header("ETag"):
            response["ETag"] = weak(response["ETag"])
        return response
