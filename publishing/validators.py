"""Invisible characters: refused in what editors and signers type, dropped from what
readers send in a URL and from what feeds and calendars write.

Control characters (U+0000–U+001F, U+007F) show nothing on a page but break what the site
publishes: XML 1.0 (RSS, Atom, sitemaps) has no place for them, iCalendar text may not
hold them, and PostgreSQL refuses a NUL in any text. They arrive pasted from word
processors and spreadsheets, or on purpose. A one-line field (a title, a name, a link)
refuses all of them, and the Unicode line and paragraph separators too; a text of several
lines (a standfirst) keeps its tabs and line breaks.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ONE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
# Tab, line feed and carriage return (browsers send a textarea's line breaks as CR LF).
SEVERAL_LINES_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def no_control_characters(value):
    """For one-line fields: no line break, tab or other invisible control character."""
    if ONE_LINE_FORBIDDEN.search(str(value or "")):
        raise ValidationError(
            _(
                "Write this on one line, without line breaks, tabs or invisible control "
                "characters (often pasted from another program)."
            ),
            code="control_characters",
        )


def no_control_characters_in_text(value):
    """For texts of several lines: line breaks and tabs are fine, other control characters
    are not."""
    if SEVERAL_LINES_FORBIDDEN.search(str(value or "")):
        raise ValidationError(
            _(
                "This text contains an invisible control character (often pasted from "
                "another program). Retype the part you pasted, or paste it as plain text."
            ),
            code="control_characters",
        )


def strip_control_characters(text, keep_line_breaks=False):
    """`text` without control characters, for output that must never fail on what was
    stored by code (feeds, calendars). Line breaks become "\\n" when kept, spaces when not;
    tabs and other spacing controls become spaces; the rest are dropped."""
    if not text:
        return text
    text = LINE_BREAKS.sub("\n", str(text))
    if not keep_line_breaks:
        text = text.replace("\n", " ")
    return CONTROL_CHARACTERS.sub(_replacement, text)


def _replacement(match):
    character = match[0]
    if character == "\n":
        return character
    return " " if character.isspace() else ""


def clean_query_text(value, max_length=100):
    """A reader's query parameter (a search, a city) as it may reach the database: without
    control characters (PostgreSQL refuses a NUL in text), trimmed, and shortened to
    `max_length` (None: as long as it is)."""
    return strip_control_characters(value or "").strip()[:max_length]
