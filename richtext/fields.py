"""The rich-text model field: edited in a WYSIWYG editor, sanitised on every save path.

`RichTextField` cleans on every save (admin forms, `Model.save()` from code, importers),
not only in form validation; templates clean again on output with the `richtext` filter.
Text too large or nested too deeply to clean cheaply (see `limits`) is refused first: in
a form as a message on the field, from code as a ValidationError that stores nothing.

A form (`RichTextFormField`) also refuses text with a picture the sanitiser would remove
for its address, so an editor's picture is never lost without a word; saves from code
(importers, the shell) clean such pictures away as before.
"""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.text import Truncator
from django.utils.translation import ngettext
from django_prose_editor.fields import ProseEditorField, ProseEditorFormField

from .limits import check_rich_text
from .sanitizer import dropped_image_sources, sanitize_html
from .widgets import AdminRichTextWidget

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
    # Figures of library images (imported articles bring them): the editor keeps them,
    # their alt text, size and caption when an editor saves (tests/e2e/
    # test_rich_text_figures.py). Its menu also gains a button that inserts a figure from
    # an address typed in; the sanitiser keeps only addresses in the site's own media.
    "Figure": True,
    "Caption": True,
    "Image": True,
}


def check_pictures(html):
    """Raise a ValidationError naming the pictures in `html` that the sanitiser would
    remove because they are not in the site's own media."""
    sources = dropped_image_sources(html)
    if not sources:
        return
    # A pasted picture's data: address can be many kilobytes long.
    shown = ", ".join(f"“{Truncator(src).chars(80)}”" for src in sources[:5])
    if len(sources) > 5:
        shown += ngettext(" and %(n)s more", " and %(n)s more", len(sources) - 5) % {
            "n": len(sources) - 5
        }
    raise ValidationError(
        ngettext(
            "Pictures in the text must come from the image library: upload %(sources)s "
            "to Images first, then use its address.",
            "Pictures in the text must come from the image library: upload %(sources)s "
            "to Images first, then use their addresses.",
            len(sources),
        )
        % {"sources": shown},
        code="picture_not_in_library",
    )


class RichTextFormField(ProseEditorFormField):
    """The form field of a `RichTextField`: refuses, with a message on the field, text
    beyond the limits and text with a picture the sanitiser would remove."""

    def clean(self, value):
        value = super().clean(value)
        # The limits first: they keep over-large text away from the parser below.
        check_rich_text(value)
        check_pictures(value)
        return value


def clean_rich_text(html):
    """`html` sanitised, after refusing text beyond the limits with a ValidationError."""
    check_rich_text(html)
    return sanitize_html(html)


class RichTextField(ProseEditorField):
    """A WYSIWYG-edited HTML field whose value is sanitised whenever the model is saved."""

    # Run by forms and `full_clean()` before the field's own clean sanitises the value.
    default_validators = [check_rich_text]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EDITOR_EXTENSIONS)
        kwargs.setdefault("sanitize", clean_rich_text)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            # Checked on Django's pre_save signal, which comes before the save's own
            # transaction handling: refusing there leaves the caller's transaction usable.
            pre_save.connect(
                self._refuse_beyond_limits,
                sender=cls,
                weak=False,
                dispatch_uid=f"richtext-limits-{cls._meta.label}-{name}",
            )

    def _refuse_beyond_limits(self, sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or (update_fields is not None and self.name not in update_fields):
            return
        check_rich_text(getattr(instance, self.attname))

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The admin asks for its textarea widget; it gets the admin's editor, made usable.
        widget = kwargs.get("widget")
        if widget is not None and (
            isinstance(widget, AdminTextareaWidget)
            or (isinstance(widget, type) and issubclass(widget, AdminTextareaWidget))
        ):
            kwargs["widget"] = AdminRichTextWidget
        kwargs.setdefault("form_class", RichTextFormField)
        return super().formfield(**kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = models.TextField.deconstruct(self)
        return name, "django.db.models.TextField", args, kwargs
