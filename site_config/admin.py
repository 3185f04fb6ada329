"""Admin for the site's shared parts, and the base every publishable type's admin uses."""

from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.forms import TagField

from .models import Image, SiteSettings, SocialLink
from .widgets import TagAutocompleteWidget


class TrackedAdminMixin:
    """Records who created and who last changed an object."""

    created_by_field = "created_by"
    updated_by_field = "updated_by"

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, self.created_by_field):
            setattr(obj, self.created_by_field, request.user)
        if hasattr(obj, self.updated_by_field):
            setattr(obj, self.updated_by_field, request.user)
        super().save_model(request, obj, form, change)


class PublishableAdmin(TrackedAdminMixin, admin.ModelAdmin):
    """Lists, filters and bulk actions shared by articles, statements and events."""

    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("title",)}
    actions = ["publish", "unpublish"]
    list_per_page = 50

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, TagField):
            formfield.widget = TagAutocompleteWidget()
            formfield.help_text = _("Separate tags with commas; existing tags are suggested.")
        return formfield

    @admin.display(description=_("live"), boolean=True)
    def is_live(self, obj):
        return obj.is_published

    @admin.display(description=_("status"), ordering="status")
    def publication(self, obj):
        return obj.publication_label

    @admin.action(description=_("Publish selected items (future times stay scheduled)"))
    def publish(self, request, queryset):
        count = queryset.update(
            status=queryset.model.Status.PUBLISHED, updated_at=timezone.now(), updated_by=request.user
        )
        self.message_user(
            request,
            ngettext("%d item published.", "%d items published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected items (back to draft)"))
    def unpublish(self, request, queryset):
        count = queryset.update(
            status=queryset.model.Status.DRAFT, updated_at=timezone.now(), updated_by=request.user
        )
        self.message_user(
            request,
            ngettext("%d item unpublished.", "%d items unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Image)
class ImageAdmin(TrackedAdminMixin, admin.ModelAdmin):
    created_by_field = "uploaded_by"
    updated_by_field = "uploaded_by"
    list_display = ["thumbnail", "title", "credit", "size", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "size", "uploaded_by"]
    fields = ["title", "file", "credit", "preview", "size", "uploaded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        admin.ModelAdmin.save_model(self, request, obj, form, change)

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

    def changelist_view(self, request, extra_context=None):
        SiteSettings.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:site_config_sitesettings_change", args=[1]))
