"""Events, their speakers and the exceptions to a repeating event's rule.

Times are stored in UTC; `time_zone` says where the event happens and how its times are
shown and exported. A repeating event is stored once, with its rule; `recurrence.py`
reads the rule, and `occurrences.py` keeps the dates of published events as rows of
`Occurrence` that lists, the calendar and feeds read by date range.
"""

import datetime
import decimal
import functools
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from images.models import LeadImage
from publishing.fields import SafeURLField
from publishing.links import slug_url
from publishing.models import Publishable
from publishing.roles import ALL, AUTHOR, EDITOR, OWN_WORK
from publishing.slugs import unique_slug
from publishing.validators import no_control_characters, no_control_characters_in_text
from richtext.fields import RichTextField

from .admission import (
    ADMISSION_HELP,
    CURRENCY_CODE_HELP,
    NEGATIVE_PRICE,
    default_currency,
    format_price,
    validate_currency_code,
)
from .querysets import EventQuerySet, OccurrenceQuerySet
from .recurrence import EARLIEST, LATEST, series_end

RESERVED_SLUGS = {"past", "calendar", "kinds", "tags", "feed"}

# Changes to these fields change what a subscribed calendar shows: they bump SEQUENCE.
CALENDAR_FIELDS = (
    "title", "start", "end", "all_day", "time_zone", "attendance", "venue_name",
    "venue_address", "venue_city", "venue_postcode", "venue_country", "venue_latitude",
    "venue_longitude", "online_url", "event_status", "status_note", "repeat",
    "repeat_interval", "repeat_until", "repeat_count", "summary",
)  # fmt: skip


OUT_OF_HORIZON = _(
    "Choose a date between 1900 and 2199: calendars cannot hold events outside those years."
)


# Coordinates are kept to six decimal places (about 10 cm), as maps give them.
COORDINATE_PLACES = decimal.Decimal("0.000001")
LATITUDE_RANGE = _("A latitude is between -90 and 90 (south is negative): check the number.")
LONGITUDE_RANGE = _("A longitude is between -180 and 180 (west is negative): check the number.")
COORDINATES_HELP = _(
    "Optional, so that calendar apps can show the venue on a map. In a map (for example "
    "openstreetmap.org: right-click the venue, “Show address” or “What's here?”) copy the "
    "two numbers: the first is the latitude, the second the longitude. You may paste "
    "both, separated by a comma, into Latitude."
)


# Countries whose addresses put the town before the postcode.
CITY_BEFORE_POSTCODE = frozenset({"GB", "IE", "US", "CA", "AU", "NZ"})


@functools.cache
def choice_names(choices, language):
    """The labels of `choices` translated into `language`, by value: translating a label
    costs more than the rest of a card, and lists show many."""
    return {value: str(label) for value, label in choices.choices}


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def site_time_zone():
    """A new event's zone: the site's (`TIME_ZONE`), read when the event is made, so that
    the migrations do not hold one site's zone and every other site's `migrate` does not
    find a change to the model."""
    return settings.TIME_ZONE


