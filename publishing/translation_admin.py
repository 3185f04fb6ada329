"""Translations in the admin, for every publishable type.

An item's change form offers "Add a translation" into each language its group lacks: the
add form of the same type opens filled in from the group's original (fields and inline
rows), with `translation_of` in a hidden field and the chosen language. The form of a
translation shows the original's text in a panel above it, warns when the original changed
after the translation caught up, and offers a box that marks it up to date again. The
list has a column of the group's languages and filters for a missing language and for
translations behind their original.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from richtext.fields import RichTextField
from richtext.sanitizer import sanitize_for_output

from . import revisions
from .languages import is_rtl, language_name, primary, speaks

# Never copied from the original: what identifies the new item, decides its publication,
# or is bookkeeping.
NOT_COPIED = {
    "id",
    "slug",
    "status",
    "publish_at",
    "language",
    "translation_of",
    "source_updated_at",
    "note_outdated_translation",
    "review_state",
    "review_note",
    "is_highlight",
    "edit_version",
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
}
# Only what the group's language column needs of each member.
GROUP_FIELDS = ["id", "title", "language", "translation_of_id"]


def without_field(fieldsets, name):
    """The fieldsets with `name` taken out of every line (a line may be a tuple)."""
    result = []
    for title, options in fieldsets:
        lines = []
        for line in options.get("fields", ()):
            if isinstance(line, (list, tuple)):
                line = tuple(field for field in line if field != name)
                if line:
                    lines.append(line)
            elif line != name:
                lines.append(line)
        result.append((title, {**options, "fields": lines}))
    return result


class MissingTranslationFilter(admin.SimpleListFilter):
    """Items whose group has nothing in a language the site publishes in."""

    title = _("missing a translation in")
    parameter_name = "missing_language"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code in settings.PLACARD_LANGUAGES]

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        model = queryset.model
        # A member of the item's group: the item, its original, or a translation of either.
        in_group = (
            Q(pk=OuterRef("pk"))
            | Q(pk=OuterRef("translation_of_id"))
            | Q(translation_of_id=OuterRef("pk"))
            | Q(translation_of_id=OuterRef("translation_of_id"))
        )
        members = model._default_manager.filter(in_group).filter(speaks("language", code))
        return queryset.exclude(Exists(members))


class RetranslationFilter(admin.SimpleListFilter):
    """Translations whose original changed after they last caught up with it."""

    title = _("needs re-translation")
    parameter_name = "retranslate"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        behind = Q(
            translation_of__isnull=False,
            source_updated_at__isnull=False,
            source_updated_at__lt=F("translation_of__updated_at"),
        )
        if self.value() == "yes":
            return queryset.filter(behind)
        if self.value() == "no":
            return queryset.exclude(behind)
        return queryset


class TranslationChangeList(ChangeList):
    """The list, with each row's translation group fetched in two queries for all rows."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        model = self.model
        members = model._default_manager.only(*GROUP_FIELDS).order_by("language", "pk")
        originals = model._default_manager.only(*GROUP_FIELDS).prefetch_related(
            Prefetch("translations", queryset=members)
        )
        return queryset.prefetch_related(
            Prefetch("translations", queryset=members),
            Prefetch("translation_of", queryset=originals),
        )


