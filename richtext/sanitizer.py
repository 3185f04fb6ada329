"""The allowlist every stored body is cleaned against, and the functions that clean it.

`sanitize_html` cleans text on its way into the database; `sanitize_for_output` cleans it
again on its way to a reader, remembering what it cleaned so that the same stored text
is cleaned once per process instead of on every page and feed request.

Figures and images are allowed, but an image only from the site's own media
(`is_own_media`): a body never makes a reader's browser ask another host for anything.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from functools import cache
from html import unescape

import nh3
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import escape

from .limits import within_limits

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "s", "h2", "h3", "h4", "ul", "ol", "li",
    "blockquote", "hr", "a", "sub", "sup", "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "img": {"src", "alt", "width", "height"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Images in a body load the way the site's own pictures do: after the text, off the
# main thread. (Added after cleaning rather than by nh3's set_tag_attribute_values, whose
# attribute order changes from run to run: the same text must clean to the same result.)
IMAGE_LOADING = ' loading="lazy" decoding="async"'
_DIMENSION = re.compile(r"[0-9]{1,5}")


@cache
def own_media_prefixes():
    """Where the site's own media live: MEDIA_URL, and the media storage's own base
    address when it serves from elsewhere (object storage, a CDN)."""
    prefixes = {settings.MEDIA_URL}
    try:
        base = default_storage.url("")
    except Exception:  # a storage that can't name its base adds nothing
        base = ""
    if base.startswith(("https://", "http://", "/")) and base.endswith("/"):
        prefixes.add(base)
    # "/" alone would admit every address on the site and "//host" another host.
    return tuple(p for p in prefixes if p and p != "/" and not p.startswith("//"))


@receiver(setting_changed)
def _forget_media_prefixes(*, setting, **kwargs):
    if setting in {"MEDIA_URL", "STORAGES"}:
        own_media_prefixes.cache_clear()


def is_own_media(url):
    """Whether `url` points into the site's own media, so showing it asks no other host."""
    url = url.strip()
    return "\\" not in url and url.startswith(own_media_prefixes())


def _filter_attribute(element, attribute, value):
    # Public pages make no third-party request: an image shows only from the site's own
    # media; any other source (another host, data:, javascript:) removes the attribute,
    # and `_finish_image` then removes the image.
    if element != "img":
        return value
    if attribute == "src":
        return value.strip() if is_own_media(value) else None
    if attribute in {"width", "height"}:
        return value.strip() if _DIMENSION.fullmatch(value.strip()) else None
    return value


CLEAN_CONTENT_TAGS = {"script", "style", "svg", "math", "iframe", "object", "template"}
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
# Anything shaped like a URL scheme, in text whose character references are decoded.
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*(?=:)", re.IGNORECASE)


def dropped_image_sources(html):
    """The addresses of the images `sanitize_html` would remove from `html` because of
    where they come from (another host, data:, javascript:, a path outside the media),
    in the order they appear, each once.

    A form tells the editor about these rather than losing the picture silently. Found
    by the cleaner's own parser and `_filter_attribute`, so the answer matches what
    cleaning removes: an image inside a removed <script> or <iframe> is not one the
    editor sees, and is not reported.
    """
    if not html or "<img" not in str(html).lower():
        return []
    text = str(html)
    found = []

    def record(element, attribute, value):
        if (
            element == "img"
            and attribute == "src"
            and value.strip()
            and _filter_attribute(element, attribute, value) is None
            and value.strip() not in found
        ):
            found.append(value.strip())
        return value

    # The cleaner removes a src whose scheme it does not allow before the attribute
    # filter sees it; allowing every scheme written in the text lets this one see them.
    schemes = {s.lower() for s in _SCHEME.findall(unescape(text))} | ALLOWED_URL_SCHEMES
    nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes={"img": {"src"}},
        attribute_filter=record,
        url_schemes=schemes,
        strip_comments=True,
    ).clean(text)
    return found


# The cleaner writes every attribute value in double quotes with `"`, `<` and `>`
# escaped, so ` src="` inside an <img ...> can only be the attribute itself.
_IMAGE = re.compile(r"<img(\s[^>]*)?>")


def _finish_image(match):
    attributes = match[1] or ""
    return f"<img{attributes}{IMAGE_LOADING}>" if ' src="' in attributes else ""


def sanitize_html(html):
    """Return `html` reduced to the allowlist: no scripts, handlers, styles or unsafe URLs,
    and images only from the site's own media."""
    if not html:
        return ""
    cleaned = _cleaner.clean(str(html))
    if "<img" in cleaned:
        cleaned = _IMAGE.sub(_finish_image, cleaned)
    cleaned = cleaned.strip()
    # The editor leaves a lone empty paragraph in an emptied field.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


class CleanedTextMemo:
    """What the sanitiser made of recently shown texts, keyed by a hash of the text.

    Bounded by the total length of the texts it holds, least recently used first out.
    The key is a cryptographic hash of the whole text, so a text shown after any change,
    however small, is cleaned afresh.
    """

    def __init__(self, max_chars):
        self.max_chars = max_chars
        self._entries = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(text):
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def get(self, key):
        with self._lock:
            cleaned = self._entries.get(key)
            if cleaned is not None:
                self._entries.move_to_end(key)
            return cleaned

    def put(self, key, cleaned):
        if len(cleaned) > self.max_chars:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = cleaned
            self._chars += len(cleaned)
            while self._chars > self.max_chars:
                _key, dropped = self._entries.popitem(last=False)
                self._chars -= len(dropped)

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._chars = 0


# 16 million characters of cleaned text per process (16 to 64 MB): the bodies of all of
# a large site's recently read pages.
output_memo = CleanedTextMemo(max_chars=16 * 1024 * 1024)

_TAG = re.compile(r"<[^>]*>?")


def sanitize_for_output(html):
    """`html` cleaned against the allowlist for a reader's page or a feed.

    The same text is cleaned once per process and then served from `output_memo`. Text
    beyond the rich-text limits (stored before they existed, or never saved through the
    field) is not parsed at all: it is shown as escaped plain text.
    """
    if not html:
        return ""
    text = str(html)
    key = output_memo.key(text)
    cleaned = output_memo.get(key)
    if cleaned is None:
        if within_limits(text):
            cleaned = sanitize_html(text)
        else:
            cleaned = f"<p>{escape(_TAG.sub(' ', text).strip())}</p>"
        output_memo.put(key, cleaned)
    return cleaned
