"""Admin for the site's shared parts: image library, site settings, audit log, preview
links. The base of every publishable type's admin lives in `editorial_admin`."""

from django.contrib import admin
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .editorial_admin import AuthorLimitsMixin, PublishableAdmin, TrackedAdminMixin
from .models import AuditEntry, Image, PreviewLink, SiteSettings, SocialLink

__all__ = ["PublishableAdmin", "TrackedAdminMixin"]


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


class SocialLinkInline(admin.TabularInline):
    model = SocialLink
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One record: the list page opens it directly."""

    inlines = [SocialLinkInline]
    autocomplete_fields = ["logo"]
    fields = ["name", "tagline", "about", "logo", "contact_email", "footer_text"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        if str(object_id) == "1":
            SiteSettings.objects.get_or_create(pk=1)
        return super().get_object(request, object_id, from_field)

    def changelist_view(self, request, extra_context=None):
        SiteSettings.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:site_config_sitesettings_change", args=[1]))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log: read-only, for editors."""

    list_display = ["at", "username", "action", "content_type", "object_repr", "note"]
    list_filter = ["action", "content_type", "at"]
    search_fields = ["username", "object_repr", "note"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    list_display = [
        "target",
        "content_type",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["content_type", "revoked_at"]
    readonly_fields = ["content_type", "object_id", "token", "created_by", "created_at"]
    fields = [*readonly_fields, "expires_at", "revoked_at"]
    list_select_related = ["content_type", "created_by"]

    def has_add_permission(self, request):
        return False  # links are shared from the item's own edit page