class Event(LeadImage, Publishable):
    """A demonstration, picket, meeting, conference or webinar, once or repeating."""

    class Kind(models.TextChoices):
        DEMONSTRATION = "demonstration", _("Demonstration")
        MARCH = "march", pgettext_lazy("a kind of event", "March")
        PICKET = "picket", _("Picket")
        VIGIL = "vigil", _("Vigil")
        PUBLIC_MEETING = "public-meeting", _("Public meeting")
        CONFERENCE = "conference", _("Conference")
        WEBINAR = "webinar", _("Webinar")
        SOCIAL = "social", _("Social")
        OTHER = "other", _("Other")

    class Attendance(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    class EventStatus(models.TextChoices):
        SCHEDULED = "scheduled", _("On, as planned")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        MOVED_ONLINE = "moved-online", _("Moved online")

    class Admission(models.TextChoices):
        NOT_STATED = "", _("Not stated")
        FREE = "free", _("Free")
        PAID = "paid", _("Paid (a ticket price)")
        PAY_WHAT_YOU_CAN = "pay-what-you-can", _("Pay what you can (donation)")

    class Repeat(models.TextChoices):
        NEVER = "", _("Does not repeat")
        WEEKLY = "weekly", _("Weekly, on the same weekday")
        MONTHLY_DATE = "monthly-date", _("Monthly, on the same date (e.g. the 12th)")
        MONTHLY_WEEKDAY = "monthly-weekday", _("Monthly, on the same weekday (e.g. 2nd Tuesday)")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = RichTextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=site_time_zone,
        help_text=_("Where the event happens. Start and end are entered in this zone."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    venue_name = models.CharField(
        _("venue"), max_length=200, blank=True, validators=[no_control_characters]
    )
    venue_address = models.CharField(
        _("street address"), max_length=250, blank=True, validators=[no_control_characters]
    )
    venue_city = models.CharField(
        _("city"), max_length=100, blank=True, db_index=True, validators=[no_control_characters]
    )
    venue_postcode = models.CharField(
        _("postcode"), max_length=20, blank=True, validators=[no_control_characters]
    )
    venue_country = CountryField(_("country"), blank=True)
    venue_latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-90, message=LATITUDE_RANGE),
            MaxValueValidator(90, message=LATITUDE_RANGE),
        ],
        help_text=COORDINATES_HELP,
    )
    venue_longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-180, message=LONGITUDE_RANGE),
            MaxValueValidator(180, message=LONGITUDE_RANGE),
        ],
        help_text=_("E.g. -0.104 for Clerkenwell Green, London (east is positive)."),
    )
    online_url = SafeURLField(_("online link"), max_length=500, blank=True)
    online_notes = models.TextField(
        _("joining notes"),
        blank=True,
        validators=[no_control_characters_in_text],
        help_text=_("For example a meeting ID or passcode."),
    )
    registration_url = SafeURLField(
        _("tickets or registration link"),
        max_length=500,
        blank=True,
        help_text=_("Where people buy a ticket or register, if they must."),
    )
    admission = models.CharField(
        _("entry"),
        max_length=16,
        choices=Admission.choices,
        default=Admission.NOT_STATED,
        blank=True,
        help_text=ADMISSION_HELP,
    )
    price = models.DecimalField(
        _("price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=NEGATIVE_PRICE)],
        help_text=_("Of one ticket, e.g. 5.00. Pay what you can: a suggested amount, if any."),
    )
    price_currency = models.CharField(
        _("currency"),
        max_length=3,
        default=default_currency,
        blank=True,
        validators=[validate_currency_code],
        help_text=CURRENCY_CODE_HELP,
    )
    organiser_name = models.CharField(
        _("organiser"), max_length=200, blank=True, validators=[no_control_characters]
    )
    organiser_url = SafeURLField(_("organiser's link"), max_length=500, blank=True)
    event_status = models.CharField(
        _("event status"),
        max_length=14,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text=_("Cancelled, postponed and moved events stay listed, clearly marked."),
    )
    status_note = models.CharField(
        _("status note"),
        max_length=300,
        blank=True,
        validators=[no_control_characters],
        help_text=_("Shown with the status, e.g. “Postponed because of the rail strike”."),
    )
    repeat = models.CharField(
        _("repeats"), max_length=16, choices=Repeat.choices, default=Repeat.NEVER, blank=True
    )
    repeat_interval = models.PositiveSmallIntegerField(
        _("every"), default=1, help_text=_("1 = every week or month, 2 = every other one…")
    )
    repeat_until = models.DateField(
        _("repeat until"), null=True, blank=True, help_text=_("The last possible date.")
    )
    repeat_count = models.PositiveSmallIntegerField(
        _("number of times"), null=True, blank=True, help_text=_("Or: how many times in all.")
    )
    related_statements = models.ManyToManyField(
        "statements.Statement", verbose_name=_("related statements"), blank=True, related_name="+"
    )
    related_articles = models.ManyToManyField(
        "articles.Article", verbose_name=_("related articles"), blank=True, related_name="+"
    )
    previous_start = models.DateTimeField(
        _("previously planned start"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Kept by itself: when the start of an event marked “rescheduled” or “postponed” "
            "is moved, the start it had is kept here and shown as “Rescheduled from …”. "
            "Change the date and the status in the same save, or the status first. A later "
            "move or a cancellation keeps the first date; “On, as planned”, “Moved "
            "online” or moving it back clears it."
        ),
    )
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    last_end = models.DateTimeField(editable=False, null=True, db_index=True)

    objects = EventQuerySet.as_manager()

    search_fields = {"A": ["title"], "B": ["summary"], "C": ["description"]}
    # A result shows its date and times where the event happens (`search_occurrence`).
    search_result_fields = (
        "slug", "status", "publish_at", "language", "start", "end", "all_day", "time_zone",
    )  # fmt: skip
    preview_view = "events.views.EventDetailView"

    class Meta(Publishable.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="event_pub_idx"),
            models.Index(fields=["translation_of", "language"], name="event_translation_idx"),
            models.Index(fields=["status", "last_end", "start"], name="event_upcoming_idx"),
            models.Index(fields=["status", "end", "start"], name="event_past_idx"),
            models.Index(fields=["kind", "start"], name="event_kind_idx"),
            # Every column of `published()`: the filters' topics and the calendar's first
            # month read this index alone, never the rows (see `views.py`).
            models.Index(
                fields=["status", "start", "publish_at", "end", "last_end"],
                name="event_published_idx",
            ),
            # The city, then `published()`'s columns: the filters' cities are read in its
            # order, and whether a city has a published event is one step along it.
            models.Index(
                fields=["status", "venue_city", "publish_at", "start", "end", "last_end"],
                name="event_city_idx",
            ),
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The values as loaded, turned into the comparable state only when the event is
        # saved: a list page loads twenty events for each that is ever saved.
        instance._calendar_snapshot = tuple(map(instance.__dict__.get, CALENDAR_FIELDS))
        instance._stored_start = instance.__dict__.get("start")
        return instance

    def calendar_state(self):
        return tuple(str(self.__dict__.get(name)) for name in CALENDAR_FIELDS)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.title, instance_pk=self.pk)
        for name in ("venue_latitude", "venue_longitude"):
            # As the database keeps them, so that a value typed with fewer places does
            # not count as a change of the calendar (see CALENDAR_FIELDS).
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, decimal.Decimal(str(value)).quantize(COORDINATE_PLACES))
        if self.slug in RESERVED_SLUGS:
            # /events/past/ and /events/calendar/ are list pages, not events.
            self.slug = unique_slug(type(self), f"{self.slug} event", instance_pk=self.pk)
        snapshot = getattr(self, "_calendar_snapshot", None)
        if self.pk and snapshot is not None and tuple(map(str, snapshot)) != self.calendar_state():
            self.sequence += 1
        if not self.price_currency:
            self.price_currency = default_currency()
        self.previous_start = self.derived_previous_start()
        self.last_end = series_end(self)
        super().save(*args, **kwargs)
        self._calendar_snapshot = self.calendar_state()
        self._stored_start = self.start

    def derived_previous_start(self):
        """The start readers were told before the event was moved (see the field's help):
        the stored start, when this save moves the start of an event marked rescheduled
        or postponed; kept through later moves and a cancellation; cleared when the
        event is on as planned or moved online, or moved back to that start."""
        status = self.EventStatus
        moved = self.event_status in (status.RESCHEDULED, status.POSTPONED)
        if not moved and self.event_status != status.CANCELLED:
            return None
        previous = self.previous_start
        stored = getattr(self, "_stored_start", None)
        if previous is None and moved and self.pk and stored not in (None, self.start):
            previous = stored
        return None if previous == self.start else previous

    def carry_over_from(self, previous):
        """A restored event keeps its calendar revision moving forward: subscribed
        calendars drop an update whose SEQUENCE is not higher than the one they have."""
        super().carry_over_from(previous)
        self.sequence = previous.sequence
        self._calendar_snapshot = previous.calendar_state()
        self._stored_start = previous.start

    @classmethod
    def next_change_queries(cls, now):
        """When event pages next change by themselves (for the page cache): a scheduled
        event going live, or an occurrence ending and so leaving the upcoming lists."""
        next_end = (
            Occurrence.objects.published(now)
            .filter(end__gt=now)
            .order_by("end")
            .values_list("end", flat=True)[:1]
        )
        return [*super().next_change_queries(now), next_end]

    def get_absolute_url(self):
        return slug_url("events:event-detail", self.slug)

    def get_ics_url(self):
        return reverse("events:event-ics", kwargs={"slug": self.slug})

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.start.astimezone(self.tz)

    @property
    def local_end(self):
        return self.end.astimezone(self.tz)

    @classmethod
    def search_annotations(cls, now):
        """What search results read with each event (see `publishing.search`): the start
        of the date they show, the next one not over or else the last one (the stored
        dates; a date cancelled on its own is a date still)."""
        dates = Occurrence.objects.filter(event=models.OuterRef("pk")).values("start")
        return {
            "search_start": Coalesce(
                models.Subquery(dates.filter(end__gte=now).order_by("start")[:1]),
                models.Subquery(dates.order_by("-start")[:1]),
                models.F("start"),
                output_field=models.DateTimeField(),
            )
        }

    @property
    def search_occurrence(self):
        """The date a search result shows (as lists show it): from `search_annotations`,
        or the first date if the event was read without it."""
        start = getattr(self, "search_start", None) or self.start
        return Occurrence(
            event=self,
            start=start,
            end=start + (self.end - self.start),
            publish_at=self.publish_at,
        )

    @property
    def kind_name(self):
        """As `get_kind_display()`, which costs far more on a list of cards."""
        return choice_names(self.Kind, get_language()).get(self.kind, self.kind)

    @property
    def attendance_name(self):
        return choice_names(self.Attendance, get_language()).get(self.attendance, self.attendance)

    @property
    def is_repeating(self):
        return bool(self.repeat)

    @property
    def is_in_person(self):
        return self.attendance in (self.Attendance.IN_PERSON, self.Attendance.HYBRID)

    @property
    def is_online(self):
        return self.attendance in (self.Attendance.ONLINE, self.Attendance.HYBRID)

    @property
    def is_called_off(self):
        return self.event_status in (self.EventStatus.CANCELLED, self.EventStatus.POSTPONED)

    @property
    def is_rescheduled(self):
        return self.event_status == self.EventStatus.RESCHEDULED

    @property
    def local_previous_start(self):
        return self.previous_start.astimezone(self.tz) if self.previous_start else None

    @property
    def price_label(self):
        """What entry costs, as the event page says it: “Free”, “€5.00”, “Pay what you
        can” (with a suggested amount, if given); empty when not stated."""
        if self.admission == self.Admission.FREE:
            return str(_("Free"))
        if self.admission == self.Admission.PAID and self.price is not None:
            return format_price(self.price, self.price_currency)
        if self.admission == self.Admission.PAY_WHAT_YOU_CAN:
            if self.price:
                return str(_("Pay what you can (suggested %(price)s)")) % {
                    "price": format_price(self.price, self.price_currency)
                }
            return str(_("Pay what you can"))
        return ""

    @property
    def tickets_label(self):
        """The words of the tickets or registration link."""
        return str(_("Tickets")) if self.admission == self.Admission.PAID else str(_("Register"))

    @property
    def repeat_description(self):
        from .recurrence import describe

        return describe(self)

    @property
    def geo(self):
        """(latitude, longitude) of the venue of an in-person or hybrid event, if given."""
        if self.is_in_person and None not in (self.venue_latitude, self.venue_longitude):
            return (self.venue_latitude, self.venue_longitude)
        return None

    @property
    def venue_lines(self):
        """The venue as a reader writes it on an envelope, without empty parts."""
        # Where the postcode goes by country: after the town in these, before it elsewhere
        # (most of continental Europe).
        town_parts = (self.venue_postcode, self.venue_city)
        if self.venue_country and self.venue_country.code in CITY_BEFORE_POSTCODE:
            town_parts = town_parts[::-1]
        town = " ".join(part for part in town_parts if part)
        country = self.venue_country.name if self.venue_country else ""
        parts = (self.venue_name, self.venue_address, town, country)
        return [part for part in parts if part]

    def clean(self):
        super().clean()
        errors = self.horizon_errors()
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The event ends before it starts: check the end date and time.")
        if self.is_online and not self.online_url:
            errors["online_url"] = _("An online or hybrid event needs the link people use to join.")
        if self.is_in_person and not (self.venue_name or self.venue_address):
            errors["venue_name"] = _(
                "An in-person or hybrid event needs a venue: a name or a street address."
            )
        if self.repeat and self.repeat_until and self.repeat_count:
            errors["repeat_count"] = _("Give either a last date or a number of times, not both.")
        elif self.repeat and not (self.repeat_until or self.repeat_count):
            errors["repeat_until"] = _("A repeating event needs a last date or a number of times.")
        if self.repeat and self.start and self.repeat_until and not errors.get("start"):
            if self.repeat_until < self.start.astimezone(self.tz).date():
                errors["repeat_until"] = _("The last date is before the first event.")
        if self.repeat and self.repeat_interval < 1:
            errors["repeat_interval"] = _("Repeat at least every 1 week or month.")
        if self.repeat and self.start and self.end and not errors and self.runs_too_long():
            field = "repeat_count" if self.repeat_count else "repeat_until"
            errors[field] = _("The series would run past 2199: repeat it fewer times.")
        has_latitude = self.venue_latitude is not None
        if has_latitude != (self.venue_longitude is not None):
            missing = "venue_longitude" if has_latitude else "venue_latitude"
            errors.setdefault(
                missing,
                _(
                    "Give both the latitude and the longitude of the venue, or neither: "
                    "one alone cannot place it on a map."
                ),
            )
        if not {"admission", "price"} & getattr(self, "_not_validated", set()):
            for name, message in self.admission_errors().items():
                errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def full_clean(self, exclude=None, *args, **kwargs):
        # A form leaves out the fields it found wrong (a price that is not a number):
        # entry and price are compared only when both are known.
        self._not_validated = set(exclude or ())
        super().full_clean(exclude, *args, **kwargs)

    def admission_errors(self):
        """Entry and price must agree: a paid event has a price above nothing, a free
        one none, and a price needs to say what kind of entry it is for."""
        found = {}
        price = self.price
        if price is not None and price < 0:
            return found  # the field's own validator says so
        if self.admission == self.Admission.PAID:
            if price is None:
                found["price"] = _("A paid event needs its price: enter the price of a ticket.")
            elif price == 0:
                found["price"] = _(
                    "A paid event costs more than 0: choose “Free” if entry is free."
                )
        elif self.admission == self.Admission.FREE and price is not None:
            found["price"] = _("A free event has no price: clear the price, or choose “Paid”.")
        elif self.admission == self.Admission.NOT_STATED and price is not None:
            found["admission"] = _(
                "Say whether entry is free, paid or pay what you can, or clear the price."
            )
        return found

    def horizon_errors(self):
        """Dates outside the years calendars can hold (see `recurrence.EARLIEST`)."""
        found = {}
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and not EARLIEST <= value < LATEST:
                found[name] = OUT_OF_HORIZON
        until = self.repeat_until
        if until is not None and not EARLIEST.date() <= until < LATEST.date():
            found["repeat_until"] = OUT_OF_HORIZON
        return found

    def runs_too_long(self):
        try:
            return series_end(self) >= LATEST
        except OverflowError:
            return True


