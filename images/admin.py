"""Admin of the image library: authors upload and fix their own images, editors manage all."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from publishing.publishable_admin import AuthorLimitsMixin

from .models import Image


@admin.register(Image)
class ImageAdmin(AuthorLimitsMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "title", "credit", "size", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "size", "uploaded_by"]
    fields = ["title", "file", "credit", "preview", "size", "uploaded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

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
        if not obj.pk or not obj.file:
            return _("Shown after the upload.")
        return format_html(
            '<img src="{}" alt="" style="max-width:400px;height:auto">', obj.file.url
        )

    @admin.display(description=_("size in pixels"))
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"
