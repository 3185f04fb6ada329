"""Statements and their public endorsements."""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from articles.models import Story
from images.models import LEAD_PICTURE_FIELDS
from pagecache.versions import scope_version
from publishing import formatting
from publishing.dashboard import DashboardNotice
from publishing.links import slug_url
from publishing.models import Publishable, PublishingQuerySet, who
from publishing.roles import ALL, AUTHOR, EDITOR, READ
from publishing.validators import no_control_characters, no_control_characters_in_text


class StatementKind(models.Model):
    """A kind of statement the organisation issues: "Political statement", "Declaration",
    "Open letter". Editors keep the list; a statement's kind is shown as its label."""

    name = models.CharField(
        _("name"), max_length=80, unique=True, validators=[no_control_characters]
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Kinds are listed from the lowest number up.")
    )

    role_permissions = {AUTHOR: READ, EDITOR: ALL}

    class Meta:
        verbose_name = _("statement kind")
        verbose_name_plural = _("statement kinds")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# The columns a statement's card reads (lists, the home page's blocks and lead): its
# body, signatories and endorsement settings, often long, stay in the database.
CARD_FIELDS = (
    "title", "slug", "status", "publish_at", "language", "standfirst", "issuing_body",
    "adopted_place", "adopted_on", "kind__name", *LEAD_PICTURE_FIELDS,
)  # fmt: skip


class StatementQuerySet(PublishingQuerySet):
    def for_cards(self):
        """Statements with what their cards show, kind and lead image included."""
        return self.select_related("lead_image", "kind").only(*CARD_FIELDS)