class Speaker(models.Model):
    class Attendance(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        REMOTE = "remote", _("Remote")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150, validators=[no_control_characters])
    role = models.CharField(
        _("role or organisation"), max_length=200, blank=True, validators=[no_control_characters]
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Where the speaker comes from or works, if useful.")
    )
    attendance = models.CharField(
        _("joins"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    role_permissions = {AUTHOR: OWN_WORK, EDITOR: ALL}

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    @property
    def is_remote(self):
        return self.attendance == self.Attendance.REMOTE


class EventException(models.Model):
    """One occurrence of a repeating event that is skipped, or cancelled with a note."""

    class Kind(models.TextChoices):
        SKIPPED = "skipped", _("Skipped (not held, not shown)")
        CANCELLED = "cancelled", _("Cancelled (shown as cancelled)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"), help_text=_("The date of the occurrence, where it happens."))
    kind = models.CharField(_("what happens"), max_length=10, choices=Kind.choices)
    note = models.CharField(
        _("public note"),
        max_length=300,
        blank=True,
        validators=[no_control_characters],
        help_text=_("E.g. “No vigil at Easter”."),
    )

    role_permissions = {AUTHOR: OWN_WORK, EDITOR: ALL}

    class Meta:
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions to the repeat rule")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="one_exception_per_date")
        ]

    def __str__(self):
        return f"{self.date}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    @property
    def is_cancelled(self):
        return self.kind == self.Kind.CANCELLED


