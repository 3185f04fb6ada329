"""Old WordPress addresses and the new ones: how an old address is keyed (for links in
content and for the redirects of `LegacyAddress`), and slugs planned before anything is
written, so that a link to an item further down the export already has its target."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from publishing.slugs import slug_from_title

# WordPress's own query addresses, as they are looked up: `?p=123` and the like.
QUERY_KEYS = ("p", "page_id", "cat", "attachment_id")
# The digits of the largest id WordPress's tables hold (unsigned 64-bit).
ID_DIGITS = 20
# A resized copy WordPress made of an upload: "photo-300x200.jpg" for "photo.jpg", and
# "photo-scaled.jpg", the original scaled down on upload (WordPress 5.3 and later).
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled)(?=\.[A-Za-z0-9]+$)")


def path_key(path):
    """The form an old path is stored and looked up in: decoded, lowercase, with a
    leading and no trailing slash ("/2019/03/14/a-slug"); "/" for the home page."""
    path = unquote(path or "").strip()
    return "/" + path.strip("/").lower()


def query_key(name, value):
    return f"?{name}={value}"


def numeric_id(value):
    """`value` as a WordPress id, or None: ASCII digits only ("²" is a digit to Python
    but no number), and no more of them than an id has (int() refuses thousands)."""
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) <= ID_DIGITS:
        return int(value)
    return None


def query_keys_of(url):
    """The `?p=N`-style keys a URL carries (its query), in QUERY_KEYS order."""
    query = parse_qs(urlsplit(url).query)
    found = []
    for name in QUERY_KEYS:
        value = numeric_id((query.get(name) or [""])[0])
        if value is not None:
            found.append(query_key(name, value))
    return found


def original_upload_key(path):
    """The key of the upload a resized copy's path was made from."""
    return path_key(SIZE_SUFFIX.sub("", unquote(path or "")))


def wordpress_slug(slug):
    """WordPress keeps slugs outside ASCII percent-encoded ("%d0%bc%d0%b8%d1%80")."""
    return unquote(slug or "")


class SlugPlanner:
    """Hands out slugs no other row (nor an earlier planned one) uses: "join", "join-2"..."""

    def __init__(self, taken=(), reserved=(), max_length=200, fallback="item"):
        self.taken = set(taken) | set(reserved)
        self.max_length = max_length
        self.fallback = fallback

    def plan(self, wanted, title):
        base = slug_from_title(
            wordpress_slug(wanted) or title, max_length=self.max_length - 6, fallback=self.fallback
        )
        slug = base
        counter = 2
        # A slug of digits alone is refused, as `publishing.slugs.unique_slug` does.
        while slug in self.taken or slug.isdigit():
            slug = f"{base}-{counter}"
            counter += 1
        self.taken.add(slug)
        return slug


class AddressBook:
    """Where each imported WordPress item (and category, tag) lives now, by its old id and
    its old address: answers `content.convert`'s `address_for`."""

    def __init__(self, hosts=()):
        self.hosts = {host.lower() for host in hosts if host}
        self.by_key = {}  # path key or query key -> new address

    def add_host(self, url):
        host = urlsplit(url or "").netloc.lower()
        if host:
            self.hosts.add(host)

    def add(self, keys, address):
        for key in keys:
            if key and key != "/":
                self.by_key[key] = address

    def is_local(self, url):
        parts = urlsplit(url)
        return not parts.netloc or parts.netloc.lower() in self.hosts

    def address_for(self, url):
        """The new address of a link to an old item, or None to leave the link alone."""
        if not url or url.startswith(("#", "mailto:", "tel:")):
            return None
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme not in ("", "http", "https") or not self.is_local(url):
            return None
        if not parts.netloc and not parts.path.startswith("/") and not parts.query:
            return None  # relative to a page we cannot know
        found = None
        for key in query_keys_of(url):
            found = self.by_key.get(key)
            if found:
                break
        if found is None and parts.path not in ("", "/"):
            found = self.by_key.get(path_key(parts.path))
        if found is None:
            return None
        return f"{found}#{parts.fragment}" if parts.fragment else found
