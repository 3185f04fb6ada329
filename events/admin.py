"""Admin for events: times typed in the event's zone, speakers and exceptions inline,
filters for upcoming and past, and a "duplicate" action for irregular series.

The edit form is grouped so that the usual event fits about two screens: what and when,
where, whether it is still on, speakers and publication are open; the map position,
repeats, exceptions, admission and tickets, the organiser, related items, the lead image
and search text are folded away until needed (a folded group with a mistake in it opens
by itself)."""

from django.contrib import admin, messages
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from images.admin import ImageChooserMixin
from images.models import LeadImage
from publishing.ordering import OrderedInlineMixin
from publishing.publishable_admin import PublishableAdmin

from .forms import EventForm
from .models import Event, EventException, Speaker
from .recurrence import local_starts


class SpeakerInline(OrderedInlineMixin, admin.TabularInline):
    """Speakers in the order they are listed, put in order by dragging or with each row's
    up and down buttons."""

    model = Speaker
    fields = ["name", "role", "country", "attendance", "order"]
    extra = 0
    verbose_name_plural = _("speakers (in order)")


class EventExceptionFormSet(BaseInlineFormSet):
    """An exception must name a date on which the series actually takes place."""

    def clean(self):
        super().clean()
        event = self.instance
        if event.start is None or event.start.tzinfo is None:
            return  # the times themselves are wrong; their own messages say so
        dates = {start.date() for start in local_starts(event)} if event.repeat else set()
        for form in self.forms:
            day = getattr(form, "cleaned_data", {}).get("date")
            if day is None or form.cleaned_data.get("DELETE") or day in dates:
                continue
            if not event.repeat:
                message = _("Only repeating events have exceptions: this event happens once.")
            else:
                message = _(
                    "The event does not take place on %(date)s. Choose one of its dates, "
                    "for example %(example)s."
                ) % {
                    "date": f"{day:%A} {day.day} {day:%B %Y}",
                    "example": ", ".join(f"{d.day} {d:%B}" for d in sorted(dates)[:3]),
                }
            form.add_error("date", message)


class EventExceptionInline(admin.TabularInline):
    model = EventException
    formset = EventExceptionFormSet
    fields = ["date", "kind", "note"]
    extra = 0
    classes = ["collapse"]


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(last_end__gte=now)
        if self.value() == "past":
            return queryset.filter(last_end__lt=now)
        return queryset


def duplicate(event, user=None):
    """A draft copy of `event` with its speakers, tags and exceptions, for the next date
    of a series that does not follow a rule."""
    speakers = list(event.speakers.all())
    exceptions = list(event.exceptions.all())
    tags = list(event.tags.all())
    articles = list(event.related_articles.all())
    statements = list(event.related_statements.all())
    copy = Event.objects.get(pk=event.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy._calendar_snapshot = None
    copy.uid = Event._meta.get_field("uid").get_default()
    copy.slug = ""
    copy.title = _("%(title)s (copy)") % {"title": event.title}
    copy.status = Event.Status.DRAFT
    copy.sequence = 0
    copy.previous_start = None  # a new event has not been moved
    copy.created_by = copy.updated_by = user
    copy.save()
    for speaker in speakers:
        speaker.pk = None
        speaker.event = copy
    Speaker.objects.bulk_create(speakers)
    for exception in exceptions:
        exception.pk = None
        exception.event = copy
    EventException.objects.bulk_create(exceptions)
    copy.tags.set(tags)
    copy.related_articles.set(articles)
    copy.related_statements.set(statements)
    return copy


@admin.register(Event)
class EventAdmin(ImageChooserMixin, PublishableAdmin):
    form = EventForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [SpeakerInline, EventExceptionInline]
    list_display = [
        "title",
        "is_live",
        "publication",
        "local_start",
        "event_status",
        "kind",
        "venue_city",
        "attendance",
    ]
    list_filter = [WhenFilter, "event_status", "kind", "attendance", "status", "venue_city"]
    search_fields = ["title", "venue_name", "venue_city", "organiser_name", "speakers__name"]
    date_hierarchy = "start"
    ordering = ["-start"]
    autocomplete_fields = ["lead_image", "related_statements", "related_articles"]
    actions = ["publish", "unpublish", "duplicate_events"]
    fieldsets = [
        (
            None,
            {"fields": ["title", ("kind", "tags", "slug"), "summary", "description"]},
        ),
        # Times are typed as they are where the event happens (the help texts say so).
        (
            _("When, and is it still on?"),
            {"fields": [("start", "end", "time_zone", "all_day"), ("event_status", "status_note")]},
        ),
        (
            _("Where"),
            {
                "fields": [
                    ("attendance", "venue_name", "venue_address"),
                    ("venue_city", "venue_postcode", "venue_country"),
                    ("online_url", "online_notes"),
                ]
            },
        ),
        # Rarely typed: folded, so that the form stays about two screens long.
        (
            _("Position on a map"),
            {"fields": [("venue_latitude", "venue_longitude")], "classes": ["collapse"]},
        ),
        (_("Publication on this site"), {"fields": [("status", "publish_at")]}),
        (
            _("Repeats"),
            {
                "fields": ["repeat", ("repeat_interval", "repeat_until", "repeat_count")],
                "description": _(
                    "For a weekly vigil or a monthly meeting: enter it once with a rule. "
                    "Skipped or cancelled dates go in “exceptions” below."
                ),
                "classes": ["collapse"],
            },
        ),
        (
            _("Admission and tickets"),
            {
                "fields": [("admission", "price", "price_currency"), "registration_url"],
                "classes": ["collapse"],
            },
        ),
        (
            _("Organiser"),
            # The text's language too: rarely other than the site's, so folded here.
            {"fields": [("organiser_name", "organiser_url"), "language"], "classes": ["collapse"]},
        ),
        (
            _("Related"),
            {"fields": ["related_statements", "related_articles"], "classes": ["collapse"]},
        ),
        (_("Lead image"), {"fields": LeadImage.LEAD_IMAGE_FIELDS, "classes": ["collapse"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        """An event moved while rescheduled or postponed says from when (read only: it
        is kept by itself, see `Event.previous_start`)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.previous_start is None:
            return fieldsets
        when_title = _("When, and is it still on?")
        return [
            (name, {**options, "fields": [*options["fields"], "previously_planned"]})
            if name == when_title
            else (name, options)
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        found = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.previous_start is not None:
            found.append("previously_planned")
        return found

    @admin.display(description=_("previously planned start"))
    def previously_planned(self, obj):
        local = obj.local_previous_start
        return f"{local:%d %b %Y %H:%M} {local.tzname()}" if local else "–"

    @admin.display(description=_("start"), ordering="start")
    def local_start(self, obj):
        local = obj.local_start
        return f"{local:%d %b %Y %H:%M} {local.tzname()}"

    @admin.action(description=_("Duplicate selected events (as drafts)"))
    def duplicate_events(self, request, queryset):
        with transaction.atomic():
            copies = [duplicate(event, request.user) for event in queryset]
        self.message_user(
            request,
            ngettext(
                "%d draft copy made: change its date and publish it.",
                "%d draft copies made: change their dates and publish them.",
                len(copies),
            )
            % len(copies),
            messages.SUCCESS,
        )
