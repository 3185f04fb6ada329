"""The admin base of every publishable type (the core's own records are in `admin`).

`PublishableAdmin`: roles enforced on the server, review, revisions with compare and
restore, edit conflicts, preview links and the audit log. Authors may add items and change
their own drafts; fields that decide publication are read-only to them, so a forged POST of
those fields is ignored by the form. Every change of publication or review state goes
through `workflow`: this admin only maps buttons (and the editor's status field) to its
actions, and takes none that `workflow.available_actions` does not offer.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from taggit.forms import TagField

from . import admin_search, previews, revisions, workflow
from .forms import MAX_TAGS_PER_ITEM, ConflictCheckingForm, validate_tag_list
from .languages import LanguageFilter, language_choices
from .models import AuditEntry, PreviewLink, Publishable, record
from .roles import is_editor
from .translation_admin import (
    MissingTranslationFilter,
    RetranslationFilter,
    TranslationAdminMixin,
)
from .widgets import LabelledSplitDateTime, TagAutocompleteWidget

# Fields only editors may set: they decide what readers see and when.
EDITOR_ONLY_FIELDS = ("status", "publish_at", "is_highlight", "review_note")

# The edit form's workflow buttons: POST name and label, by action.
BUTTONS = {
    workflow.SUBMIT: ("_submit_for_review", gettext_lazy("Save and submit for review")),
    workflow.SEND_BACK: ("_send_back", gettext_lazy("Send back to the author with the note below")),
}


def editor_labelled_filter(field, request, params, model, model_admin, field_path):
    """The field's usual list filter, titled with the name editors know it by
    (`Publishable.editor_labels`)."""
    list_filter = admin.FieldListFilter.create(
        field, request, params, model, model_admin, field_path
    )
    list_filter.title = model.editor_labels[field_path]
    return list_filter


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


class AuthorLimitsMixin:
    """Editors may change and delete anything their permissions allow; authors only
    what `may_change_as_author` allows."""

    def may_change_as_author(self, request, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or is_editor(request.user):
            return allowed
        return self.may_change_as_author(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None or is_editor(request.user):
            return allowed
        return self.may_change_as_author(request, obj)


class PublishableAdmin(
    TranslationAdminMixin, AuthorLimitsMixin, TrackedAdminMixin, admin.ModelAdmin
):
    """Lists, filters, bulk actions and the editorial workflow shared by content types.

    A content type's own form must subclass `ConflictCheckingForm`."""

    form = ConflictCheckingForm
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("title",)}
    actions = ["publish", "unpublish"]
    list_per_page = 50
    # A filtered list says "N results" without counting the whole table a second time.
    show_full_result_count = False
    change_form_template = "admin/placard/change_form.html"
    change_list_template = "admin/placard/change_list.html"
    object_history_template = "admin/placard/object_history.html"
    revision_follow = ()
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        # The edit form's looks, names for the controls Django leaves unnamed, and the copy
        # of unsaved changes kept in the browser (also on the list, where a successful
        # save lands and the copy is dropped).
        css = {"all": ["css/admin-forms.css"]}
        js = ["js/autosave.js", "js/field-names.js"]

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not reversion.is_registered(model):
            reversion.register(model, follow=self.revision_follow)

    # Roles ------------------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_editor(request.user):
            return queryset
        return queryset.filter(created_by=request.user)

    def may_change_as_author(self, request, obj):
        return workflow.may_change(obj, request.user)

    def has_publish_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            names = {f.name for f in self.model._meta.get_fields()}
            readonly += [name for name in EDITOR_ONLY_FIELDS if name in names]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        listed = {name for _title, options in fieldsets for name in options["fields"]}
        extra = []
        # The editor writes a note only while the item waits for review (to send it back
        # with); the author reads a note sent back above the form, not in a field. A note
        # just typed stays in the form even if the item left review meanwhile (someone
        # else sent it back first), so that the conflict page keeps it.
        in_review = obj is not None and obj.review_state == Publishable.Review.SUBMITTED
        typed_note = request.method == "POST" and "review_note" in request.POST
        if (
            "review_note" not in listed
            and obj is not None
            and (in_review or typed_note)
            and is_editor(request.user)
        ):
            extra.append((gettext_lazy("Review"), {"fields": ["review_note"]}))
        if "loaded_version" not in listed:
            extra.append((None, {"fields": ["loaded_version"], "classes": ["hidden"]}))
        return [*fieldsets, *extra]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The model's names for ambiguous fields label them whether they are editable or,
        # for an author, shown read-only (Django reads the form's labels for those too).
        form = kwargs.get("form", self.form)
        labels = {**(form._meta.labels or {}), **kwargs.get("labels", {})}
        for name, label in self.model.editor_labels.items():
            labels.setdefault(name, capfirst(label))
        return super().get_form(request, obj, change, **{**kwargs, "labels": labels})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, TagField):
            formfield.widget = TagAutocompleteWidget()
            formfield.help_text = gettext_lazy(
                "Separate tags with commas; existing tags are suggested. At most %(limit)s tags."
            ) % {"limit": MAX_TAGS_PER_ITEM}
            formfield.validators.append(validate_tag_list)
        if formfield is not None and isinstance(formfield.widget, AdminSplitDateTime):
            formfield.widget = LabelledSplitDateTime.for_label(formfield.label)
        if db_field.name == "review_note" and formfield is not None:
            formfield.widget.attrs["rows"] = 3
        if db_field.name == "language" and formfield is not None:
            # Chosen from the languages Django knows, kept off the model so that a change
            # of settings needs no migration. A form sent without it (a script's, or one
            # opened before the field existed) keeps the site's language.
            formfield = forms.TypedChoiceField(
                choices=language_choices(),
                label=formfield.label,
                help_text=formfield.help_text,
                initial=db_field.get_default(),
                required=False,
                empty_value=db_field.get_default(),
            )
        return formfield

    # Saving: content through the form, publication and review through the workflow -----

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision(manage_manually=False):
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def requested_action(self, request, obj, stored):
        """The workflow action a form save asks for: by its button, or by the editor's
        status field. None for a plain save."""
        for action, (button, _label) in BUTTONS.items():
            if button in request.POST:
                return action
        before = stored.status if stored is not None else Publishable.Status.DRAFT
        if obj.status == before:
            return None
        if obj.status == Publishable.Status.DRAFT:
            return workflow.UNPUBLISH
        return workflow.SCHEDULE if obj.publish_at > timezone.now() else workflow.PUBLISH

    def save_model(self, request, obj, form, change):
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        action = self.requested_action(request, obj, stored)
        # A new item is a draft until the workflow publishes it or submits it for review.
        if change:
            allowed = workflow.available_actions(stored or obj, request.user)
        else:
            allowed = workflow.first_save_actions(type(obj), request.user)
        if action is not None:
            # The form's own save never changes publication; only an allowed action does.
            obj.status = stored.status if stored is not None else Publishable.Status.DRAFT
        super().save_model(request, obj, form, change)
        if action in allowed:
            try:
                self.take_action(action, obj, request.user)
            except workflow.ActionRefused as refused:
                # The content is saved (the form's check held the row lock); the state
                # change is not, and the editor is told why.
                self.message_user(request, str(refused), messages.WARNING)
        else:
            reversion.set_comment(_("Changed") if change else _("Created"))

    def take_action(self, action, obj, user):
        if action == workflow.SUBMIT:
            workflow.submit(obj, user)
        elif action == workflow.SEND_BACK:
            workflow.send_back(obj, user)
        elif action == workflow.PUBLISH:
            workflow.publish(obj, user)
        elif action == workflow.SCHEDULE:
            workflow.schedule(obj, user)
        elif action == workflow.UNPUBLISH:
            workflow.unpublish(obj, user)

    def delete_model(self, request, obj):
        record(request.user, AuditEntry.Action.DELETED, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(request.user, AuditEntry.Action.DELETED, obj)
        super().delete_queryset(request, queryset)

    def _bulk(self, request, queryset, action, run):
        """Runs `action` on each item that allows it; an item someone else changed in the
        meantime is left alone and named in a warning."""
        changed = 0
        for obj in queryset:
            if action in workflow.available_actions(obj, request.user):
                try:
                    run(obj, request.user)
                except workflow.ActionRefused as refused:
                    self.message_user(request, str(refused), messages.WARNING)
                    continue
                changed += 1
        return changed

    @admin.action(
        description=gettext_lazy("Publish selected items (future times stay scheduled)"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        count = self._bulk(request, queryset, workflow.PUBLISH, workflow.publish)
        self.message_user(
            request,
            ngettext("%d item published.", "%d items published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Unpublish selected items (back to draft)"),
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        count = self._bulk(request, queryset, workflow.UNPUBLISH, workflow.unpublish)
        self.message_user(
            request,
            ngettext("%d item unpublished.", "%d items unpublished.", count) % count,
            messages.SUCCESS,
        )

    # List columns -----------------------------------------------------------------------

    @admin.display(description=gettext_lazy("live"), boolean=True)
    def is_live(self, obj):
        return obj.is_published

    @admin.display(description=Publishable.editor_labels["status"], ordering="status")
    def publication(self, obj):
        label = str(obj.publication_label)
        if obj.review_state:
            label += f" · {obj.get_review_state_display()}"
        return label

    def get_search_results(self, request, queryset, search_term):
        # On PostgreSQL through the full-text index (see `admin_search`), with no join
        # that could list a row twice.
        found = admin_search.search(self.model, self.get_search_fields(request), search_term)
        if found is None:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(found), False

    def get_list_filter(self, request):
        filters = [
            (name, editor_labelled_filter)
            if isinstance(name, str) and name in self.model.editor_labels
            else name
            for name in super().get_list_filter(request)
        ]
        return [
            *filters,
            LanguageFilter,
            MissingTranslationFilter,
            RetranslationFilter,
            "review_state",
        ]

    # Change form extras: workflow buttons, review note, preview links, conflicts ---------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context.get("adminform").form if context.get("adminform") else None
        if obj is None:
            actions = workflow.first_save_actions(self.model, request.user)
        else:
            actions = workflow.available_actions(obj, request.user)
        can_share_preview = obj is not None and self.has_change_permission(request, obj)
        context.update(
            {
                "is_editor": is_editor(request.user),
                "conflict": getattr(form, "conflict", None),
                "workflow_buttons": [BUTTONS[a] for a in actions if a in BUTTONS],
                # Tokens only for those who may manage the item's links.
                "preview_links": (
                    PreviewLink.objects.for_object(obj).valid() if can_share_preview else []
                ),
                "can_share_preview": can_share_preview,
            }
        )
        if obj is not None and obj.review_state == Publishable.Review.SENT_BACK and obj.review_note:
            context["review_note"] = obj.review_note
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview-links/",
                wrap(self.share_preview_view),
                name=f"{info[0]}_{info[1]}_share_preview",
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                wrap(self.revoke_preview_view),
                name=f"{info[0]}_{info[1]}_revoke_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name=f"{info[0]}_{info[1]}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                wrap(self.restore_view),
                name=f"{info[0]}_{info[1]}_restore",
            ),
            *super().get_urls(),
        ]

    def _object_or_deny(self, request, object_id, check="change"):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise PermissionDenied
        allowed = (
            self.has_change_permission(request, obj)
            if check == "change"
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _change_url(self, obj):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])

    def share_preview_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:index"))
        obj = self._object_or_deny(request, object_id)
        link = previews.share_preview(obj, request.user)
        url = request.build_absolute_uri(link.preview_url)
        self.message_user(
            request,
            _("Preview link created, valid until %(date)s: %(url)s")
            % {"date": timezone.localtime(link.expires_at).strftime("%-d %B %Y"), "url": url},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(obj) + "#preview-links")

    def revoke_preview_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:index"))
        obj = self._object_or_deny(request, object_id)
        link = get_object_or_404(PreviewLink.objects.for_object(obj), pk=link_id)
        previews.revoke_preview(link, request.user)
        self.message_user(request, _("The preview link no longer works."), messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj) + "#preview-links")

    def history_view(self, request, object_id, extra_context=None):
        obj = self._object_or_deny(request, object_id, check="view")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("History: %s") % obj,
            "versions": revisions.versions(obj),
            "can_restore": workflow.RESTORE in workflow.available_actions(obj, request.user),
            "subtitle": None,
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        obj = self._object_or_deny(request, object_id, check="view")
        history = revisions.versions(obj)
        old = get_object_or_404(history, pk=request.GET.get("old"))
        new = get_object_or_404(history, pk=request.GET.get("new"))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("Compare versions: %s") % obj,
            "old": old,
            "new": new,
            "changes": revisions.compare(self.model, old.field_dict, new.field_dict),
        }
        return TemplateResponse(request, "admin/placard/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        obj = self._object_or_deny(request, object_id)
        if workflow.RESTORE not in workflow.available_actions(obj, request.user):
            raise PermissionDenied
        version = get_object_or_404(revisions.versions(obj), pk=version_id)
        if request.method == "POST":
            restored = workflow.restore(obj, request.user, version)
            self.message_user(
                request,
                _("The earlier version is back, as a draft. Publish it when it is ready."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(restored))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "version": version,
            "title": _("Restore an earlier version"),
        }
        return TemplateResponse(request, "admin/placard/restore_confirm.html", context)
