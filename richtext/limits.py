"""How big and how deeply nested rich text may be, checked before the sanitiser runs.

An HTML parser walks its stack of open elements for every block it opens, so the
sanitiser's time grows with the square of the nesting depth: a 160 KB body of lists
nested 40,000 deep took 20 s to clean. Real articles nest a few levels, so text nested
deeper than `PLACARD_RICHTEXT_MAX_DEPTH` or longer than `PLACARD_RICHTEXT_MAX_BYTES` is
refused before it reaches the parser.

`nesting_depth` is one linear pass over the tags, following the HTML5 rules that decide
depth (quoted attributes, comments, omitted end tags, tables, SVG). It errs towards
counting more: it closes an element only on an end tag the parser surely honours, and
where a comment may be text (inside `<style>` or `<svg>`) it counts the opening tags in
it and ignores the closing ones. Contrived markup can still make a parser nest deeper
than the scan counts, so the number of opening tags is bounded too (`MAX_TAGS`): that
caps the sanitiser's time at about a second whatever the markup.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta "
    "param source track wbr".split()
)
# Elements whose content the parser reads as text (with scripting on, as nh3's does).
# They stay on the stack here, so a closing tag written inside them can't close anything
# outside them.
RAW_TEXT = frozenset(
    "script style xmp iframe noembed noframes noscript textarea title plaintext".split()
)
FOREIGN_ROOTS = frozenset({"svg", "math"})
# Inside <svg>/<math>, children of these are HTML again.
INTEGRATION_POINTS = frozenset("foreignobject desc title mi mo mn ms mtext annotation-xml".split())
# Opening one of these inside <svg>/<math> leaves the foreign content.
BREAKOUT = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i "
    "img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table "
    "tt u ul var".split()
)
# Elements whose end tag may be left out: a later tag closes them.
IMPLIED_END = frozenset("p li dt dd option optgroup rb rp rt rtc".split())
# Opening one of these closes a paragraph left open.
CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 "
    "h5 h6 pre listing form hr xmp li dd dt".split()
)

# Any text this many tags long is refused, however it nests (the sanitiser's worst case
# at this count is about a second; long real articles have a few thousand).
MAX_TAGS = 20_000
_TAG_START = re.compile(r"<[A-Za-z]")

_SPACE = "\t\n\f\r "
_VALUE = rf"""(?>[{_SPACE}]*=[{_SPACE}]*(?>"[^"]*(?:"|\Z)|'[^']*(?:'|\Z)|[^{_SPACE}>]*))"""
# One piece of a tag after its name: a run of spaces and slashes, or an attribute.
_ATTRIBUTE = rf"(?>[{_SPACE}/]+|(?P<attribute>[^{_SPACE}/>][^{_SPACE}/=>]*){_VALUE}?)"
_TAG = re.compile(
    rf"<(?P<closing>/?)(?P<name>[A-Za-z][^{_SPACE}/>]*)(?P<attributes>(?:{_ATTRIBUTE})*)(?P<end>>?)"
)
_ATTRIBUTES = re.compile(_ATTRIBUTE)
_COMMENT = re.compile(r"<!--(?:-?>|.*?--!?>|.*\Z)", re.DOTALL)
_CDATA = re.compile(r"<!\[CDATA\[.*?(?:\]\]>|\Z)", re.DOTALL)
_BOGUS_COMMENT = re.compile(r"<(?:[!?]|/[^A-Za-z>])[^>]*>?")


# A table cell or row the text opens without its row or body gets them from the parser.
IMPLIED_PARENTS = {"td": 2, "th": 2, "tr": 1, "col": 1}


class _OpenElements:
    """The elements open at a point of the text, deepest last."""

    def __init__(self):
        self.stack = []  # (name, is_foreign, levels)
        self.depth = 0  # levels, counting the parents a parser adds to table cells
        self.unsure = 0  # raw-text or foreign elements open: a comment may not be one

    def top(self):
        return self.stack[-1] if self.stack else ("", False, 0)

    def in_foreign_content(self):
        name, foreign, _levels = self.top()
        return foreign and name not in INTEGRATION_POINTS

    def push(self, name, foreign):
        levels = 1 + IMPLIED_PARENTS.get(name, 0)
        self.stack.append((name, foreign, levels))
        self.depth += levels
        self.unsure += name in RAW_TEXT or foreign

    def pop(self, count=1):
        for _popped in range(count):
            name, foreign, levels = self.stack.pop()
            self.depth -= levels
            self.unsure -= name in RAW_TEXT or foreign

    def open(self, name, attributes):
        """Open `name` as a parser would (close what it implies, leave foreign content);
        return the depth it reaches."""
        foreign = self.in_foreign_content()
        if foreign and (name in BREAKOUT or (name == "font" and _font_breaks_out(attributes))):
            while self.in_foreign_content():
                self.pop()
            foreign = False
        foreign = foreign or name in FOREIGN_ROOTS
        if foreign:
            if _self_closing(attributes):  # <path/> closes itself only in SVG/MathML
                return self.depth + 1
            self.push(name, True)
            return self.depth
        if name in VOID:
            return self.depth + 1 + IMPLIED_PARENTS.get(name, 0)
        if self.top()[:2] == ("p", False) and name in CLOSES_P:
            self.pop()
        top, top_foreign, _levels = self.top()
        if not top_foreign and (
            (top == "li" and name == "li")
            or (top in ("dt", "dd") and name in ("dt", "dd"))
            or (top == "option" and name in ("option", "optgroup"))
        ):
            self.pop()
        self.push(name, False)
        return self.depth

    def close(self, name):
        """Close `name` where a parser surely would.

        In foreign content an end tag closes the nearest foreign element of its name.
        Otherwise only the current element closes (skipping those whose end tag may be
        left out): a parser ignores a stray end tag in many places (in a table cell, in a
        select box), so closing less is the safe way to err.
        """
        index = len(self.stack) - 1
        while index >= 0 and self.stack[index][1]:
            if self.stack[index][0] == name:
                self.pop(len(self.stack) - index)
                return
            index -= 1
        index = len(self.stack) - 1
        while index >= 0 and self.stack[index][0] in IMPLIED_END and self.stack[index][0] != name:
            index -= 1
        if index >= 0 and self.stack[index][:2] == (name, False):
            self.pop(len(self.stack) - index)


def nesting_depth(html, stop_above=None):
    """The deepest nesting of elements in `html`, never less than a parser would build.

    Stops counting as soon as the depth passes `stop_above`.
    """
    elements = _OpenElements()
    deepest = 0
    position = 0
    blind_until = 0  # before this offset tags may be text: count openings, not closings
    while (start := html.find("<", position)) != -1:
        tag = _TAG.match(html, start)
        if tag is None:
            if html.startswith("<!--", start):
                comment_end = _COMMENT.match(html, start).end()
                if elements.unsure:
                    blind_until = max(blind_until, comment_end)
                    position = start + 4
                else:
                    position = comment_end
            elif html.startswith("<![CDATA[", start) and elements.in_foreign_content():
                position = _CDATA.match(html, start).end()
            elif bogus := _BOGUS_COMMENT.match(html, start):
                position = bogus.end()
            else:
                position = start + 1
            continue
        closing, name, attributes, ended = tag.group("closing", "name", "attributes", "end")
        if not ended:
            break  # A tag cut off by the end of the text: the parser drops it and stops.
        position = tag.end()
        name = name.lower()
        if closing:
            if start >= blind_until:
                elements.close(name)
            if name in ("p", "br"):  # A stray </p> or </br> makes an empty element.
                deepest = max(deepest, elements.depth + 1)
            continue
        deepest = max(deepest, elements.open("img" if name == "image" else name, attributes))
        if stop_above is not None and deepest > stop_above:
            break
    return deepest


def _self_closing(attributes):
    """Whether a tag ends in "/>" (a slash inside an unquoted value doesn't count)."""
    pieces = list(_ATTRIBUTES.finditer(attributes))
    return bool(pieces) and pieces[-1]["attribute"] is None and pieces[-1][0].endswith("/")


def _font_breaks_out(attributes):
    names = {
        piece["attribute"].lower()
        for piece in _ATTRIBUTES.finditer(attributes)
        if piece["attribute"] is not None
    }
    return bool(names & {"color", "face", "size"})


def check_rich_text(html):
    """Raise a ValidationError if `html` is too large or nested too deeply to clean."""
    if not html:
        return
    text = str(html)
    max_bytes = settings.PLACARD_RICHTEXT_MAX_BYTES
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ValidationError(
            _(
                "This text is too long: %(size)s KB of HTML, and the limit is %(limit)s KB. "
                "Please split it into several items or shorten it."
            )
            % {"size": -(-size // 1024), "limit": max_bytes // 1024},
            code="rich_text_too_long",
        )
    tag_starts = [match.start() for match in _TAG_START.finditer(text)]
    # Past the tag limit, only the text up to it is scanned: enough to say which limit
    # it passes, without a long scan of a long hostile text.
    scanned = text if len(tag_starts) <= MAX_TAGS else text[: tag_starts[MAX_TAGS]]
    max_depth = settings.PLACARD_RICHTEXT_MAX_DEPTH
    if nesting_depth(scanned, stop_above=max_depth) > max_depth:
        raise ValidationError(
            _(
                "This text is nested too deeply (more than %(limit)s levels of lists, quotes "
                "or formatting inside each other). Please simplify its structure."
            )
            % {"limit": max_depth},
            code="rich_text_too_deep",
        )
    if len(tag_starts) > MAX_TAGS:
        raise ValidationError(
            _(
                "This text has too much formatting (more than %(limit)s tags). Please split "
                "it into several items or simplify it."
            )
            % {"limit": f"{MAX_TAGS:,}"},
            code="rich_text_too_many_tags",
        )


def within_limits(html):
    try:
        check_rich_text(html)
    except ValidationError:
        return False
    return True
