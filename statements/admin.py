"""Admin for editors: statements, and the endorsements they collect (moderation, resending
confirmation links, exports and erasure)."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from images.models import LeadImage
from pagecache.versions import scope_changed
from publishing.forms import ConflictCheckingForm
from publishing.publishable_admin import PublishableAdmin

from . import endorsements, exports
from .models import Endorsement, Statement, signatures_scope


class StatementForm(ConflictCheckingForm):
    class Meta:
        model = Statement
        fields = "__all__"
        labels = {"body": _("Text")}


@admin.register(Statement)
class StatementAdmin(PublishableAdmin):
    form = StatementForm
    list_display = [
        "title",
        "is_live",
        "publication",
        "publish_at",
        "accepting",
        "pending_count",
        "awaiting_moderation_count",
        "listed_count",
        "rejected_count",
    ]
    list_filter = ["status", "endorsements_open", "moderated", "section", "publish_at"]
    search_fields = ["title", "issuing_body", "standfirst"]
    autocomplete_fields = ["section", "lead_image"]
    actions = ["publish", "unpublish", "export_endorsements_csv"]
    readonly_fields = ["endorsements_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "issuing_body", "adopted_place", "adopted_on"]}),
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
        (_("Search and sharing"), {"fields": ["summary"], "classes": ["collapse"]}),
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

    @admin.display(description=_("endorsements"))
    def endorsements_link(self, obj):
        if not obj.pk:
            return _("Endorsements can be managed once the statement is saved.")
        url = reverse("admin:statements_endorsement_changelist") + f"?statement__id__exact={obj.pk}"
        count = obj.endorsements.count()
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

    @admin.action(
        description=_("Export endorsements with email addresses (CSV)"),
        permissions=["export"],
    )
    def export_endorsements_csv(self, request, queryset):
        rows = Endorsement.objects.filter(statement__in=queryset).select_related("statement")
        return exports.endorsements_csv(rows.order_by("statement", "created_at"))

    def has_export_permission(self, request):
        return request.user.has_perm("statements.export_endorsements")


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
    list_filter = ["status", "confirmation_sent_at", "kind", "country", "statement"]
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
