"""WordPress post content turned into Placard rich text.

`convert()` takes the raw `content:encoded` of an exported post, in either of the shapes
WordPress stores: classic text (paragraphs left as blank lines, shortcodes) or block
editor markup (HTML between `<!-- wp:name {...} -->` comments). It removes the block
comments, makes paragraphs from classic line breaks, turns shortcodes and media into what
Placard shows (figures of library images, plain links instead of players, because public
pages make no third-party requests), points links at the items' new addresses, and ends
with the sanitiser every other save path uses.

Everything here works on the text with regular expressions and `str.find` (see
`markup`), not a DOM: the importer converts thousands of posts, and the sanitiser parses
the result properly once at the end anyway.
"""

import html
import json
import re
from dataclasses import dataclass

from django.conf import settings

from richtext.limits import MAX_TAGS, check_rich_text
from richtext.sanitizer import sanitize_html

from .addresses import numeric_id
from .markup import (
    ATTRS,
    TOKEN,
    TOKEN_PATTERN,
    autop,
    element_pattern,
    element_spans,
    html_attributes,
    replace_elements,
    shortcode_attributes,
    tag_before,
)


@dataclass
class ImageRef:
    """A library image as a body shows it: `url` of its rendition or file in Placard."""

    url: str
    alt: str
    width: int
    height: int
    # The attachment's own caption, shown under the image in a gallery.
    caption: str = ""


# A block delimiter, matched against one whole comment: `<!-- wp:name {json} -->`,
# `<!-- /wp:name -->`, `<!-- wp:name /-->`.
_BLOCK_DELIMITER = re.compile(
    r"<!--\s*(?P<closing>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)"
    r"\s*(?P<json>\{.*\})?\s*(?P<void>/)?-->",
    re.DOTALL,
)
# The blocks replaced whole, from their markup and attributes.
MEDIA_BLOCKS = re.compile(r"(?:core-)?embed(?:/[\w-]+)?|video|audio|image|gallery")


