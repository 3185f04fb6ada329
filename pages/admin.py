"""Admin for pages: the tree by address, where each page sits, and the shared workflow."""

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from images.models import LeadImage
from publishing.publishable_admin import PublishableAdmin
from publishing.roles import is_editor

from .models import Page


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} (/{obj.path}/)"


class PlaceFilter(admin.SimpleListFilter):
    title = _("place")
    parameter_name = "place"

    def lookups(self, request, model_admin):
        return [("top", _("Top level")), ("under", _("Under another page"))]

    def queryset(self, request, queryset):
        if self.value() == "top":
            return queryset.filter(parent__isnull=True)
        if self.value() == "under":
            return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ["title", "parent_address", "is_live", "publication", "order", "publish_at"]
    list_filter = ["status", PlaceFilter, "publish_at"]
    search_fields = ["title", "path", "summary"]
    ordering = ["path"]
    autocomplete_fields = ["lead_image"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "order", "body"]}),
        (_("Publication"), {"fields": ["status", "publish_at"]}),
        (
            _("Lead image"),
            {
                "fields": LeadImage.LEAD_IMAGE_FIELDS,
                "description": _(
                    "Choose an image from the library, or upload a new one with the + button."
                ),
            },
        ),
        (_("Search and sharing"), {"fields": ["summary", "language"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # Whether readers can see each page: its parents may hide a published page.
        public = Page.objects.published().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_public=Exists(public))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            choices = Page.objects.all()
            if not is_editor(request.user):
                # Authors place pages under what readers see and under their own drafts.
                choices = Page.objects.published() | Page.objects.filter(created_by=request.user)
            kwargs["queryset"] = choices.order_by("path")
            kwargs["form_class"] = ParentChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("under"), ordering="path")
    def parent_address(self, obj):
        parent_path = obj.path.rpartition("/")[0]
        return f"/{parent_path}/" if parent_path else "—"

    @admin.display(description=_("live"), boolean=True)
    def is_live(self, obj):
        return getattr(obj, "is_public", obj.is_published)

    @admin.display(description=Page.editor_labels["status"], ordering="status")
    def publication(self, obj):
        label = super().publication(obj)
        if obj.is_published and not getattr(obj, "is_public", True):
            label += " · " + str(_("hidden: a page above it is not published"))
        return label