class Statement(Story):
    """A formal text issued by a body, adopted at a place on a date, open to endorsement."""

    class Signers(models.TextChoices):
        BOTH = "both", _("Organisations and individuals")
        ORGANISATIONS = "organisations", _("Organisations only")
        INDIVIDUALS = "individuals", _("Individuals only")

    kind = models.ForeignKey(
        StatementKind,
        verbose_name=_("kind"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        help_text=_(
            "What sort of text this is, shown above its title (“Declaration”, “Open "
            "letter”). Left empty, it is called a statement."
        ),
    )
    issuing_body = models.CharField(
        _("issued by"),
        max_length=250,
        validators=[no_control_characters],
        help_text=_("For example: “Adopted by the conference of the Harbourside Network”."),
    )
    adopted_place = models.CharField(
        _("place of adoption"),
        max_length=120,
        blank=True,
        validators=[no_control_characters],
        help_text=_("For example: Rome."),
    )
    adopted_on = models.DateField(_("date of adoption"), null=True, blank=True)
    initial_signatories = models.TextField(
        _("initial signatories"),
        blank=True,
        validators=[no_control_characters_in_text],
        help_text=_(
            "Organisations and people who signed before publication, one per line. "
            "They are shown above the endorsements collected on the site."
        ),
    )
    endorsements_open = models.BooleanField(
        _("open for endorsement"),
        default=True,
        help_text=_("Readers can sign while this is ticked and the closing time has not passed."),
    )
    endorsements_close_at = models.DateTimeField(
        _("endorsements close"), null=True, blank=True, help_text=_("Optional closing time.")
    )
    signers = models.CharField(
        _("who may sign"), max_length=16, choices=Signers.choices, default=Signers.BOTH
    )
    moderated = models.BooleanField(
        _("moderated"),
        default=False,
        help_text=_(
            "When ticked, confirmed endorsements wait for an editor's approval before they "
            "are listed, and signers may add a public comment."
        ),
    )
    goal = models.PositiveIntegerField(
        _("goal"), null=True, blank=True, help_text=_("Optional number of endorsements to reach.")
    )
    show_individual_names = models.BooleanField(
        _("list individuals by name"),
        default=True,
        help_text=_("Untick to list organisations by name but only count individuals."),
    )

    objects = StatementQuerySet.as_manager()

    search_fields = {"A": ["title"], "B": ["standfirst", "issuing_body", "summary"], "C": ["body"]}
    search_related = ["kind"]  # results show the kind (`kind_label`)
    search_result_fields = (
        "slug", "status", "publish_at", "language", "section__name", "section__slug",
        "kind__name",
    )  # fmt: skip
    preview_view = "statements.views.StatementDetailView"

    class Meta(Publishable.Meta):
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="statement_newest_idx"),
            models.Index(fields=["translation_of", "language"], name="statement_translation_idx"),
        ]
        permissions = [
            ("export_endorsements", _("Can export endorsements with email addresses")),
        ]

    def get_absolute_url(self):
        return slug_url("statements:statement-detail", self.slug)

    @classmethod
    def next_change_queries(cls, now):
        """A scheduled statement going live, or an open one closing for endorsement."""
        closing = (
            cls.objects.published(now)
            .filter(endorsements_open=True, endorsements_close_at__gt=now)
            .order_by("endorsements_close_at")
            .values_list("endorsements_close_at", flat=True)[:1]
        )
        return [*super().next_change_queries(now), closing]

    @property
    def kind_label(self):
        """The statement's kind as readers see it: its name, or "Statement" without one.
        Lists select the kind with the statement (`select_related("kind")`)."""
        return self.kind.name if self.kind_id else gettext("Statement")

    @property
    def dateline(self):
        """“Rome, 28 October 2023”, or whichever part is known."""
        parts = [self.adopted_place]
        if self.adopted_on:
            parts.append(formatting.day_date(self.adopted_on, get_language()))
        return ", ".join(part for part in parts if part)

    # What rules the endorsement of a statement. Translations of a statement are one
    # campaign with it: signatures made on any of their pages are stored on the group's
    # original, and the original's settings apply on every page of the group (a
    # translation's own values of these fields are not used).
    ENDORSEMENT_SETTINGS = [
        "endorsements_open",
        "endorsements_close_at",
        "signers",
        "moderated",
        "goal",
        "show_individual_names",
        "initial_signatories",
    ]

    @property
    def endorsed_id(self):
        """The statement this page's signatures belong to: the translation group's original."""
        return self.translation_root_id

    def follow_original(self):
        """Give this statement, in memory only, its original's endorsement settings, so that
        the page of a translation shows and applies the group's (see ENDORSEMENT_SETTINGS).
        Reads `translation_of`: select it with the statement. Returns the statement."""
        if self.translation_of_id and self.translation_of is not None:
            for name in self.ENDORSEMENT_SETTINGS:
                setattr(self, name, getattr(self.translation_of, name))
        return self

    @property
    def signatures_scope(self):
        return signatures_scope(self.endorsed_id)

    @property
    def signatures_version(self):
        """The version of this statement's signatures, for keys of what shows them; read
        it before the signatures (see `pagecache.versions.scope_version`)."""
        return scope_version(self.signatures_scope)

    def initial_signatory_list(self):
        return [line.strip() for line in self.initial_signatories.splitlines() if line.strip()]

    def closed_reason(self, now=None):
        """Why endorsement is not possible now, or an empty string when it is."""
        now = now or timezone.now()
        if not self.is_published:
            return _("This statement is not published.")
        if not self.endorsements_open:
            return _("This statement is no longer open for endorsement.")
        if self.endorsements_close_at and self.endorsements_close_at <= now:
            return _("Endorsement of this statement closed on %(date)s.") % {
                "date": timezone.localtime(self.endorsements_close_at).strftime("%-d %B %Y")
            }
        return ""

    @property
    def accepts_endorsements(self):
        return not self.closed_reason()

    def allowed_kinds(self):
        if self.signers == self.Signers.ORGANISATIONS:
            return [Endorsement.Kind.ORGANISATION]
        if self.signers == self.Signers.INDIVIDUALS:
            return [Endorsement.Kind.INDIVIDUAL]
        return [Endorsement.Kind.ORGANISATION, Endorsement.Kind.INDIVIDUAL]


