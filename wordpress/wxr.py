"""Reading a WordPress export (WXR 1.0, 1.1, 1.2) as a stream of plain objects.

`read()` yields a `Site`, then `Author`, `Term` and `Item` objects in document order.
It parses with defusedxml's iterparse and clears every element once read, so memory does
not grow with the size of the export. Nothing here touches the database.

The file is untrusted: entity declarations (bombs, external entities) are refused, and a
malformed file is refused with its line. A refusal is a `WxrError` raised in the middle of
iteration, after whatever came before the fault has been yielded — so an importer reads
the whole file once to validate it (or collects what it reads) before it writes anything.

Text is kept as written, including right-to-left marks, emoji and every script; only lone
surrogates and control characters (other than tab, newline and carriage return) are
replaced with U+FFFD, and each repair is reported through `on_fix` (see `xmlrepair.py`
for how characters the XML parser itself would reject get this far).
"""

import os
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pyexpat import ErrorString
from xml.etree.ElementTree import TreeBuilder
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError, iterparse

from .xmlrepair import MARK, RepairingReader, UnknownEncoding

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")


class WxrError(Exception):
    """Refusal of the whole file; str() is a clear message naming the file (and line)."""


@dataclass
class TextFix:
    """Characters replaced with U+FFFD in one field (lone surrogates, control characters)."""

    post_id: int | None  # None for channel-level text (site title, terms, authors)
    field: str  # "title", "content", "excerpt", "term name", "meta _EventVenueID", ...
    count: int


@dataclass
class Site:
    wxr_version: str
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    language: str = ""


@dataclass
class Author:
    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    taxonomy: str  # "category" | "post_tag" | any other taxonomy as given
    term_id: int | None
    slug: str
    name: str
    parent_slug: str = ""  # "" for a top-level term
    description: str = ""


@dataclass
class Item:
    post_id: int
    post_type: str  # "post", "page", "attachment", "tribe_events", ... (anything)
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""  # author login
    content: str = ""  # raw, as WordPress stored it
    excerpt: str = ""
    status: str = "draft"
    post_date: datetime | None = None  # aware, UTC
    modified: datetime | None = None  # aware, UTC
    slug: str = ""
    parent_id: int = 0
    menu_order: int = 0
    is_sticky: bool = False
    # (taxonomy, slug, name) from <category domain=… nicename=…>; the slug is "" only for a
    # WXR 1.0 category given by name alone.
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    attachment_url: str = ""


def read(source, *, time_zone=None, on_fix=None) -> Iterator[Site | Author | Term | Item]:
    """Stream the WXR file `source` (a path, or a file object opened in binary mode).

    Yields the `Site` first (once the channel's header is read: at the first author, term
    or item), then `Author`, `Term` and `Item` objects in document order; comments on
    posts are skipped. Raises `WxrError` for malformed XML (with the line),
    a missing or unknown `wxr_version`, entity declarations and external entities —
    before yielding anything that comes after the fault, but after what came before it:
    read the whole file before writing anything.

    Dates without a GMT value (drafts carry "0000-00-00 00:00:00") are read in
    `time_zone`: a zoneinfo key or a tzinfo; by default Django's settings.TIME_ZONE.
    `on_fix(TextFix)` is called once per field in which characters were replaced.
    """
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
    else:
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else "the export"
    return _Reader(name, _zone(time_zone), on_fix).objects(source)


def _zone(time_zone) -> tzinfo:
    if isinstance(time_zone, tzinfo):
        return time_zone
    if time_zone is None:
        from django.conf import settings

        time_zone = settings.TIME_ZONE
    try:
        return ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {time_zone!r}") from None


