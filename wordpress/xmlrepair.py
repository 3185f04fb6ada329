"""The bytes of a WordPress export, made parseable: characters XML forbids are marked.

WordPress writes post content into CDATA sections as it finds it in the database, so real
exports carry control characters pasted from word processors (vertical tab, backspace, …),
lone UTF-16 surrogates stored by MySQL as three bytes (ED A0 80), stray bytes that are not
UTF-8, and numeric references to forbidden characters (``&#xD800;``, ``&#1;``). Expat
rejects each of these as "not well-formed", which would refuse a whole export for one bad
character. `RepairingReader` sits between the file and the parser and replaces each such
character with `MARK`, a Unicode noncharacter that XML allows; the reader in `wxr.py`
turns every `MARK` into U+FFFD after parsing, where it knows the post and field to report.

Every replacement keeps the line structure intact, so the parser's line numbers still
point into the original file. The output is always UTF-8: a file declared in another
encoding is decoded from it and its XML declaration rewritten to say UTF-8.
"""

import codecs
import re

# A noncharacter: valid XML, never meaningful in interchanged text, so it can carry the
# news "a character was replaced here" through the parser.
MARK = "\ufdd0"
_MARK_REF = "&#xFDD0;"
_ERRORS = "placard-wxr-mark"
_CHUNK = 1 << 16
_HEAD = 1024

# Characters XML 1.0 forbids even inside CDATA (tab, newline and CR are allowed).
_FORBIDDEN_RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORBIDDEN_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_CHAR_REF = re.compile(r"&#(?:x([0-9a-fA-F]+)|([0-9]+));")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)""")
_CDATA_OPEN = "<![CDATA["
_CDATA_CLOSE = "]]>"


def _mark_undecodable(error):
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data, start = error.object, error.start
    # A lone surrogate that MySQL/PHP stored as UTF-8 bytes is one character: one mark,
    # not three.
    if (
        error.encoding in ("utf-8", "utf8")
        and data[start] == 0xED
        and len(data) >= start + 3
        and 0xA0 <= data[start + 1] <= 0xBF
        and 0x80 <= data[start + 2] <= 0xBF
    ):
        return MARK, start + 3
    return MARK, error.end


codecs.register_error(_ERRORS, _mark_undecodable)


def _is_xml_char(code):
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _is_forbidden_reference(match):
    hex_digits, digits = match.groups()
    # Past 7 significant digits (or 6 in hex) a reference is beyond U+10FFFF, and a
    # long enough run of decimal digits is more than int() reads.
    if len((hex_digits or digits).lstrip("0")) > (6 if hex_digits else 7):
        return True
    return not _is_xml_char(int(hex_digits, 16) if hex_digits else int(digits))


def _has_forbidden_bytes(data):
    """A quick byte-level look, for the common case of a chunk with nothing to repair."""
    return (
        len(data.translate(None, _FORBIDDEN_BYTES)) != len(data)
        or b"\xef\xbf\xbe" in data  # U+FFFE
        or b"\xef\xbf\xbf" in data  # U+FFFF
    )


def _utf8_cut(data):
    """Where to cut `data` so that no UTF-8 sequence (or encoded surrogate) is split."""
    cut = len(data)
    while cut > 0 and len(data) - cut < 3 and 0x80 <= data[cut - 1] <= 0xBF:
        cut -= 1
    if cut > 0 and data[cut - 1] >= 0xC0:
        cut -= 1
    return cut


def _detect_encoding(head):
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return encoding
    match = _DECLARED_ENCODING.match(head)
    return match.group(1).decode("ascii") if match else "utf-8"


class UnknownEncoding(LookupError):
    """The XML declaration names an encoding Python does not know."""


class RepairingReader:
    """A binary file object over `raw` that yields parseable UTF-8 (see module docstring)."""

    def __init__(self, raw):
        self._raw = raw
        self._started = False
        self._utf8 = True
        self._decoder = None
        self._pending = b""  # bytes of an unfinished UTF-8 sequence
        self._tail = ""  # text that may be the start of a reference or a CDATA marker
        self._in_cdata = False
        self._done = False

    def read(self, size=-1):
        # The parser reads until it gets b"", so an empty round (everything held back
        # as pending) must read on rather than answer b"" early.
        while not self._done:
            out = self._next()
            if out:
                return out
        return b""

    def _next(self):
        raw = self._raw.read(_CHUNK)
        if isinstance(raw, str):
            raise TypeError("open the WordPress export in binary mode ('rb')")
        if not self._started:
            # Enough of the head to see the byte-order mark and the XML declaration.
            while raw and len(raw) < _HEAD:
                more = self._raw.read(_HEAD)
                if not more:
                    break
                raw += more
        final = not raw
        if not self._started:
            self._start(raw)
        if self._utf8:
            data = self._pending + raw
            cut = len(data) if final else _utf8_cut(data)
            self._pending = data[cut:]
            text = str(data[:cut], "utf-8", _ERRORS)
        else:
            text = self._decoder.decode(raw, final)
        if not self._started:
            self._started = True
            text = text.removeprefix("\ufeff")
            if not self._utf8:
                text = _DECLARATION.sub(r"\1UTF-8", text, count=1)
        if not self._utf8 or _has_forbidden_bytes(data):
            text = _FORBIDDEN_RAW.sub(MARK, text)
        text = self._references_outside_cdata(self._tail + text, final)
        self._done = final
        return text.encode("utf-8")

    def _start(self, head):
        encoding = _detect_encoding(head)
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise UnknownEncoding(encoding) from None
        self._utf8 = info.name == "utf-8"
        if not self._utf8:
            self._decoder = info.incrementaldecoder(errors=_ERRORS)

    def _references_outside_cdata(self, text, final):
        """Mark references to forbidden characters, except in CDATA, where '&#1;' is text.

        The end of `text` that could be a marker or reference cut by the chunk boundary
        is kept back for the next round."""
        cut = len(text) if final else _safe_cut(text)
        text, self._tail = text[:cut], text[cut:]
        if "&#" in text:
            parts, done = [], 0
            for match in _CHAR_REF.finditer(text):
                if _is_forbidden_reference(match) and not self._cdata_at(text, match.start()):
                    parts += (text[done : match.start()], _MARK_REF)
                    done = match.end()
            if parts:
                text = "".join(parts) + text[done:]
        self._in_cdata = self._cdata_at(text, len(text))
        return text

    def _cdata_at(self, text, pos):
        """Whether `pos` in `text` lies inside a CDATA section.

        The last marker before `pos` decides: after an opening (real, or text within an
        open section) we are inside; after a "]]>" (a close, or text in an attribute
        value, outside anyway) we are outside; with neither, the state `text` began in."""
        opening = text.rfind(_CDATA_OPEN, 0, pos)
        closing = text.rfind(_CDATA_CLOSE, 0, pos)
        if opening == closing == -1:
            return self._in_cdata
        return opening > closing


def _safe_cut(text):
    """Where to cut `text` so that no CDATA marker or character reference runs across.

    One look each is enough: after a move the cut sits on a "<", "]" or "&", which no
    other marker or reference can run across."""
    cut = max(0, len(text) - len(_CDATA_OPEN))
    for marker in (_CDATA_OPEN, _CDATA_CLOSE):
        found = text.find(marker, max(0, cut - len(marker) + 1), cut + len(marker) - 1)
        if -1 < found < cut:
            cut = found
    # A reference has no "&" inside, so only the last one can run across the cut.
    amp = text.rfind("&", max(0, cut - 40), cut)
    if amp != -1 and ";" not in text[amp:cut]:
        cut = amp
    return cut