def signatures_scope(statement_id):
    """The page-cache scope of one statement's signatures (its counts and lists).

    A signature changes only the pages that show that statement's signatures: it bumps
    this scope, not the whole site's version, so a campaign's sign-ups leave every
    article page (and every other statement's) in the cache.
    """
    return f"{ALL_SIGNATURES_SCOPE}:{statement_id}"


# Every statement's signatures: each one's scope is of this family, and moves it too
# (`pagecache.versions.scope_changed`), for what lists them all (the sitemap).
ALL_SIGNATURES_SCOPE = "signatures"


class EndorsementQuerySet(models.QuerySet):
    def public(self):
        """Endorsements readers may see: confirmed, and approved where moderated."""
        return self.filter(
            Q(status=Endorsement.Status.APPROVED)
            | Q(status=Endorsement.Status.CONFIRMED, statement__moderated=False)
        )

    def counts(self):
        """Public organisations and individuals, in one query."""
        return self.public().aggregate(**self.count_expressions())

    def count_expressions(self):
        return {
            "organisations": Count("pk", filter=Q(kind=Endorsement.Kind.ORGANISATION)),
            "individuals": Count("pk", filter=Q(kind=Endorsement.Kind.INDIVIDUAL)),
        }


class Endorsement(models.Model):
    """A signature under a statement. The email address is never shown to readers."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        INDIVIDUAL = "individual", _("Individual")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    kind = models.CharField(_("signing as"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    role = models.CharField(_("role or position"), max_length=150, blank=True)
    country = CountryField(_("country"), blank=True)
    email = models.EmailField(_("email"), max_length=254)
    comment = models.TextField(_("public comment"), max_length=500, blank=True)
    consent_listed = models.BooleanField(_("agreed to be listed"), default=False)
    consent_contact = models.BooleanField(_("agreed to be contacted"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    token_nonce = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    # The language of the page the signer signed on: their mail and confirmation page use it.
    language = models.CharField(
        _("language"), max_length=15, blank=True, default="", db_default="", editable=False
    )
    moderated_by = who(_("moderated by"))

    objects = EndorsementQuerySet.as_manager()

    # Endorsers' data is for editors only: authors get no permission at all.
    role_permissions = {EDITOR: ALL}
    # What a signer fills in on the public form.
    SIGNER_FIELDS = [
        "kind",
        "name",
        "organisation",
        "role",
        "country",
        "email",
        "comment",
        "consent_listed",
        "consent_contact",
    ]

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "email"], name="one_endorsement_per_email")
        ]
        indexes = [
            models.Index(
                fields=["statement", "status", "kind", "name"], name="endorsement_list_idx"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("statements:statement-signatories", kwargs={"slug": self.statement.slug})

    @classmethod
    def dashboard_notices(cls, user):
        """For editors: how many confirmed endorsements of moderated statements wait."""
        if not user.has_perm("statements.change_endorsement"):
            return []
        waiting = cls.objects.filter(status=cls.Status.CONFIRMED, statement__moderated=True).count()
        url = reverse("admin:statements_endorsement_changelist")
        return [
            DashboardNotice(
                title=_("Endorsements awaiting moderation"),
                count=waiting,
                # The endorsement list's own "moderation" filter (statements.admin).
                url=f"{url}?moderation=waiting",
                summary=ngettext(
                    "%(count)d endorsement to approve or reject",
                    "%(count)d endorsements to approve or reject",
                    waiting,
                )
                % {"count": waiting},
                empty=_("None waiting."),
            )
        ]

    def page_cache_scope(self):
        """What a change of this row makes stale: its statement's signatures only."""
        return signatures_scope(self.statement_id)

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED or (
            self.status == self.Status.CONFIRMED and not self.statement.moderated
        )
