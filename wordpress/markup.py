"""Reading WordPress markup without an HTML parser: tags and their attributes, elements
found by their start and end tags, shortcode attributes, and paragraphs made from classic
line breaks (`autop`).

Every scan here is linear in the length of the text, whatever the text: an export is
untrusted input, and a tag, comment or element left open must not make a pattern search
from every position to the end.
"""

import html
import re

# Block-level elements: paragraphs never wrap them, and line breaks next to them are
# layout, not text (the list WordPress's own paragraph filter works from).
BLOCKS = (
    "address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|legend|li|main|map|menu|nav|ol|"
    "p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
# Blocks that hold other blocks: text directly inside one becomes a paragraph, or it would
# run into its neighbours once the sanitiser has removed the container (div, table cells).
CONTAINERS = frozenset(
    "article aside blockquote caption dd details div fieldset footer form header main nav "
    "section td th".split()
)
# The attributes of a tag. A "<" outside quotes ends the attempt, so that a tag left open
# (`<img <img <img ...`) costs a scan to the next "<", not to the end of the text.
ATTRS = r"""(?:[^<>"']|"[^"]*"|'[^']*')*"""
_BLOCK_OPEN = re.compile(rf"<(?:{BLOCKS})(?![\w-]){ATTRS}>", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"</(?:{BLOCKS})\s*>", re.IGNORECASE)
_LEADING_OPEN = re.compile(rf"<({BLOCKS})(?![\w-]){ATTRS}>", re.IGNORECASE)
_HR = re.compile(rf"<hr(?![\w-]){ATTRS}>", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

# A tag with a line break between its attributes (not inside a quoted value).
_TAG_WITH_NEWLINE = re.compile(rf"""<[A-Za-z/](?:[^>"'\n]|"[^"]*"|'[^']*')*\n{ATTRS}>""")

# A piece of markup kept out of the paragraph maker stands in the text as this token,
# which `autop` leaves alone, until it is put back.
TOKEN = "\ue000placard-{}\ue001"
TOKEN_PATTERN = re.compile("\ue000placard-(\\d+)\ue001")

_SHORTCODE_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)"""
    r"""|"([^"]*)"|'([^']*)'|(\S+)"""
)
_HTML_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_TAG_NAME = re.compile(r"<[^\s/>]*")


def element_pattern(name):
    """The start and end tag patterns of the element `name`, for `element_spans`."""
    opening = re.compile(rf"<{name}(?![\w-]){ATTRS}>", re.IGNORECASE)
    return opening, re.compile(rf"</{name}\s*>", re.IGNORECASE)


def element_spans(text, opening, closing, start=0, end=None):
    """(outer, inner) spans of the elements `opening`...`closing` in `text[start:end]`.
    When one has no end tag, none after it has one either: the search stops there, so
    the cost stays one pass over the text."""
    end = len(text) if end is None else end
    while (found := opening.search(text, start, end)) is not None:
        close = closing.search(text, found.end(), end)
        if close is None:
            return
        yield (found.start(), close.end()), (found.end(), close.start())
        start = close.end()


def replace_elements(text, opening, closing, replace):
    """`text` with each element `replace(text, outer, inner)`d (see `element_spans`)."""
    pieces = []
    position = 0
    for outer, inner in element_spans(text, opening, closing):
        pieces.append(text[position : outer[0]])
        pieces.append(replace(text, outer, inner))
        position = outer[1]
    pieces.append(text[position:])
    return "".join(pieces)


def tag_before(text, end, pattern):
    """The tag matching `pattern` that ends right before `end` (spaces aside), and its start."""
    while end and text[end - 1].isspace():
        end -= 1
    if end and text[end - 1] == ">":
        start = text.rfind("<", 0, end)
        if start >= 0 and pattern.fullmatch(text, start, end):
            return text[start:end], start
    return "", None


