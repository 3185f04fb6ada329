"""The allowlist every stored body is cleaned against, and the functions that clean it.

`sanitize_html` cleans text on its way into the database; `sanitize_for_output` cleans it
again on its way to a reader, remembering what it cleaned so that the same stored text
is cleaned once per process instead of on every page and feed request.
"""

import hashlib
import re
import threading
from collections import OrderedDict

import nh3
from django.utils.html import escape

from .limits import within_limits

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "s", "h2", "h3", "h4", "ul", "ol", "li",
    "blockquote", "hr", "a", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style", "svg", "math", "iframe", "object", "template"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(html):
    """Return `html` reduced to the allowlist: no scripts, handlers, styles or unsafe URLs."""
    if not html:
        return ""
    cleaned = _cleaner.clean(str(html)).strip()
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
