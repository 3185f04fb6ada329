"""The allowlist every stored body is cleaned against, and the function that cleans it."""

import nh3

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
