"""Admin widgets."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from taggit.forms import TagWidget
from taggit.models import Tag

MAX_SUGGESTIONS = 1000


class TagAutocompleteWidget(TagWidget):
    """Comma-separated tags with the existing ones suggested by the browser.

    A plain text field with a `<datalist>`, so it works without JavaScript; a small
    script completes the last tag of the list rather than the whole field.
    """

    class Media:
        js = ["js/tag-autocomplete.js"]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "list": f"{name}-suggestions", "autocomplete": "off"}
        attrs["data-tag-autocomplete"] = "true"
        field = super().render(name, value, attrs, renderer)
        names = Tag.objects.order_by("name").values_list("name", flat=True)[:MAX_SUGGESTIONS]
        options = format_html_join("", '<option value="{}"></option>', ((n,) for n in names))
        return format_html('{}<datalist id="{}-suggestions">{}</datalist>', field, name, options)


def date_and_time_labels(label):
    """The names of a date-and-time field's two inputs: "Publish date" and "Publish time"
    for "publish time", "Start date" and "Start time" for "start"."""
    name = str(label).strip().rstrip(":").strip()
    stem = name[: -len(" time")] if name.lower().endswith(" time") else name
    return (
        capfirst(_("%(name)s date") % {"name": stem}),
        capfirst(_("%(name)s time") % {"name": stem}),
    )


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each with a name of its own for screen readers
    (the field's label names only the first, and the words "Date:" and "Time:" beside the
    inputs are not labels)."""

    def __init__(self, attrs=None, date_label="", time_label=""):
        super().__init__(attrs)
        self.date_label = date_label
        self.time_label = time_label

    @classmethod
    def for_label(cls, label, attrs=None):
        date_label, time_label = date_and_time_labels(label)
        return cls(attrs, date_label=date_label, time_label=time_label)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = (self.date_label, self.time_label)
        for subwidget, label in zip(context["widget"]["subwidgets"], labels, strict=False):
            if label:
                subwidget["attrs"]["aria-label"] = str(label)
        return context
