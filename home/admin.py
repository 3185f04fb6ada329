"""The home page layout in the admin: one record, with its highlights and section blocks."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.publishable_admin import TrackedAdminMixin

from .blocks import HOME_HIGHLIGHTS, home_page
from .models import ITEM_FIELDS, HomeHighlight, HomeLayout, HomeSection

HIGHLIGHTS_MAX = 9


class HighlightFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                continue
            for kind in ITEM_FIELDS:
                item = data.get(kind)
                if item is None:
                    continue
                if (kind, item.pk) in seen:
                    raise ValidationError(
                        _("“%(item)s” is listed twice: keep it in one row.") % {"item": item}
                    )
                seen.add((kind, item.pk))


class HighlightInline(admin.TabularInline):
    model = HomeHighlight
    formset = HighlightFormSet
    fields = ["order", "article", "statement", "event"]
    autocomplete_fields = ["article", "statement", "event"]
    extra = 1
    max_num = HIGHLIGHTS_MAX
    verbose_name = _("highlight")
    verbose_name_plural = _("highlights: in each row one article, statement or event")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ITEM_FIELDS:
            # Chosen among what exists, without the add and edit buttons: a row then has
            # room for its three choosers.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_view_related = widget.can_delete_related = False
        return formfield


class SectionInline(admin.TabularInline):
    model = HomeSection
    fields = ["order", "section"]
    autocomplete_fields = ["section"]
    extra = 1
    verbose_name_plural = _(
        "section blocks (used when “Only the sections listed below” is chosen above)"
    )


@admin.register(HomeLayout)
class HomeLayoutAdmin(TrackedAdminMixin, admin.ModelAdmin):
    """One record: the list page opens it directly."""

    inlines = [HighlightInline, SectionInline]
    autocomplete_fields = ["lead_article", "lead_statement", "lead_event"]
    readonly_fields = ["showing_now"]
    fieldsets = [
        (
            _("What the home page shows now"),
            {"fields": ["showing_now"]},
        ),
        (
            _("Lead"),
            {
                "fields": ["lead_article", "lead_statement", "lead_event"],
                "description": _(
                    "The large item at the top. Choose one article, statement or event, or "
                    "none. Without a choice, or while the chosen item is not published, the "
                    "newest highlight with a lead image leads, then the newest article or "
                    "statement with one."
                ),
            },
        ),
        (
            _("Highlights"),
            {
                "fields": ["highlights_heading"],
                "description": _(
                    "List the highlights in the rows below, in the order you want. While "
                    "no row is filled in, the %(count)d newest articles marked “highlight” "
                    "fill the block, and one of them may lead (mark articles in the article "
                    "list with “Add to highlights”). Nothing is shown twice: the lead is "
                    "left out of the highlights."
                )
                % {"count": HOME_HIGHLIGHTS},
            },
        ),
        (
            _("Statements, events and sections"),
            {"fields": ["statements_position", "events_position", "sections_shown"]},
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        if str(object_id) == "1":
            HomeLayout.objects.get_or_create(pk=1)
        return super().get_object(request, object_id, from_field)

    def changelist_view(self, request, extra_context=None):
        HomeLayout.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:home_homelayout_change", args=[1]))

    @admin.display(description=_("Lead and highlights"))
    def showing_now(self, obj):
        return render_to_string("admin/home/showing_now.html", {"page": home_page()})
