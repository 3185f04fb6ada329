"""The words of stored rich text, for descriptions and search snippets.

Stored rich text is sanitised markup (see `richtext.sanitizer`), so regular expressions are
enough to take its words out, far cheaper than an HTML parser. Block elements end a run of
text: their tags become line breaks, so that paragraphs, list items and headings never run
together ("look.What happened"); inline ones (<strong>, <a>) vanish, so that a word split
by them stays whole.

A page shows a few hundred characters of a text that is often tens of kilobytes, so the
words are read from a start of the markup where that is enough (`markup_start`): the
text of such a start is the start of the whole text, as no tag or entity is ever cut
there (the sanitiser escapes `<` and `>` inside attribute values).
"""

import html
import re

BLOCK_TAGS = (
    "address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|figcaption|figure|"
    "footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|"
    "thead|tr|ul"
)
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
BLOCK = re.compile(rf"</?(?:{BLOCK_TAGS})(?![\w-]){_ATTRIBUTES}>", re.IGNORECASE)
TAG = re.compile(rf"<{_ATTRIBUTES}>")


def raw_text(markup):
    """The text of `markup`: blocks on lines of their own, entities decoded, white space
    as it was."""
    return html.unescape(TAG.sub("", BLOCK.sub("\n", markup or "")))


def words_of(markup):
    """The text of `markup` with its white space made single spaces."""
    return " ".join(raw_text(markup).split())


def markup_start(markup, position):
    """`markup` up to the first tag that starts at `position` or after it (all of it if
    none does): its text is the start of the whole text."""
    cut = markup.find("<", position)
    return markup if cut < 0 else markup[:cut]


def text_start(markup, length):
    """The text of `markup` (as `words_of` gives it), or a start of that text longer
    than `length` characters, read from as little of the markup as gives it: what a
    description cut to `length` characters needs."""
    markup = markup or ""
    reach = 4 * max(int(length), 1)
    while True:
        start = markup_start(markup, reach)
        text = words_of(start)
        if len(start) == len(markup) or len(text) > length:
            return text
        reach *= 4
