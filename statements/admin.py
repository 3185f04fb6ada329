"""Admin for editors: statements, and the endorsements they collect (moderation, resending
confirmation links, exports and erasure)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, F, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from images.admin import ImageChooserMixin
from images.models import LeadImage
from pagecache.versions import content_changed, scope_changed
from publishing.forms import ConflictCheckingForm
from publishing.publishable_admin import PublishableAdmin

from . import endorsements, exports
from .models import Endorsement, Statement, StatementKind, signatures_scope


class StatementForm(ConflictCheckingForm):
    class Meta:
        model = Statement
        fields = "__all__"
        labels = {"body": _("Text")}


@admin.register(StatementKind)
class StatementKindAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "statement_count"]
    list_editable = ["order"]
    ordering = ["order", "name"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_count=Count("statements"))

    @admin.display(description=_("statements"), ordering="statement_count")
    def statement_count(self, obj):
        return obj.statement_count


class SetKindForm(forms.Form):
    """The "Set kind…" action's second step: which kind the chosen statements get."""

    NO_KIND = "none"

    kind = forms.ChoiceField(
        label=_("Kind"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a kind, or “No kind”.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {str(kind.pk): kind for kind in StatementKind.objects.all()}
        self.fields["kind"].choices = [
            *((pk, kind.name) for pk, kind in self.kinds.items()),
            (self.NO_KIND, _("No kind (shown as “Statement”)")),
        ]

    def chosen_kind(self):
        return self.kinds.get(self.cleaned_data["kind"])


@admin.register(Statement)
class StatementAdmin(ImageChooserMixin, PublishableAdmin):
    form = StatementForm
    list_display = [
        "title",
        "kind",
        "is_live",
        "publication",
        "publish_at",
        "accepting",
        "pending_count",
        "awaiting_moderation_count",
        "listed_count",
        "rejected_count",
    ]
    list_filter = ["status", "kind", "endorsements_open", "moderated", "section", "publish_at"]
    list_select_related = ["kind"]
    search_fields = ["title", "issuing_body", "standfirst"]
    autocomplete_fields = ["section", "lead_image"]
    actions = ["publish", "unpublish", "set_kind", "export_endorsements_csv"]
    readonly_fields = ["endorsements_link"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "kind", "issuing_body", "adopted_place", "adopted_on"]},
        ),
        (None, {"fields": ["standfirst", "body", "initial_signatories"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "section", "tags"]}),
        (
            _("Endorsement"),
            {
                "fields": [
                    "endorsements_open",
                    "endorsements_close_at",
                    "signers",
                    "moderated",
                    "goal",
                    "show_individual_names",
                    "endorsements_link",
                ]
            },
        ),
        (_("Lead image"), {"fields": LeadImage.LEAD_IMAGE_FIELDS, "classes": ["collapse"]}),
        (_("Search and sharing"), {"fields": ["summary", "language"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        status = Endorsement.Status

        def count(value):
            return Count("endorsements", filter=Q(endorsements__status=value))

        return (
            super()
            .get_queryset(request)
            .annotate(
                pending=count(status.PENDING),
                confirmed=count(status.CONFIRMED),
                approved=count(status.APPROVED),
                rejected=count(status.REJECTED),
            )
        )

    def get_fieldsets(self, request, obj=None):
        """A translation's endorsements are its original's, under the original's settings:
        its form shows where they are instead of settings that would not apply."""
        fieldsets = super().get_fieldsets(request, obj)
        if not (obj is not None and obj.translation_of_id) and not (
            obj is None and self.translation_source(request) is not None
        ):
            return fieldsets
        shared = {
            "fields": ["endorsements_link"],
            "description": _(
                "A statement and its translations are one campaign: signatures made on any "
                "of their pages count for the original, and the original's endorsement "
                "settings (open or closed, closing time, who may sign, moderation, goal, "
                "initial signatories) apply on every page. Change them on the original."
            ),
        }
        return [
            (title, shared) if title == _("Endorsement") else (title, options)
            for title, options in fieldsets
        ]

    @admin.display(description=_("endorsements"))
    def endorsements_link(self, obj):
        if not obj.pk:
            if obj.translation_of_id:
                return _("Endorsements are collected on the original.")
            return _("Endorsements can be managed once the statement is saved.")
        root = obj.endorsed_id
        url = reverse("admin:statements_endorsement_changelist") + f"?statement__id__exact={root}"
        count = Endorsement.objects.filter(statement_id=root).count()
        if root != obj.pk:
            label = ngettext(
                "Manage the original's %(count)d endorsement",
                "Manage the original's %(count)d endorsements",
                count,
            ) % {"count": count}
        else:
            label = ngettext(
                "Manage its %(count)d endorsement", "Manage its %(count)d endorsements", count
            ) % {"count": count}
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("open"), boolean=True)
    def accepting(self, obj):
        return obj.accepts_endorsements

    @admin.display(description=_("unconfirmed"), ordering="pending")
    def pending_count(self, obj):
        return obj.pending

    @admin.display(description=_("awaiting moderation"), ordering="confirmed")
    def awaiting_moderation_count(self, obj):
        return obj.confirmed if obj.moderated else 0

    @admin.display(description=_("listed"))
    def listed_count(self, obj):
        return obj.approved + (0 if obj.moderated else obj.confirmed)

    @admin.display(description=_("rejected"), ordering="rejected")
    def rejected_count(self, obj):
        return obj.rejected

    @admin.action(description=_("Set kind…"), permissions=["change"])
    def set_kind(self, request, queryset):
        """Asks which kind, then gives it to the chosen statements the user may change."""
        form = SetKindForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            if form.is_bound:
                self.message_user(request, _("Nothing was changed."), messages.ERROR)
            count = len(queryset)
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": ngettext(
                    "Set the kind of %(count)d statement",
                    "Set the kind of %(count)d statements",
                    count,
                )
                % {"count": count},
                "form": form,
                "statements": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "select_across": request.POST.get("select_across", "0"),
            }
            return TemplateResponse(request, "admin/statements/set_kind.html", context)
        allowed = [obj.pk for obj in queryset if self.has_change_permission(request, obj)]
        kind = form.chosen_kind()
        # The edit counter moves too, so that an edit form opened before notices the change.
        count = Statement.objects.filter(pk__in=allowed).update(
            kind=kind, edit_version=F("edit_version") + 1
        )
        content_changed()
        self.message_user(
            request,
            ngettext(
                "%(count)d statement is now: %(kind)s.",
                "%(count)d statements are now: %(kind)s.",
                count,
            )
            % {"count": count, "kind": kind.name if kind else _("without a kind")},
            messages.SUCCESS,
        )
        if len(allowed) < len(queryset):
            self.message_user(
                request,
                _("%(count)d statements you may not change were left as they are.")
                % {"count": len(queryset) - len(allowed)},
                messages.WARNING,
            )
        return None

    @admin.action(
        description=_("Export endorsements with email addresses (CSV)"),
        permissions=["export"],
    )
    def export_endorsements_csv(self, request, queryset):
        # A translation's endorsements are its original's.
        originals = {statement.endorsed_id for statement in queryset}
        rows = Endorsement.objects.filter(statement_id__in=originals).select_related("statement")
        return exports.endorsements_csv(rows.order_by("statement", "created_at"))

    def has_export_permission(self, request):
        return request.user.has_perm("statements.export_endorsements")