_PRE = element_pattern("pre")
_HIDDEN = [element_pattern(name) for name in ("script", "style", "textarea")]
_MEDIA_ELEMENTS = [element_pattern(name) for name in ("video", "audio")]
_FIGCAPTION_ELEMENT = element_pattern("figcaption")
# [[name]] is WordPress's escape for a shortcode written out as text.
_SHORTCODE_NAMES = "caption|wp_caption|gallery|embed|video|audio"
_SHORTCODE = re.compile(
    rf"\[\[(?P<escaped>(?:{_SHORTCODE_NAMES})(?![\w-])[^\[\]]*)\]\]"
    rf"|\[(?P<name>{_SHORTCODE_NAMES})(?![\w-])(?P<attrs>[^\[\]]*)\]"
)
# A link's attributes up to its href, attribute by attribute (so that "href=" inside
# another attribute's value, or a "data-href", is not taken for it), and the href's value.
_HREF = re.compile(
    r"""\A(?P<before>(?:[\s/]*(?!href\s*=)[^\s"'>/=]++"""
    r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]++))?)*+)"""
    r"""[\s/]*href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""",
    re.IGNORECASE,
)
_IMG = re.compile(rf"<img(?![\w-]){ATTRS}>", re.IGNORECASE)
_A_OPEN = re.compile(rf"<a(?![\w-]){ATTRS}>", re.IGNORECASE)
_A_CLOSE = re.compile(r"\s*</a\s*>", re.IGNORECASE)
_FIGURE_OPEN = re.compile(rf"<figure(?![\w-]){ATTRS}>", re.IGNORECASE)
_SOURCE = re.compile(rf"<source(?![\w-])({ATTRS})>", re.IGNORECASE)
_LINK = re.compile(rf"<a(?![\w-])({ATTRS})>", re.IGNORECASE)
_ATTACHMENT_ID = re.compile(r"attachment_(\d+)")
_IMAGE_CLASS_ID = re.compile(r"(?:^|\s)wp-image-(\d+)(?:\s|$)")
_URL = re.compile(r"https?://[^\s<>\"'\[\]]+")
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"'\[\]]+)[ \t]*$", re.MULTILINE)
# Links to an image's own file or attachment page only enlarge it: the figure drops them.
_IMAGE_LINK = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)(?:[?#]|$)|[?&]attachment_id=|/attachment/",
    re.IGNORECASE,
)
VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac")
_PLAYABLE = re.compile(r"https?://[^\s]|/[^/\\]", re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
_BLANK_LINES = re.compile(r">[ \t]*\n\s*\n\s*<")
_FIGURE_PARTS = re.compile(r"</?figure>|<figcaption>|</figcaption>|<img\s")


def convert(raw, *, image_for=None, address_for=None, attachments=()):
    """WordPress post content -> Placard rich text, already through
    `richtext.sanitizer.sanitize_html` and so safe to store.

    `image_for(key)` -> `ImageRef | None`, key an attachment id (int) or an old image
    address (str); None means the image was not imported: it is dropped and its caption
    (or alt text) kept as text. `address_for(url)` -> the new address of a link to an old
    item, or None to leave the link as it is. `attachments` are the ids of the images
    attached to the post, in order: what a `[gallery]` without `ids` shows.

    Raises django's ValidationError, with the rich-text field's own message, for content
    too large or nested too deeply to store (see `richtext.limits`).
    """
    if not raw:
        return ""
    converter = _Converter(image_for, address_for, attachments)
    return converter.convert(str(raw))


class _Converter:
    def __init__(self, image_for, address_for, attachments):
        self.image_for = image_for or (lambda key: None)
        self.address_for = address_for
        self.attachments = list(attachments)
        self.protected = []

    def convert(self, text):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        # The block editor stores paragraphs as markup; WordPress makes paragraphs only
        # from classic text, so a post with blocks is left as it is.
        has_blocks = "<!-- wp:" in text
        if "<!--" in text:
            text = self._comments(text, has_blocks)
        lowered = text.lower()
        for name, pattern in zip(("<script", "<style", "<textarea"), _HIDDEN, strict=True):
            if name in lowered:
                text = replace_elements(text, *pattern, lambda text, outer, inner: "")
        if "<pre" in lowered:
            text = replace_elements(text, *_PRE, self._preformatted)
        if "[" in text:
            text = self._shortcodes(text)
        for name, pattern in zip(("<video", "<audio"), _MEDIA_ELEMENTS, strict=True):
            if name in lowered:
                text = replace_elements(text, *pattern, self._media_element)
        if "<img" in text or "<IMG" in text:
            text = self._images(text)
        if not has_blocks:
            text = _URL_LINE.sub(lambda m: self._protect_html(_link_paragraph(m[1])), text)
            text = autop(text)
        text = self._restore(text)
        if self.address_for is not None and "<a" in text:
            text = _LINK.sub(self._link, text)
        # The sanitiser's time grows with the square of the nesting depth: a big text is
        # checked against the rich-text limits first (the full check costs more than the
        # conversion, and a small text cannot nest deep enough to matter).
        if len(text) > settings.PLACARD_RICHTEXT_MAX_BYTES // 4 or text.count("<") > MAX_TAGS // 4:
            check_rich_text(text)
        cleaned = sanitize_html(text)
        if "<figure>" in cleaned:
            cleaned = _tidy_figures(cleaned)
        # Paragraphs emptied by what was taken out of them (an image lifted into its own
        # figure, a script), and the blank lines block comments leave.
        cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
        return _BLANK_LINES.sub(">\n<", cleaned).strip()

    # Comments and shortcodes, each found in one pass.

    def _comments(self, text, has_blocks):
        """`text` without its comments, block delimiters among them, and with the media
        blocks replaced whole. Each comment is found with `str.find`: one pass."""
        pieces = []
        position = search = 0
        media = None  # (name, options, where its markup starts, len(pieces) then)
        while (start := text.find("<!--", search)) >= 0:
            end = text.find("-->", start + 4)
            if end < 0:
                break  # left open: the sanitiser drops the rest as a comment
            end += 3
            pieces.append(text[position:start])
            position = search = end
            delimiter = _BLOCK_DELIMITER.fullmatch(text, start, end) if has_blocks else None
            if delimiter is None or delimiter["void"]:
                continue
            name = delimiter["name"]
            if media is None and not delimiter["closing"] and MEDIA_BLOCKS.fullmatch(name):
                media = (name, delimiter["json"], end, len(pieces))
            elif media is not None and delimiter["closing"] and name == media[0]:
                name, options, inner_start, kept = media
                del pieces[kept:]
                pieces.append(self._media_block(name, options, text[inner_start:start]))
                media = None
        pieces.append(text[position:])
        return "".join(pieces)

    def _shortcodes(self, text):
        # Found one by one, each enclosing one's end with `str.find`; a name whose end
        # is missing is not looked for again, so that the pass stays linear.
        pieces = []
        position = 0
        unclosed = set()
        while match := _SHORTCODE.search(text, position):
            pieces.append(text[position : match.start()])
            position = match.end()
            if match["escaped"] is not None:
                pieces.append(f"[{match['escaped']}]")
                continue
            name = match["name"]
            content = None
            if name != "gallery" and name not in unclosed:
                end = text.find(f"[/{name}]", position)
                if end < 0:
                    unclosed.add(name)
                else:
                    content = text[position:end]
                    position = end + len(name) + 3
            pieces.append(self._shortcode(name, shortcode_attributes(match["attrs"]), content))
        pieces.append(text[position:])
        return "".join(pieces)

    # Protected pieces: kept out of the paragraph maker, put back afterwards.

    def _preformatted(self, text, outer, inner):
        # Rich text has no preformatted block: its lines are kept as lines of a
        # paragraph (the paragraph maker never sees them).
        lines = text[inner[0] : inner[1]].strip("\n").split("\n")
        return self._protect_html(f"<p>{'<br>'.join(lines)}</p>")

    def _protect_html(self, markup):
        if not markup:
            return ""
        self.protected.append(markup)
        return f"\n\n{TOKEN.format(len(self.protected) - 1)}\n\n"

    def _restore(self, text):
        if not self.protected:
            return text

        def piece(match):
            index = numeric_id(match[1])
            # A token in the post itself (private-use characters) stays as it was.
            if index is None or index >= len(self.protected):
                return match[0]
            return self.protected[index]

        # A protected piece may itself hold tokens (a caption with a preformatted part).
        for _round in range(3):
            text, count = TOKEN_PATTERN.subn(piece, text)
            if not count:
                break
        return text

    # Images.

    def _resolve(self, *keys):
        for key in keys:
            if key not in (None, ""):
                ref = self.image_for(key)
                if ref is not None:
                    return ref
        return None

    def _image_keys(self, attrs, attachment_id=None):
        match = _IMAGE_CLASS_ID.search(attrs.get("class", ""))
        keys = [attachment_id, numeric_id(match[1]) if match else None]
        keys.append(numeric_id(attrs.get("data-id", "")))
        keys.append(attrs.get("src", "").strip())
        return keys

    def _figure(self, ref, alt="", caption=""):
        image = '<img data-placard src="{}" alt="{}" width="{}" height="{}">'.format(
            html.escape(ref.url), html.escape(alt or ref.alt or ""), int(ref.width),
            int(ref.height),
        )  # fmt: skip
        caption = caption.strip()
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure>{image}{figcaption}</figure>"

    def _image_or_text(self, img_tag, attachment_id=None, caption=""):
        attrs = html_attributes(img_tag)
        alt = attrs.get("alt", "").strip()
        ref = self._resolve(*self._image_keys(attrs, attachment_id))
        if ref is not None:
            return self._figure(ref, alt, caption)
        text = caption.strip() or html.escape(alt)
        return f"<p>{text}</p>" if text else ""

    def _images(self, text):
        pieces = []
        position = 0
        for img in _IMG.finditer(text):
            if "data-placard" in img[0]:
                continue  # made here, from a caption or a gallery
            start, end, figure, link = _image_span(text, img)
            if start < position:
                continue
            pieces.append(text[position:start])
            pieces.append(self._bare_image(figure, link, img[0]))
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def _bare_image(self, figure, link_tag, img):
        attrs = html_attributes(img)
        alt = attrs.get("alt", "").strip()
        ref = self._resolve(*self._image_keys(attrs))
        if figure:
            # Already in a figure (the block editor's, or written by hand): the figure
            # stays, its image is replaced; an unimported image leaves its alt text.
            if ref is None:
                return figure + (f"<p>{html.escape(alt)}</p>" if alt else "")
            return figure + self._figure(ref, alt)[len("<figure>") : -len("</figure>")]
        link = ""
        if link_tag:
            href = html_attributes(link_tag).get("href", "").strip()
            if href and not _IMAGE_LINK.search(href):
                link = f'<p><a href="{html.escape(href)}">{html.escape(alt or href)}</a></p>'
        if ref is None:
            return link or html.escape(alt)
        return self._protect_html(self._figure(ref, alt) + link)

    # Shortcodes.

    def _shortcode(self, name, attrs, content):
        content = content or ""
        if name in {"caption", "wp_caption"}:
            return self._caption(attrs, content)
        if name == "gallery":
            return self._gallery(attrs)
        if name == "embed":
            url = content.strip() or attrs.get("url") or attrs.get("src") or attrs.get(0, "")
        else:
            sources = VIDEO_SOURCES if name == "video" else AUDIO_SOURCES
            url = next((attrs[key] for key in sources if attrs.get(key)), "")
            if not url:
                found = _URL.search(content)
                url = found[0] if found else ""
        return self._protect_html(_link_paragraph(url.strip())) if url.strip() else ""

    def _caption(self, attrs, content):
        img = _IMG.search(content)
        caption = attrs.get("caption", "")
        if not caption:
            # The caption is what follows the (linked) image in the shortcode's content.
            if img:
                start, end, _figure, _link = _image_span(content, img)
                caption = content[:start] + content[end:]
            else:
                caption = content
        caption = " ".join(caption.split())
        match = _ATTACHMENT_ID.search(attrs.get("id", ""))
        attachment_id = numeric_id(match[1]) if match else None
        if img is None:
            return self._protect_html(f"<p>{caption}</p>") if caption else ""
        return self._protect_html(self._image_or_text(img[0], attachment_id, caption))

    def _gallery(self, attrs):
        ids = attrs.get("ids") or attrs.get("include") or ""
        keys = [key for key in map(numeric_id, re.findall(r"\d+", ids)) if key is not None]
        keys = keys or self.attachments
        exclude = set(map(numeric_id, re.findall(r"\d+", attrs.get("exclude", ""))))
        figures = []
        for key in keys:
            if key in exclude:
                continue
            ref = self.image_for(key)
            if ref is not None:
                figures.append(self._figure(ref, caption=html.escape(ref.caption or "")))
        return self._protect_html("".join(figures))

    # Media of the block editor, and <video>/<audio> written as HTML.

    def _media_block(self, name, options, inner):
        try:
            options = json.loads(options) if options else {}
        except ValueError:
            options = {}
        if not isinstance(options, dict):
            options = {}
        captions = [" ".join(c.split()) for c in _captions(inner)]
        if name == "image":
            img = _IMG.search(inner)
            if img is None:
                return ""
            attachment_id = options.get("id") if isinstance(options.get("id"), int) else None
            return self._protect_html(
                self._image_or_text(img[0], attachment_id, captions[-1] if captions else "")
            )
        if name == "gallery":
            # Each image's caption is the first one after it, before the next image.
            images = list(_IMG.finditer(inner))
            figures = []
            for index, img in enumerate(images):
                end = images[index + 1].start() if index + 1 < len(images) else len(inner)
                caption = next(iter(_captions(inner, img.end(), end)), "")
                caption = " ".join(caption.split())
                figures.append(self._image_or_text(img[0], caption=caption))
            return self._protect_html("".join(figures))
        url = options.get("url") or options.get("src") or ""
        if not isinstance(url, str) or not url:
            url = _first_source(inner)
        caption = f"<p>{captions[-1]}</p>" if captions and captions[-1] else ""
        return self._protect_html((_link_paragraph(url.strip()) if url else "") + caption)

    def _media_element(self, text, outer, inner):
        url = html_attributes(text[outer[0] : inner[0]]).get("src", "")
        if not url:
            source = _SOURCE.search(text, inner[0], inner[1])
            url = html_attributes(source[0]).get("src", "") if source else ""
        return self._protect_html(_link_paragraph(url.strip())) if url.strip() else ""

    # Links.

    def _link(self, match):
        attributes = match[1]
        href = _HREF.match(attributes)
        if href is None:
            return match[0]
        value = href[2] if href[2] is not None else href[3] if href[3] is not None else href[4]
        new = self.address_for((html.unescape(value) if "&" in value else value).strip())
        if new is None:
            return match[0]
        before, end = href["before"], href.end()
        return f'<a{before} href="{html.escape(new)}"{attributes[end:]}>'


def _captions(markup, start=0, end=None):
    """The inner markup of each <figcaption> in `markup[start:end]`."""
    for _outer, inner in element_spans(markup, *_FIGCAPTION_ELEMENT, start, end):
        yield markup[inner[0] : inner[1]]


def _image_span(text, img):
    """Where the image `img` (a match in `text`) stands with the link around it and the
    figure it opens: (start, end, figure start tag, link start tag)."""
    start, end = img.span()
    link, link_start = tag_before(text, start, _A_OPEN)
    if link:
        closing = _A_CLOSE.match(text, end)
        if closing:
            start, end = link_start, closing.end()
        else:
            link = ""
    figure, figure_start = tag_before(text, start, _FIGURE_OPEN)
    if figure:
        start = figure_start
    return start, end, figure, link


def _first_source(markup):
    """The address a media block's markup plays: a `src`, or else the first URL in it."""
    for tag in re.finditer(rf"<(?:video|audio|source|iframe)(?![\w-]){ATTRS}>", markup, re.I):
        src = html_attributes(tag[0]).get("src", "").strip()
        if src:
            return src
    found = _URL.search(markup)
    return found[0] if found else ""


