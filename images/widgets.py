"""The admin's image chooser: the library's autocomplete with a thumbnail of the chosen
image, kept up to date by a small script when another image is chosen or uploaded."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

THUMBNAIL_WIDTH = 160


def thumbnail(image, width=THUMBNAIL_WIDTH):
    """(url, width, height) of the smallest stored picture of `image` at least `width`
    pixels wide: a rendition when there is one, else the original."""
    if image is None or not image.file:
        return None
    renditions = image.renditions or {}
    wide_enough = min((int(w) for w in renditions if int(w) >= width), default=None)
    if wide_enough is not None:
        url = image.file.storage.url(renditions[str(wide_enough)]["src"])
    else:
        url = image.file.url
    height = round(width / image.aspect_ratio) if image.width else width
    return url, width, height


class ImageChooserWidget(AutocompleteSelect):
    """Choose a library image by its title; the chosen one is shown as a thumbnail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs["data-image-chooser"] = ""

    @property
    def media(self):
        return super().media + forms.Media(
            js=["js/image-chooser.js"], css={"all": ["css/admin-forms.css"]}
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-thumbnail-url"] = reverse(
            f"{self.admin_site.name}:images_image_thumbnail", args=["0"]
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        image = self.chosen_image(value)
        found = thumbnail(image)
        if found is None:
            return format_html(
                '{}<img class="image-chooser__thumbnail" alt="" hidden data-for="{}">',
                select,
                (attrs or {}).get("id", ""),
            )
        url, width, height = found
        return format_html(
            '{}<img class="image-chooser__thumbnail" src="{}" width="{}" height="{}" alt="{}"'
            ' data-for="{}">',
            select,
            url,
            width,
            height,
            _("Chosen image: %(title)s") % {"title": image.title},
            (attrs or {}).get("id", ""),
        )

    def chosen_image(self, value):
        if value in (None, ""):
            return None
        model = self.field.remote_field.model
        try:
            return model._default_manager.using(self.db).filter(pk=value).first()
        except (TypeError, ValueError):
            return None
