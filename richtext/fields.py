"""The rich-text model field: edited in a WYSIWYG editor, sanitised on every save path.

`RichTextField` cleans on every save (admin forms, `Model.save()` from code, importers),
not only in form validation; templates clean again on output with the `richtext` filter.
"""

from django.db import models
from django_prose_editor.fields import ProseEditorField

from .sanitizer import sanitize_html

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