class ModerationFilter(admin.SimpleListFilter):
    """Confirmed signatures of moderated statements, which wait for an editor (the
    dashboard links here)."""

    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [("waiting", _("Awaiting approval or rejection"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=Endorsement.Status.CONFIRMED, statement__moderated=True)
        return queryset


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "organisation",
        "country",
        "statement",
        "status",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
    ]
    # "Confirmation sent: No date" lists the signers whose mail never went out.
    list_filter = [
        ModerationFilter,
        "status",
        "confirmation_sent_at",
        "kind",
        "country",
        "statement",
    ]
    search_fields = ["name", "organisation", "email", "role"]
    list_select_related = ["statement"]
    date_hierarchy = "created_at"
    actions = ["approve", "reject", "resend", "export_personal_data", "erase_personal_data"]
    readonly_fields = ["created_at", "confirmed_at", "confirmation_sent_at", "moderated_by"]
    autocomplete_fields = ["statement"]
    fields = ["statement", *Endorsement.SIGNER_FIELDS, "status", *readonly_fields]

    def _moderate(self, request, queryset, status):
        # Only signatures whose email was confirmed can be approved or rejected.
        eligible = queryset.exclude(status=Endorsement.Status.PENDING)
        statement_ids = set(eligible.values_list("statement_id", flat=True))
        count = eligible.update(status=status, moderated_by=request.user)
        for statement_id in statement_ids:  # only those statements' counts and lists
            scope_changed(signatures_scope(statement_id))
        skipped = queryset.count() - count
        return count, skipped

    @admin.action(description=_("Approve selected endorsements"), permissions=["change"])
    def approve(self, request, queryset):
        count, skipped = self._moderate(request, queryset, Endorsement.Status.APPROVED)
        self.message_user(request, _("%(count)d approved.") % {"count": count}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                _("%(count)d not yet confirmed by email, left as they are.") % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Reject selected endorsements"), permissions=["change"])
    def reject(self, request, queryset):
        count, _skipped = self._moderate(request, queryset, Endorsement.Status.REJECTED)
        self.message_user(request, _("%(count)d rejected.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Resend confirmation email"), permissions=["change"])
    def resend(self, request, queryset):
        # Queued like every confirmation mail; "Confirmation sent" fills in once it is out.
        queued = sum(
            endorsements.resend_confirmation(request, endorsement)
            for endorsement in queryset.filter(status=Endorsement.Status.PENDING)
        )
        self.message_user(
            request,
            _(
                "%(count)d confirmation emails queued; the “confirmation sent” column "
                "shows when each went out."
            )
            % {"count": queued},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export all data of these people (JSON)"), permissions=["export"])
    def export_personal_data(self, request, queryset):
        emails = sorted(set(queryset.values_list("email", flat=True)))
        return exports.personal_data_json(emails)

    @admin.action(
        description=_("Erase all endorsements of these people (every statement)"),
        permissions=["delete"],
    )
    def erase_personal_data(self, request, queryset):
        emails = set(queryset.values_list("email", flat=True))
        erased = sum(endorsements.erase_personal_data(email) for email in emails)
        self.message_user(
            request,
            _("%(count)d endorsements of %(people)d people erased.")
            % {"count": erased, "people": len(emails)},
            messages.SUCCESS,
        )

    def has_export_permission(self, request):
        return request.user.has_perm("statements.export_endorsements")