class Occurrence(models.Model):
    """One date of an event. The dates of published events are stored (`occurrences.py`
    keeps them in step with the event and its exceptions) so that lists, the calendar and
    feeds read a range of dates from the database; unsaved ones stand for the dates of a
    draft, in previews. `start` and `end` are UTC; templates localise them."""

    # Indexed by `occurrence_month_idx`, which begins with it (a second index on the
    # event alone would only tempt the planner away from that one).
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="occurrences",
        verbose_name=_("event"),
        db_index=False,
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # The days it starts and ends on where it happens: the calendar's days. Most end on
    # the day they start or the next; the few that run on three days or more are "long".
    local_date = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    # The first day of `local_date`'s month: lists show a series once a month (see
    # `OccurrenceQuerySet.one_card_a_month`).
    local_month = models.DateField(_("month"))
    is_long = models.BooleanField(_("on three days or more"), default=False)
    # The event's publish time, so that public lists need nothing but this table.
    publish_at = models.DateTimeField(_("publish at"))
    cancelled = models.BooleanField(_("cancelled on this date"), default=False)
    cancellation_note = models.CharField(_("public note"), max_length=300, blank=True)
    # The latest end of the event's earlier dates in the same month, and the earliest end
    # of its later ones (None where there are none): whether a date takes its month's
    # card is then a comparison on its own row (see `OccurrenceQuerySet.one_card_a_month`).
    # Kept by `occurrences.link_months` whenever dates are stored.
    earlier_dates_end = models.DateTimeField(null=True, editable=False)
    later_dates_end = models.DateTimeField(null=True, editable=False)

    objects = OccurrenceQuerySet.as_manager()

    # Rows made from an event as it is saved: that save already renews cached pages, and
    # renewing them once per date as well would cost a write each.
    shown_to_readers = False

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["start", "event_id"]
        indexes = [
            models.Index(fields=["start", "event"], name="occurrence_start_idx"),
            models.Index(fields=["end"], name="occurrence_end_idx"),
            models.Index(
                fields=["local_date", "last_day", "is_long", "publish_at"],
                name="occurrence_day_idx",
            ),
            models.Index(
                fields=["start", "event"],
                condition=models.Q(is_long=True),
                name="occurrence_long_idx",
            ),
            models.Index(fields=["event", "local_month", "start"], name="occurrence_month_idx"),
        ]

    def __str__(self):
        return f"{self.event}: {self.local_start:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    @property
    def local_start(self):
        return self.start.astimezone(self.event.tz)

    @property
    def local_end(self):
        return self.end.astimezone(self.event.tz)

    @property
    def cancelled_note(self):
        """The note of a date cancelled by an exception (maybe empty); None if it is on."""
        return self.cancellation_note if self.cancelled else None

    @property
    def status(self):
        """The event's status, except that an exception can cancel this one date."""
        return Event.EventStatus.CANCELLED if self.cancelled else self.event.event_status

    @property
    def is_cancelled(self):
        return self.status == Event.EventStatus.CANCELLED

    @property
    def status_label(self):
        return Event.EventStatus(self.status).label

    @property
    def status_note(self):
        return self.cancellation_note if self.cancelled else self.event.status_note

    def days(self):
        """The local dates it runs on, first to last."""
        day = self.local_date
        while day <= self.last_day:
            yield day
            day += datetime.timedelta(days=1)
