"""The admin's rich-text editor widget: the editor of django-prose-editor, made tall enough
to write in, named by its field's label for screen readers, with icons that do not depend
on the fonts installed on the editor's computer."""

from django import forms
from django_prose_editor.widgets import AdminProseEditorWidget


class AdminRichTextWidget(AdminProseEditorWidget):
    """`rows` sets the editor's least height in lines of text (20 by default)."""

    def __init__(self, attrs=None, **kwargs):
        attrs = {"rows": 20, **(attrs or {})}
        super().__init__(attrs, **kwargs)

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["css/richtext-editor.css"]}, js=["js/richtext-editor.js"]
        )
