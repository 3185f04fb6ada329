"""What the WordPress import left behind, to look up (read-only): which object each
WordPress item became, and the old addresses that redirect. Administrators may delete an
old address that should no longer redirect."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ImportedItem, LegacyAddress


class ReadOnlyAdmin(admin.ModelAdmin):
    list_select_related = ["content_type"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("now"))
    def now_at(self, record):
        """A link to the object's own admin page, built from its type and id alone (no
        query per row)."""
        content_type = record.content_type
        label = f"{content_type.name} {record.object_id}"
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[record.object_id],
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)


@admin.register(ImportedItem)
class ImportedItemAdmin(ReadOnlyAdmin):
    list_display = ["wordpress_id", "post_type", "old_url", "now_at", "updated_at"]
    list_filter = ["post_type", "content_type"]
    search_fields = ["guid", "old_url", "=wordpress_id"]
    date_hierarchy = "updated_at"

    def has_delete_permission(self, request, obj=None):
        return False  # the record is what keeps a second run from duplicating the item


@admin.register(LegacyAddress)
class LegacyAddressAdmin(ReadOnlyAdmin):
    list_display = ["old_address", "now_at", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["old_address"]
