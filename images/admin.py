"""Admin of the image library: authors upload and fix their own images, editors manage all.

The change form marks the image's focal point: a click on the preview sets it (our own
`static/js/focal-point.js`), and the two percentage fields set it from the keyboard."""

import logging

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from publishing.publishable_admin import AuthorLimitsMixin

from . import processing, widgets
from .models import Image

logger = logging.getLogger(__name__)

STORAGE_FAILED = _(
    "The image could not be stored: the file storage is full or not answering. Nothing "
    "was saved. Please try again later, and tell the site's administrators if it happens "
    "again."
)


class StorageFailed(Exception):
    """Storing an upload failed; everything this save wrote has been removed again."""


class ImageChooserMixin:
    """For any ModelAdmin: its autocomplete fields that point at library images (a lead
    image, a photo) show a thumbnail of the chosen image (`widgets.ImageChooserWidget`)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if (
            db_field.related_model is Image
            and "widget" not in kwargs
            and db_field.name in self.get_autocomplete_fields(request)
        ):
            kwargs["widget"] = widgets.ImageChooserWidget(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ImageAdminForm(forms.ModelForm):
    """Left empty, the focal point is the middle of the picture."""

    class Meta:
        model = Image
        fields = ["title", "file", "credit", "focal_x", "focal_y"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("focal_x", "focal_y"):
            field = Image._meta.get_field(name).formfield(
                min_value=0, max_value=100, required=False
            )
            field.widget.attrs["class"] = "focal-point__field"
            self.fields[name] = field

    def clean_focal_x(self):
        return self._percent("focal_x")

    def clean_focal_y(self):
        return self._percent("focal_y")

    def clean(self):
        cleaned_data = super().clean()
        if getattr(self, "storage_failed", False):
            # Set by ImageAdmin when this very form's upload could not be stored.
            self.add_error("file", STORAGE_FAILED)
        return cleaned_data

    def _percent(self, name):
        value = self.cleaned_data.get(name)
        return Image._meta.get_field(name).default if value is None else value


@admin.register(Image)
class ImageAdmin(AuthorLimitsMixin, admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "title", "credit", "size", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "credit", "original_name"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "size", "uploaded_by", "original_name"]
    fieldsets = [
        (None, {"fields": ["title", "file", "original_name", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": ["preview", ("focal_x", "focal_y")],
                "description": _(
                    "The part of the picture that must stay in view when pages cut it to "
                    "another shape (a card, a square portrait). Click on it in the preview, "
                    "or type where it is, in percent of the width and of the height."
                ),
            },
        ),
        (None, {"fields": ["size", "uploaded_by"]}),
    ]

    class Media:
        js = ["js/focal-point.js"]
        css = {"all": ["css/focal-point.css"]}

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/thumbnail/",
                wrap(self.thumbnail_view),
                name="images_image_thumbnail",
            ),
            *super().get_urls(),
        ]

    def thumbnail_view(self, request, object_id):
        """The thumbnail of an image, as JSON, for the chooser's script."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        image = self.get_object(request, object_id)
        found = widgets.thumbnail(image)
        if found is None:
            raise Http404
        url, width, height = found
        alt = gettext_now("Chosen image: %(title)s") % {"title": image.title}
        return JsonResponse({"url": url, "width": width, "height": height, "alt": alt})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        uploading = bool(obj.file) and not obj.file._committed
        try:
            super().save_model(request, obj, form, change)
        except processing.STORAGE_ERRORS as error:
            logger.exception("Storing the upload of image %r failed", obj.title)
            # The transaction of this request is rolled back: the stored original must go
            # too (the renditions already went, see processing.generate_renditions()).
            if uploading and obj.file._committed:
                processing.discard_files(obj.file.storage, [obj.file.name])
            raise StorageFailed from error

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A storage failure shows the form again with the error on the file field, and
        with everything the editor typed, instead of a server error."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StorageFailed:
            request.image_storage_failed = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "image_storage_failed", False):
            form = type(form.__name__, (form,), {"storage_failed": True})
        return form

    # Authors may upload images and fix their own; editors manage the whole library.
    def may_change_as_author(self, request, obj):
        return obj.uploaded_by_id == request.user.pk

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        if not obj.file:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="80" height="{}" style="object-fit:cover">',
            obj.file.url,
            round(80 / obj.aspect_ratio),
        )

    @admin.display(description=_("preview"))
    def preview(self, obj):
        """The picture with a marker on its focal point; clicking it moves the point."""
        if not obj.pk or not obj.file:
            return format_html(
                '<div class="focal-point" data-focal-point hidden>'
                '<img class="focal-point__image" alt="">'
                '<span class="focal-point__marker" aria-hidden="true"></span></div>'
                '<p class="focal-point__empty">{}</p>',
                _("Choose a file: its preview appears here."),
            )
        return format_html(
            '<div class="focal-point" data-focal-point>'
            '<img class="focal-point__image" src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-point__marker" aria-hidden="true" style="left:{}%;top:{}%">'
            "</span></div>",
            obj.file.url,
            _("Preview of the image: click on it to set the focal point."),
            obj.width,
            obj.height,
            obj.focal_x,
            obj.focal_y,
        )

    @admin.display(description=_("size in pixels"))
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"
