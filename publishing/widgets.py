"""Admin widgets."""

from django.utils.html import format_html, format_html_join
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
