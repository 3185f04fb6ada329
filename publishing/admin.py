"""Admin of the core's own records: site settings, the audit log, preview links. The base
of every content type's admin is `publishable_admin.PublishableAdmin`."""

from django.contrib import admin
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, PreviewLink, SiteSettings, SocialLink


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
        return HttpResponseRedirect(reverse("admin:publishing_sitesettings_change", args=[1]))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log: read-only, for editors."""

    list_display = ["at", "who", "action", "content_type", "object_repr", "note"]
    list_filter = ["action", "content_type", "at"]
    search_fields = ["username", "user__first_name", "user__last_name", "object_repr", "note"]
    date_hierarchy = "at"
    list_select_related = ["content_type", "user"]

    @admin.display(description=_("who"), ordering="username")
    def who(self, entry):
        """The person's name, with the username the entry recorded."""
        name = entry.user.get_full_name().strip() if entry.user else ""
        return f"{name} ({entry.username})" if name else entry.username

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    """Every shared preview, for editors only (`PreviewLink.role_permissions`): the token is
    a secret, shown here and on the edit page of the item to those who may change it."""

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
