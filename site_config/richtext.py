"""Rich text: the editor configuration and the sanitiser every stored body goes through.

Bodies are stored as HTML cleaned against one allowlist. `RichTextField` cleans on every
save path (admin forms, `Model.save()` from code, importers), not only in form validation,
and templates clean again on output with the `richtext` filter.
"""

import nh3
from django.db import models
from django_prose_editor.fields import ProseEditorField

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "History": True,
}

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


class RichTextField(ProseEditorField):
    """A WYSIWYG-edited HTML field whose value is sanitised whenever the model is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EDITOR_EXTENSIONS)
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = models.TextField.deconstruct(self)
        return name, "django.db.models.TextField", args, kwargs