# Namespaces are matched by family, not exact URI: exports say http:// or https://, and
# each WXR version has its own URI. An unknown export/x.y/ still counts as "wp" so that
# its wxr_version is read and refused by number rather than reported as missing.
_FAMILIES = (
    ("excerpt", re.compile(r"https?://wordpress\.org/export/\d+\.\d+/excerpt/?$")),
    ("wp", re.compile(r"https?://wordpress\.org/export/\d+\.\d+/?$")),
    ("content", re.compile(r"https?://purl\.org/rss/1\.0/modules/content/?$")),
    ("dc", re.compile(r"https?://purl\.org/dc/elements/1\.1/?$")),
)
_BODY = {"wp:author": "author", "wp:category": "term", "wp:tag": "term", "wp:term": "term"}
_BODY["item"] = "item"
_HEADER = {
    "title": "title",
    "link": "link",
    "language": "language",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
_REPLACE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + MARK + "]")
_ZERO_DATE = "0000-00-00"
_INTEGER = re.compile("-?[0-9]{1,19}")  # ASCII digits only: int() reads "²" and "٣" too
_LARGEST = 2**63 - 1  # what a big integer column holds


class _LineRecorder(TreeBuilder):
    """The tree builder, noting the line where each element of the channel starts.

    iterparse hands over events only after a whole chunk is parsed, when the parser's
    position is far ahead; the builder is called while the parser is at the element."""

    def __init__(self):
        super().__init__()
        self.expat = None
        self.depth = 0
        self.lines = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.depth += 1
        if self.depth <= 3:
            self.lines[id(element)] = self.expat.CurrentLineNumber
        return element

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