def html_attributes(tag):
    """The attributes of one HTML start tag, names lowercased, values unescaped."""
    name = _TAG_NAME.match(tag)
    body = tag[name.end() if name else 0 :].rstrip(">").rstrip("/")
    attrs = {}
    for match in _HTML_ATTR.finditer(body):
        name = match[1].lower()
        value = next((v for v in match.groups()[1:] if v is not None), "")
        attrs.setdefault(name, html.unescape(value))
    return attrs


def shortcode_attributes(text):
    """A shortcode's attributes as WordPress reads them: `name="value"`, `name='value'`,
    `name=value`, and bare values under their position (0, 1, ...)."""
    attrs = {}
    position = 0
    # WordPress reads non-breaking and zero-width spaces in shortcodes as spaces.
    text = re.sub(r"[\u00a0\u200b]", " ", text)
    for match in _SHORTCODE_ATTR.finditer(text):
        named = match[1] or match[3] or match[5]
        if named:
            value = next(v for v in (match[2], match[4], match[6]) if v is not None)
            attrs[named.lower()] = html.unescape(value)
        else:
            value = next(v for v in (match[7], match[8], match[9]) if v is not None)
            attrs[position] = html.unescape(value)
            position += 1
    return attrs


def autop(text):
    """Paragraphs from classic text, as WordPress makes them: a blank line ends a
    paragraph, a single line break is a `<br>`, and neither applies next to or around
    block-level elements. Preformatted text must already be taken out."""
    if not text.strip():
        return ""
    if "\n" in text:
        # A line break inside a tag (long attributes) is not one in the text.
        text = _TAG_WITH_NEWLINE.sub(lambda m: m[0].replace("\n", " "), text)
    text = _BLOCK_OPEN.sub("\n\n\\g<0>", text)
    text = _BLOCK_CLOSE.sub("\\g<0>\n\n", text)
    text = _HR.sub("\\g<0>\n\n", text)
    # Two <br>s in a row are a paragraph break written as markup.
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    chunks = []
    for chunk in _PARAGRAPH_BREAK.split(text.strip()):
        chunk = chunk.strip()
        if chunk:
            chunks.append(_paragraph(chunk))
    return "\n".join(chunks)


def _paragraph(chunk):
    if TOKEN_PATTERN.fullmatch(chunk):
        return chunk
    opening = ""
    container = False
    leading = _LEADING_OPEN.match(chunk)
    if leading:
        opening = leading[0]
        container = leading[1].lower() in CONTAINERS
        chunk = chunk[leading.end() :]
    elif chunk.startswith("</") and _BLOCK_CLOSE.fullmatch(chunk):
        return chunk
    # autop ends a chunk after every block's end tag, so a chunk holds at most one, last.
    closing = ""
    if chunk.endswith(">"):
        start = chunk.rfind("</")
        if start >= 0 and _BLOCK_CLOSE.fullmatch(chunk, start):
            closing = chunk[start:]
            chunk = chunk[:start]
    inline = chunk.strip()
    if "\n" in inline:
        lines = inline.split("\n")
        if "<br" in inline or "<BR" in inline:
            lines = [_without_end_break(line) for line in lines]
        inline = "<br>\n".join(line.strip(" \t") for line in lines)
    if leading and leading[1].lower() == "p" and not closing.lower().startswith("</p"):
        # A paragraph a block inside it cut short (an image lifted into a figure).
        closing = "</p>" + closing
    elif inline and not leading and closing.lower().startswith("</p"):
        # The rest of such a paragraph, after the block.
        inline = f"<p>{inline}"
    elif inline and (container or not leading):
        inline = f"<p>{inline}</p>"
    return f"{opening}{inline}{closing}"


def _without_end_break(line):
    # A line's own <br> at its end: the line break about to be made stands for it.
    line = line.strip(" \t")
    tail = line[-6:].lower()
    for br in ("<br />", "<br/>", "<br>"):
        if tail.endswith(br):
            return line[: -len(br)].rstrip(" \t")
    return line