class TranslationAdminMixin:
    """The translation tools of `PublishableAdmin` (see the module)."""

    # Query parameters of the add form that make it a translation's.
    SOURCE_PARAMETER = "translation_of"

    def get_changelist(self, request, **kwargs):
        return TranslationChangeList

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        return [*shown, "translation_links"] if "translation_links" not in shown else shown

    # The original a new item translates ----------------------------------------------------

    def translation_source(self, request):
        """The original the add form translates (from `?translation_of=`, or the hidden
        field of a sent form), if the user may read it; else None."""
        if hasattr(request, "_translation_source"):
            return request._translation_source
        source = None
        value = request.POST.get(self.SOURCE_PARAMETER) or request.GET.get(self.SOURCE_PARAMETER)
        if value and str(value).isdigit():
            source = self.model._default_manager.filter(pk=value).first()
            if source is not None and source.translation_of_id:
                source = source.translation_of
            if source is not None and not self.may_translate(request, source):
                source = None
        request._translation_source = source
        return source

    def may_translate(self, request, source):
        """Whether the user may read `source` to translate it: what readers see, or what
        the admin lists for them (an author's own drafts; an editor's every item)."""
        if not self.has_view_or_change_permission(request, source):
            return False
        return source.is_published or self.get_queryset(request).filter(pk=source.pk).exists()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        source = self.translation_source(request)
        if source is None:
            return initial
        for field in self.model._meta.get_fields():
            if field.auto_created or not getattr(field, "editable", False):
                continue
            if field.name in NOT_COPIED:
                continue
            if field.many_to_many:
                manager = getattr(source, field.name)
                # Tags read as their names; other relations as the chosen items.
                initial[field.name] = list(manager.all())
            else:
                initial[field.name] = getattr(source, field.attname)
        initial[self.SOURCE_PARAMETER] = source.pk
        language = request.GET.get("language")
        if language:
            initial["language"] = language
        return initial

    def _inline_rows(self, request, formset_class):
        """The original's rows of an inline, as initial values of the new item's rows."""
        source = self.translation_source(request)
        fk = getattr(formset_class, "fk", None)
        if source is None or fk is None or request.method != "GET":
            return []
        names = [
            name
            for name in formset_class.form.base_fields
            if name not in {fk.name, "id", "DELETE", "ORDER"}
        ]
        rows = []
        for row in fk.model._default_manager.filter(**{fk.name: source}):
            values = {}
            for name in names:
                field = row._meta.get_field(name)
                values[name] = (
                    list(getattr(row, name).all())
                    if field.many_to_many
                    else getattr(row, field.attname)
                )
            rows.append(values)
        return rows

    def get_formsets_with_inlines(self, request, obj=None):
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            if obj is None and inline.has_add_permission(request, obj):
                rows = self._inline_rows(request, formset_class)
                if rows:
                    extra = max(len(rows) - formset_class.min_num, 0)
                    formset_class = inline.get_formset(request, obj, extra=extra)
            yield formset_class, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj is not None and obj.pk is None and request.method == "GET":
            rows = self._inline_rows(request, inline.get_formset(request, None))
            if rows and inline.has_add_permission(request, None):
                kwargs["initial"] = rows
        return kwargs

    # The form: the hidden link to the original, the language at the top, the up-to-date box

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and self.translation_source(request) is not None:
            fieldsets = without_field(fieldsets, "language")
            translation = {"fields": ["language", "translation_of"]}
            return [(_("Translation"), translation), *fieldsets]
        if obj is not None and obj.translation_of_id:
            fieldsets = without_field(fieldsets, "language")
            lines = ["language", "translation_original", "note_outdated_translation"]
            if obj.needs_retranslation:
                lines.append("translation_current")
            return [(_("Translation"), {"fields": lines}), *fieldsets]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.translation_of_id:
            readonly.append("translation_original")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.translation_of_id and obj.needs_retranslation:
            base = kwargs.get("form", self.form)
            current = forms.BooleanField(
                label=_("This translation is up to date with the original"),
                required=False,
                help_text=_(
                    "Tick once you have checked this translation against the original's "
                    "changes. The warning above then goes away."
                ),
            )
            kwargs["form"] = type(base.__name__, (base,), {"translation_current": current})
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "translation_of" and formfield is not None:
            # Set by the "Add a translation" link; an original is never a translation.
            formfield.queryset = self.model._default_manager.filter(translation_of__isnull=True)
            formfield.widget = forms.HiddenInput()
        return formfield

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("translation_current"):
            obj.mark_translation_current()
        super().save_model(request, obj, form, change)

    # Columns and read-only fields --------------------------------------------------------

    def _admin_change_url(self, pk):
        opts = self.model._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        except NoReverseMatch:
            return ""

    @admin.display(description=_("translations"))
    def translation_links(self, obj):
        root = obj.translation_of if obj.translation_of_id else obj
        group = [root, *root.translations.all()]
        if len(group) < 2:
            return "—"
        return format_html_join(
            " ",
            '<a href="{}" title="{}: {}"{}>{}</a>',
            (
                (
                    self._admin_change_url(member.pk),
                    language_name(member.language),
                    member.title,
                    mark_safe(' aria-current="true"') if member.pk == obj.pk else "",
                    member.language,
                )
                for member in group
            ),
        )

    @admin.display(description=_("original"))
    def translation_original(self, obj):
        original = obj.translation_of
        if original is None:
            return "—"
        return format_html(
            '<a href="{}"{}>{}</a> ({})',
            self._admin_change_url(original.pk),
            format_html(' lang="{}"', original.language),
            original.title,
            language_name(original.language),
        )

    # The change form's extras ----------------------------------------------------------

    def translation_menu(self, obj):
        """(language name, add-form address) for each language the group lacks: the site's
        languages first, then "another language" (chosen on the form)."""
        root_id = obj.translation_root_id
        taken = {
            primary(code) for code in obj.translation_group().values_list("language", flat=True)
        }
        opts = self.model._meta
        add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        menu = [
            (language_name(code), f"{add_url}?{self.SOURCE_PARAMETER}={root_id}&language={code}")
            for code in settings.PLACARD_LANGUAGES
            if primary(code) not in taken
        ]
        # Any other language Django knows, chosen on the form itself.
        menu.append((_("Another language…"), f"{add_url}?{self.SOURCE_PARAMETER}={root_id}"))
        return menu

    def translation_members(self, obj):
        """Every item of `obj`'s translation group, the original first, for the list above
        its change form; empty when it has no translations."""
        group = list(obj.translation_group().order_by(F("translation_of").asc(nulls_first=True)))
        if len(group) < 2:
            return []
        return [
            {
                "language": member.language,
                "language_name": language_name(member.language),
                "rtl": is_rtl(member.language),
                "title": member.title,
                "url": self._admin_change_url(member.pk),
                "current": member.pk == obj.pk,
                "original": not member.translation_of_id,
            }
            for member in group
        ]

    def original_panel(self, original):
        """What the panel beside a translation's form shows of its original."""
        lead = getattr(original, "standfirst", "") or original.summary
        body = ""
        for field in original._meta.concrete_fields:
            if isinstance(field, RichTextField):
                body = sanitize_for_output(getattr(original, field.attname))
                break
        return {
            "object": original,
            "language": original.language,
            "language_name": language_name(original.language),
            "rtl": is_rtl(original.language),
            "lead": lead,
            "body": body,
            "url": self._admin_change_url(original.pk),
        }

    def retranslation_warning(self, obj):
        """When the original changed after this translation caught up: when, and where to
        see what changed (its revision compare, when both versions are kept)."""
        original = obj.translation_of
        info = {"changed_at": original.updated_at, "url": self._admin_change_url(original.pk)}
        history = revisions.versions(original)
        newest = history.first()
        if newest is not None:
            # The version saved when the translation caught up (a revision is recorded
            # just after the save it belongs to).
            older = (
                history.exclude(pk=newest.pk)
                .filter(revision__date_created__lte=obj.source_updated_at + timedelta(seconds=5))
                .first()
            )
            if older is not None:
                opts = self.model._meta
                compare = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_compare", args=[original.pk]
                )
                info["compare_url"] = f"{compare}?old={older.pk}&new={newest.pk}"
        return info

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        original = None
        if obj is None:
            original = self.translation_source(request)
        elif obj.translation_of_id:
            original = obj.translation_of
            if obj.needs_retranslation:
                context["translation_behind"] = self.retranslation_warning(obj)
        if original is not None:
            context["translation_original"] = self.original_panel(original)
        if obj is not None and self.has_add_permission(request):
            context["translation_menu"] = self.translation_menu(obj)
        if obj is not None and obj.pk:
            context["translation_members"] = self.translation_members(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
