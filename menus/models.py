"""The header and footer menus, edited in the admin.

Each entry leads to exactly one place: a page, a section, one of the site's lists (by its
URL name), a statement, an event, or a web address elsewhere. Nothing is added to a menu
by itself, and an entry whose page, statement or event readers cannot see is left out
until they can.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from pages.models import Page
from publishing.fields import SafeURLField
from publishing.prepared import Prepared
from publishing.roles import ALL, EDITOR
from publishing.validators import no_control_characters
from statements.models import Statement


class Menu(models.Model):
    """One of the site's menus; each place has exactly one, made by a migration."""

    class Location(models.TextChoices):
        HEADER = "header", _("Header")
        FOOTER = "footer", _("Footer")

    location = models.CharField(_("place"), max_length=20, choices=Location.choices, unique=True)

    role_permissions = {EDITOR: ("change", "view")}

    class Meta:
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        ordering = ["location"]

    def __str__(self):
        return str(_("%(place)s menu") % {"place": self.get_location_display()})


class NamedList(models.TextChoices):
    """The site's lists a menu can lead to, by the URL names of their views."""

    HOME = "home", _("Home")
    ARTICLES = "articles:article-list", _("Articles")
    ARCHIVE = "articles:archive", _("Archive")
    AUTHORS = "articles:author-list", _("Authors")
    STATEMENTS = "statements:statement-list", _("Statements")
    EVENTS = "events:event-list", _("Events")
    PAST_EVENTS = "events:event-past", _("Past events")
    EVENT_CALENDAR = "events:event-calendar", _("Event calendar")
    SEARCH = "search", _("Search")


# Each target field, with the condition under which an entry has it.
TARGETS = {
    "page": Q(page__isnull=False),
    "section": Q(section__isnull=False),
    "named_list": ~Q(named_list=""),
    "statement": Q(statement__isnull=False),
    "event": Q(event__isnull=False),
    "url": ~Q(url=""),
}


def exactly_one_target():
    condition = Q()
    for name, present in TARGETS.items():
        only = present
        for other, other_present in TARGETS.items():
            if other != name:
                only &= ~other_present
        condition |= only
    return condition


ONE_TARGET_MESSAGE = _(
    "Each entry leads to exactly one place: choose one page, section, list, statement, "
    "event or web address, and leave the others empty."
)


def target_field(model, verbose_name):
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )


class MenuEntryQuerySet(models.QuerySet):
    def for_readers(self, now=None):
        """Entries with their menu's place and what they lead to, in one query, each marked
        with whether readers can see its page, statement or event (at `now`)."""

        def public(model, field):
            return Exists(model.objects.published(now).filter(pk=OuterRef(field)))

        return (
            self.select_related("page", "section", "statement", "event")
            .only(
                "label",
                "order",
                "named_list",
                "url",
                "page__title",
                "page__path",
                "section__name",
                "section__slug",
                "statement__title",
                "statement__slug",
                "event__title",
                "event__slug",
            )
            .annotate(
                location=F("menu__location"),
                page_public=public(Page, "page_id"),
                statement_public=public(Statement, "statement_id"),
                event_public=public(Event, "event_id"),
            )
        )


class MenuEntry(models.Model):
    menu = models.ForeignKey(
        Menu, verbose_name=_("menu"), on_delete=models.CASCADE, related_name="entries"
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Entries are shown from the lowest number up.")
    )
    label = models.CharField(
        _("label"),
        max_length=80,
        blank=True,
        validators=[no_control_characters],
        help_text=_(
            "What the menu shows. Leave empty to use the title or name of what the entry leads to."
        ),
    )
    page = target_field(Page, _("page"))
    section = target_field("articles.Section", _("section"))
    named_list = models.CharField(_("list"), max_length=60, blank=True, choices=NamedList.choices)
    statement = target_field(Statement, _("statement"))
    event = target_field(Event, _("event"))
    url = SafeURLField(
        _("web address"),
        max_length=500,
        blank=True,
        help_text=_("An address elsewhere, starting with https:// or http://."),
    )

    objects = MenuEntryQuerySet.as_manager()

    role_permissions = {EDITOR: ALL}

    class Meta:
        verbose_name = _("menu entry")
        verbose_name_plural = _("menu entries")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(),
                name="menu_entry_one_target",
                violation_error_message=ONE_TARGET_MESSAGE,
            )
        ]

    def __str__(self):
        return self.shown_label() or str(_("menu entry"))

    def clean(self):
        super().clean()
        self.label = self.label.strip()
        if self.url and not self.label:
            raise ValidationError(
                {"label": _("Give a label: a web address has no title to take one from.")}
            )

    def shown_label(self):
        """The label, or else the name of what the entry leads to."""
        if self.label:
            return self.label
        if self.page_id:
            return self.page.title
        if self.section_id:
            return self.section.name
        if self.named_list:
            return str(NamedList(self.named_list).label) if self.named_list in NamedList else ""
        if self.statement_id:
            return self.statement.title
        if self.event_id:
            return self.event.title
        return self.url

    def reader_url(self):
        """Where the entry leads for readers; None while that is not public (a draft page,
        statement or event) or no longer exists (a list the site no longer has)."""
        if self.page_id:
            return self.page.get_absolute_url() if getattr(self, "page_public", False) else None
        if self.section_id:
            return self.section.get_absolute_url()
        if self.named_list:
            try:
                return reverse(self.named_list)
            except NoReverseMatch:
                return None
        if self.statement_id:
            public = getattr(self, "statement_public", False)
            return self.statement.get_absolute_url() if public else None
        if self.event_id:
            return self.event.get_absolute_url() if getattr(self, "event_public", False) else None
        return self.url or None


# Compiled once (see `publishing.prepared`): building the query cost more than running it,
# on every page rendered after a change.
READER_ENTRIES = Prepared(lambda now: MenuEntry.objects.for_readers(now))


def reader_menus():
    """Every menu as readers see it, in one query: {place: [{"label", "url"}, ...]}, each
    list in the menu's order."""
    menus = {location: [] for location in Menu.Location.values}
    for entry in READER_ENTRIES(now=timezone.now()):
        url = entry.reader_url()
        if url:
            menus.setdefault(entry.location, []).append({"label": entry.shown_label(), "url": url})
    return menus


def reader_links(location):
    """The menu at `location` as readers see it."""
    return reader_menus().get(location, [])