def _link_paragraph(url):
    # Only web addresses become links: a player's source in another scheme (javascript:,
    # data:) is dropped with its player.
    if not _PLAYABLE.match(url):
        return ""
    escaped = html.escape(url)
    return f'<p><a href="{escaped}">{escaped}</a></p>'


def _tidy_figures(html_text):
    """Keep only figures the editor can hold, one image and an optional caption: a figure
    with no image (its image not imported) or with figures inside (a gallery) gives way to
    its contents, its caption becoming a paragraph."""
    pieces = []
    stack = []
    position = 0
    for match in _FIGURE_PARTS.finditer(html_text):
        pieces.append(html_text[position : match.start()])
        position = match.end()
        token = match[0]
        if token == "<figure>":
            stack.append({"open": len(pieces), "image": False, "nested": False, "caps": []})
            pieces.append(token)
        elif token == "</figure>":
            pieces.append(token)
            if not stack:
                continue
            frame = stack.pop()
            if frame["image"] and not frame["nested"]:
                if stack:
                    stack[-1]["nested"] = True
                continue
            pieces[frame["open"]] = ""
            pieces[-1] = ""
            for index in frame["caps"]:
                pieces[index] = pieces[index].replace("figcaption", "p")
        else:
            if stack and token.startswith("<img"):
                stack[-1]["image"] = True
            elif stack:
                stack[-1]["caps"].append(len(pieces))
            pieces.append(token)
    pieces.append(html_text[position:])
    return "".join(pieces)