class _Reader:
    def __init__(self, name, zone, on_fix):
        self.name = name
        self.zone = zone
        self.on_fix = on_fix
        self.names = {}
        self.lines = {}
        self.expat = None

    def objects(self, source):
        with ExitStack() as stack:
            if isinstance(source, (str, os.PathLike)):
                try:
                    source = stack.enter_context(open(source, "rb"))
                except OSError as error:
                    raise WxrError(
                        f"{self.name}: cannot read the file ({error.strerror})"
                    ) from None
            builder = _LineRecorder()
            parser = DefusedXMLParser(target=builder, forbid_entities=True, forbid_external=True)
            builder.expat = self.expat = parser.parser
            self.lines = builder.lines
            events = iterparse(RepairingReader(source), ("start", "end"), parser=parser)
            try:
                yield from self._walk(events)
            except ParseError as error:
                line = error.position[0]
                reason = ErrorString(error.code)
                raise WxrError(
                    f"{self.name}, line {line}: not well-formed XML ({reason})"
                ) from None
            except DefusedXmlException as error:
                raise WxrError(self._refusal(error)) from None
            except UnknownEncoding as error:
                raise WxrError(f"{self.name}: unknown character encoding {error}") from None

    def _refusal(self, error):
        where = f"{self.name}, line {self.expat.CurrentLineNumber}"
        if isinstance(error, EntitiesForbidden):
            target = f" pointing to {error.sysid}" if error.sysid else ""
            return (
                f"{where}: refused: the file declares XML entities (“{error.name}”{target}); "
                "WordPress exports never do, and entities are how entity-expansion bombs and "
                "external-file reads work."
            )
        if isinstance(error, ExternalReferenceForbidden):
            return (
                f"{where}: refused: the file refers to an external resource ({error.sysid}); "
                "WordPress exports never do."
            )
        return f"{where}: refused: the file uses an unsafe XML feature ({error})."

    def _tag(self, tag):
        try:
            return self.names[tag]
        except KeyError:
            pass
        if tag[:1] == "{":
            uri, local = tag[1:].split("}", 1)
            family = next((f for f, pattern in _FAMILIES if pattern.match(uri)), "?")
            name = f"{family}:{local}"
        else:
            name = tag
        self.names[tag] = name
        return name

    def _walk(self, events):
        depth = 0
        root = outer = channel = parent = None
        header = {}
        site_sent = False
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    root = element
                elif depth == 2:
                    outer = element
                    channel = element if self._tag(element.tag) == "channel" else None
                elif depth == 3:
                    parent = element
                    if channel is not None and not site_sent:
                        kind = _BODY.get(self._tag(element.tag))
                        if kind:
                            yield self._site(header, element)
                            site_sent = True
                continue

            name = self._tag(element.tag)
            if depth == 4 and name == "wp:comment":
                parent.remove(element)  # comments are not imported: drop them at once
            elif depth == 3:
                if channel is not None:
                    found = self._channel_child(name, element, header)
                    if found is not None:
                        yield found
                outer.remove(element)
                self.lines.pop(id(element), None)
                element.clear()
            elif depth == 2:
                if channel is not None and not site_sent:
                    yield self._site(header, None)
                    site_sent = True
                root.remove(element)
                element.clear()
            depth -= 1
        if not site_sent:
            raise WxrError(f"{self.name}: no wxr_version — is this a WordPress export?")

    def _line(self, element):
        return f"{self.name}, line {self.lines.get(id(element), '?')}"

    def _site(self, header, first):
        if "wxr_version" not in header:
            if first is None:
                where = f"{self.name}: no wxr_version"
            else:
                where = f"{self._line(first)}: no wxr_version before <{self._tag(first.tag)}>"
            raise WxrError(f"{where} — is this a WordPress export?")
        return Site(
            wxr_version=header["wxr_version"],
            **{
                key: self._text(header.get(key, ""), None, f"site {key}")
                for key in _HEADER.values()
            },
        )

    def _channel_child(self, name, element, header):
        if name == "wp:wxr_version":
            version = (element.text or "").strip()
            if version not in SUPPORTED_VERSIONS:
                raise WxrError(
                    f"{self._line(element)}: unsupported wxr_version “{version}” (this importer "
                    f"reads WordPress exports of version {', '.join(SUPPORTED_VERSIONS)})"
                )
            header["wxr_version"] = version
        elif name in _HEADER:
            header[_HEADER[name]] = (element.text or "").strip()
        elif name in _BODY:  # the Site, checked, went out when this element started
            kind = _BODY[name]
            if kind == "item":
                return self._item(element)
            if kind == "author":
                return self._author(element)
            return self._term(name, element)
        return None

    # -- building the objects ----------------------------------------------------------

    def _text(self, text, post_id, field_name):
        """`text` with forbidden characters replaced, the repair reported."""
        if not text:
            return ""
        # Most text is ASCII, which str knows without looking; C0 controls were marked
        # before parsing, so in ASCII text only DEL can be left to replace.
        if text.isascii() and "\x7f" not in text or _REPLACE.search(text) is None:
            return text
        text, count = _REPLACE.subn("\ufffd", text)
        if self.on_fix is not None:
            self.on_fix(TextFix(post_id=post_id, field=field_name, count=count))
        return text

    def _fields(self, element):
        return {self._tag(child.tag): child.text or "" for child in element}

    def _int(self, value, element, what, default=None, minimum=-_LARGEST):
        """`value` as a whole number of ASCII digits that a database column holds."""
        value = value.strip()
        if not value and default is not None:
            return default
        if _INTEGER.fullmatch(value) and minimum <= int(value) <= _LARGEST:
            return int(value)
        shown = value if len(value) <= 30 else value[:29] + "…"
        raise WxrError(f"{self._line(element)}: {what} is not a number (“{shown}”)")

    def _author(self, element):
        fields = self._fields(element)

        def text(key):
            return self._text(fields.get(f"wp:author_{key}", "").strip(), None, f"author {key}")

        return Author(
            login=text("login"),
            display_name=text("display_name"),
            email=text("email"),
            first_name=text("first_name"),
            last_name=text("last_name"),
        )

    def _term(self, name, element):
        fields = self._fields(element)
        if name == "wp:category":
            taxonomy = "category"
            keys = ("category_nicename", "cat_name", "category_parent", "category_description")
        elif name == "wp:tag":
            taxonomy = "post_tag"
            keys = ("tag_slug", "tag_name", "", "tag_description")
        else:
            taxonomy = fields.get("wp:term_taxonomy", "").strip()
            keys = ("term_slug", "term_name", "term_parent", "term_description")
        slug, term_name, parent, description = (
            fields.get(f"wp:{key}", "") if key else "" for key in keys
        )
        term_id = fields.get("wp:term_id", "").strip()
        return Term(
            taxonomy=self._text(taxonomy, None, "term taxonomy"),
            term_id=self._int(term_id, element, "term_id", minimum=0) if term_id else None,
            slug=self._text(slug.strip(), None, "term slug"),
            name=self._text(term_name, None, "term name"),
            parent_slug=self._text(parent.strip(), None, "term parent"),
            description=self._text(description, None, "term description"),
        )

    def _item(self, element):
        fields = {}
        terms = []
        meta = {}
        for child in element:
            name = self._tag(child.tag)
            if name == "category":
                # WXR 1.0 says "tag" for post_tag, and has no domain on categories.
                domain = child.get("domain") or "category"
                taxonomy = "post_tag" if domain == "tag" else domain
                terms.append((taxonomy, child.get("nicename", "").strip(), child.text or ""))
            elif name == "wp:postmeta":
                entry = self._fields(child)
                meta[entry.get("wp:meta_key", "")] = entry.get("wp:meta_value", "")
            elif name != "wp:comment":
                fields[name] = child.text or ""
        # WXR 1.0 repeats each term without its slug: keep such an entry only when no
        # entry with a slug names the same term.
        with_slug = {(taxonomy, name) for taxonomy, slug, name in terms if slug}
        terms = [term for term in dict.fromkeys(terms) if term[1] or term[::2] not in with_slug]

        raw_id = fields.get("wp:post_id", "").strip()
        if not raw_id:
            raise WxrError(f"{self._line(element)}: an item without wp:post_id")
        post_id = self._int(raw_id, element, "wp:post_id", minimum=0)

        def text(key, field_name, strip=False):
            value = fields.get(key, "")
            return self._text(value.strip() if strip else value, post_id, field_name)

        return Item(
            post_id=post_id,
            post_type=text("wp:post_type", "post type", strip=True) or "post",
            title=text("title", "title"),
            link=text("link", "link", strip=True),
            guid=text("guid", "guid", strip=True),
            creator=text("dc:creator", "creator", strip=True),
            content=text("content:encoded", "content"),
            excerpt=text("excerpt:encoded", "excerpt"),
            status=text("wp:status", "status", strip=True) or "draft",
            post_date=self._date(fields, "wp:post_date", element),
            modified=self._date(fields, "wp:post_modified", element),
            slug=text("wp:post_name", "slug", strip=True),
            parent_id=self._int(fields.get("wp:post_parent", ""), element, "wp:post_parent", 0),
            menu_order=self._int(fields.get("wp:menu_order", ""), element, "wp:menu_order", 0),
            is_sticky=fields.get("wp:is_sticky", "").strip() == "1",
            terms=[
                (
                    self._text(taxonomy, post_id, "term taxonomy"),
                    self._text(slug, post_id, "term slug"),
                    self._text(term_name, post_id, "term name"),
                )
                for taxonomy, slug, term_name in terms
            ],
            meta={
                self._text(key, post_id, "meta key"): self._text(value, post_id, f"meta {key}")
                for key, value in meta.items()
            },
            attachment_url=text("wp:attachment_url", "attachment url", strip=True),
        )

    def _date(self, fields, key, element):
        """`key`_gmt read as UTC; failing that, `key` read in the site's time zone."""
        for name, zone in ((f"{key}_gmt", UTC), (key, self.zone)):
            value = fields.get(name, "").strip()
            if not value or value.startswith(_ZERO_DATE):
                continue
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise WxrError(f"{self._line(element)}: {name} is not a date (“{value}”)") from None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zone)
            return moment.astimezone(UTC)
        return None
