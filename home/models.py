"""The home page as editors arrange it: the lead, the highlights, which sections appear and
where the statements and events blocks go. What the page then shows is worked out in
`blocks`."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from publishing.models import who
from publishing.roles import ALL, EDITOR
from publishing.validators import no_control_characters

# The three kinds of item the lead and the highlights may be, by field name.
ITEM_FIELDS = ("article", "statement", "event")


def one_item_only(prefix=""):
    """A condition: exactly one of the item fields (named `prefix` + kind) is set."""
    names = [f"{prefix}{kind}" for kind in ITEM_FIELDS]
    condition = Q()
    for chosen in names:
        others = {f"{name}__isnull": name != chosen for name in names}
        condition |= Q(**others)
    return condition


class HomeLayout(models.Model):
    """The one record (pk 1) that arranges the home page.

    The lead is the item an editor chose, while it is public; otherwise the newest public
    highlight with a lead image, then the newest article or statement with one, then
    the first highlight (its card reads well without an image).

    The highlights are the items listed here (`HomeHighlight`), in their order. While
    that list is empty, the newest articles marked as highlights (`Article.is_highlight`,
    set in the article's form or with the article list's "Add to highlights" action)
    fill the block, as they did before this layout existed: a site whose editors never
    open the layout keeps its home page, and the mark stays the quick way to feature an
    article. Once the list holds an item, it alone decides the block.

    Nothing is shown twice: the lead is left out of the blocks below it, the highlights
    out of the latest articles, statements and events, and all of those out of the
    section blocks.
    """

    class Position(models.TextChoices):
        AFTER_LEAD = "after-lead", _("Right after the lead, before the highlights")
        AFTER_HIGHLIGHTS = "after-highlights", _("Right after the highlights")
        AFTER_LATEST = "after-latest", _("After the latest articles")
        END = "end", _("At the end, after the section blocks")
        HIDDEN = "hidden", _("Not shown")

    class SectionChoice(models.TextChoices):
        ALL = "all", _("Every section, in the order of the sections list")
        CHOSEN = "chosen", _("Only the sections listed below, in their order here")

    lead_article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("lead article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_statement = models.ForeignKey(
        "statements.Statement",
        verbose_name=_("or lead statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_event = models.ForeignKey(
        "events.Event",
        verbose_name=_("or lead event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    highlights_heading = models.CharField(
        _("highlights heading"),
        max_length=80,
        default="Highlights",
        validators=[no_control_characters],
        help_text=_("For example “Highlights” or “Year highlights”."),
    )
    statements_position = models.CharField(
        _("statements block"),
        max_length=20,
        choices=Position.choices,
        default=Position.AFTER_HIGHLIGHTS,
        help_text=_("The newest statements."),
    )
    events_position = models.CharField(
        _("events block"),
        max_length=20,
        choices=Position.choices,
        default=Position.AFTER_HIGHLIGHTS,
        help_text=_("The next events. Beside the statements when both are in one place."),
    )
    sections_shown = models.CharField(
        _("section blocks"),
        max_length=10,
        choices=SectionChoice.choices,
        default=SectionChoice.ALL,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = who(_("last changed by"))

    # The home page is the editors' front window: authors may not rearrange it.
    role_permissions = {EDITOR: ALL}

    class Meta:
        verbose_name = _("home page layout")
        verbose_name_plural = _("home page layout")
        constraints = [
            models.CheckConstraint(
                condition=one_item_only("lead_")
                | Q(lead_article=None, lead_statement=None, lead_event=None),
                name="home_layout_one_lead",
            )
        ]

    def __str__(self):
        return gettext("Home page layout")

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("home")

    def clean(self):
        super().clean()
        chosen = [name for name in ITEM_FIELDS if getattr(self, f"lead_{name}_id")]
        if len(chosen) > 1:
            message = _("Choose one lead: an article, a statement or an event, not several.")
            raise ValidationError({f"lead_{name}": message for name in chosen})

    @classmethod
    def current(cls):
        """The stored layout, or the default one until an editor saves it (reading never
        writes)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class HomeHighlight(models.Model):
    """One item of the highlights block, in the editors' order."""

    layout = models.ForeignKey(HomeLayout, on_delete=models.CASCADE, related_name="highlights")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    statement = models.ForeignKey(
        "statements.Statement",
        verbose_name=_("or statement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("or event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    role_permissions = {EDITOR: ALL}

    class Meta:
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=one_item_only(), name="home_highlight_one_item"),
            *(
                models.UniqueConstraint(
                    fields=["layout", kind],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"home_highlight_unique_{kind}",
                )
                for kind in ITEM_FIELDS
            ),
        ]

    def __str__(self):
        item = self.item
        return str(item) if item is not None else gettext("(nothing chosen)")

    def get_absolute_url(self):
        item = self.item
        return item.get_absolute_url() if item is not None else reverse("home")

    @property
    def item(self):
        return self.article or self.statement or self.event

    def clean(self):
        super().clean()
        chosen = [name for name in ITEM_FIELDS if getattr(self, f"{name}_id")]
        if not chosen:
            raise ValidationError(_("Choose an article, a statement or an event."))
        if len(chosen) > 1:
            raise ValidationError(
                _("Choose one item per row: an article, a statement or an event, not several.")
            )


class HomeSection(models.Model):
    """A section whose block appears on the home page, when the layout lists them."""

    layout = models.ForeignKey(HomeLayout, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(
        "articles.Section", verbose_name=_("section"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    role_permissions = {EDITOR: ALL}

    class Meta:
        verbose_name = _("section block")
        verbose_name_plural = _("section blocks")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "section"], name="home_section_once")
        ]

    def __str__(self):
        return str(self.section)

    def get_absolute_url(self):
        return self.section.get_absolute_url()
