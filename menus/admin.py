"""Admin for the menus: one form per menu, its entries in order."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Menu, MenuEntry


class MenuEntryInline(admin.TabularInline):
    model = MenuEntry
    fields = ["order", "label", "page", "section", "named_list", "statement", "event", "url"]
    autocomplete_fields = ["page", "section", "statement", "event"]
    extra = 1
    verbose_name = _("entry")
    verbose_name_plural = _(
        "entries: each leads to one page, section, list, statement, event or web address"
    )


@admin.register(Menu)
class MenuAdmin(admin.ModelAdmin):
    list_display = ["__str__", "entry_count"]
    readonly_fields = ["location"]
    fields = ["location"]
    inlines = [MenuEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description=_("entries"), ordering="entry_count")
    def entry_count(self, obj):
        return obj.entry_count

    def has_add_permission(self, request):
        return False  # each place has its menu already

    def has_delete_permission(self, request, obj=None):
        return False
