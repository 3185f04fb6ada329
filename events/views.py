"""Public event pages: upcoming and past lists, the month calendar, the event page and its
calendar (.ics) exports. Lists show occurrences, so a weekly vigil appears every week."""

import calendar as month_calendar
import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView
from taggit.models import Tag, TaggedItem

from publishing.models import SiteSettings
from publishing.validators import clean_query_text
from publishing.views import PublishableDetailView

from . import ical
from .models import Event
from .recurrence import expand, occurrences
from .structured_data import event_data

PAGE_SIZE = 20
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the tag calendar's <slug:slug> accepts
FEED_HISTORY = datetime.timedelta(days=366)
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class EventFiltersMixin:
    """The one queryset every public event list starts from, narrowed by the reader's
    choice of kind, tag and city (plain GET parameters: the form needs no JavaScript).

    The parameters are whatever a URL carries: control characters are dropped before
    they reach the database (PostgreSQL refuses a NUL), and a tag that cannot be a slug
    simply matches nothing ("No events match these filters"), like an unknown one.
    """

    def filters(self):
        if not hasattr(self, "_filters"):
            get = self.request.GET
            kinds = dict(Event.Kind.choices)
            self._filters = {
                "kind": get.get("kind", "") if get.get("kind", "") in kinds else "",
                "tag": clean_query_text(get.get("tag", "")),
                "city": clean_query_text(get.get("city", "")),
            }
        return self._filters

    def events(self):
        queryset = Event.objects.published().for_listing()
        chosen = self.filters()
        if chosen["kind"]:
            queryset = queryset.filter(kind=chosen["kind"])
        if chosen["tag"]:
            queryset = queryset.filter(tags__slug=chosen["tag"])
        if chosen["city"]:
            queryset = queryset.filter(venue_city__iexact=chosen["city"])
        return queryset

    def filter_options(self):
        published = Event.objects.published()
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Event),
            object_id__in=published.values("pk"),
        )
        cities = (
            published.exclude(venue_city="")
            .order_by("venue_city")
            .values_list("venue_city", flat=True)
            .distinct()
        )
        return {
            "kinds": Event.Kind.choices,
            "tags": Tag.objects.filter(pk__in=tagged.values("tag_id")).order_by("name"),
            "cities": list(cities),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = self.filters()
        context.update(self.filter_options())
        # The topic's calendar link needs a slug; "a.b" gets the empty list without it.
        tag_slug = chosen["tag"] if SLUG.fullmatch(chosen["tag"]) else ""
        context["chosen"] = {**chosen, "tag": tag_slug}
        context["is_filtered"] = any(chosen.values())
        context["chosen_kind_label"] = dict(Event.Kind.choices).get(chosen["kind"], "")
        return context


class UpcomingEventListView(EventFiltersMixin, ListView):
    template_name = "events/event_list.html"
    context_object_name = "occurrences"
    paginate_by = PAGE_SIZE
    allow_empty = True
    listing = "upcoming"

    def get_queryset(self):
        now = timezone.now()
        return expand(self.events().upcoming(now), window_start=now)


class PastEventListView(UpcomingEventListView):
    listing = "past"

    def get_queryset(self):
        now = timezone.now()
        found = expand(self.events().past(now), window_end=now, reverse=True)
        return [occurrence for occurrence in found if occurrence.end < now]


class EventCalendarView(EventFiltersMixin, TemplateView):
    """A month as a table of weeks, each day listing what starts or runs on it."""

    template_name = "events/event_calendar.html"

    def month(self):
        if "year" not in self.kwargs:
            today = timezone.localdate()
            return today.year, today.month
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (1 <= month <= 12 and 1900 <= year <= 2999):
            raise Http404(_("No such month"))
        return year, month

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = self.month()
        weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        first_day, last_day = weeks[0][0], weeks[-1][-1]
        # Wide enough for every zone on Earth; days are then matched in the event's zone.
        window_start = datetime.datetime.combine(
            first_day - datetime.timedelta(days=1), datetime.time(), datetime.UTC
        )
        window_end = datetime.datetime.combine(
            last_day + datetime.timedelta(days=2), datetime.time(), datetime.UTC
        )
        events = self.events().overlapping(window_start, window_end)
        by_day = {}
        for occurrence in expand(events, window_start, window_end):
            for day in occurrence.days():
                by_day.setdefault(day, []).append(occurrence)
        today = timezone.localdate()
        context["weeks"] = [
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "is_today": day == today,
                    "occurrences": by_day.get(day, []),
                }
                for day in week
            ]
            for week in weeks
        ]
        shown = datetime.date(year, month, 1)
        previous = shown - datetime.timedelta(days=1)
        following = shown + datetime.timedelta(days=32)
        context.update(
            month_start=shown,
            previous_month=previous.replace(day=1),
            next_month=following.replace(day=1),
            weekday_names=WEEKDAY_NAMES,
        )
        return context


class EventDetailView(PublishableDetailView):
    model = Event
    template_name = "events/event_detail.html"

    def base_queryset(self):
        related = Event._meta
        articles = related.get_field("related_articles").related_model
        statements = related.get_field("related_statements").related_model
        return Event.objects.select_related("lead_image").prefetch_related(
            "tags",
            "speakers",
            "exceptions",
            Prefetch("related_articles", queryset=articles.objects.published()),
            Prefetch("related_statements", queryset=statements.objects.published()),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        now = timezone.now()
        coming = occurrences(event, window_start=now)
        context["next_occurrences"] = coming[:12]
        context["occurrence"] = coming[0] if coming else occurrences(event)[-1]
        context["is_over"] = not coming
        context["cancelled_dates"] = [
            exception for exception in event.exceptions.all() if exception.is_cancelled
        ]
        context["structured_data"] = event_data(self.request, event, context["occurrence"])
        return context


def ics_response(text, filename, download):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_ics(request, slug):
    """“Add to calendar”: one published event as a .ics file."""
    event = get_object_or_404(Event.objects.published().prefetch_related("exceptions"), slug=slug)
    text = ical.calendar([event], event.title, request.build_absolute_uri)
    return ics_response(text, f"{event.slug}.ics", download=True)


def calendar_feed(request, kind=None, slug=None):
    """A calendar to subscribe to: every published event from the last year on, or one
    kind's, or one tag's."""
    site_name = SiteSettings.load().name
    events = (
        Event.objects.published()
        .filter(last_end__gte=timezone.now() - FEED_HISTORY)
        .prefetch_related("exceptions")
        .order_by("start", "pk")
    )
    name = _("%(site)s: events") % {"site": site_name}
    filename = "events.ics"
    if kind is not None:
        labels = dict(Event.Kind.choices)
        if kind not in labels:
            raise Http404(_("No such kind of event"))
        events = events.filter(kind=kind)
        name = f"{site_name}: {labels[kind]}"
        filename = f"events-{kind}.ics"
    if slug is not None:
        tag = get_object_or_404(Tag, slug=slug)
        events = events.filter(tags=tag)
        name = f"{site_name}: {tag.name}"
        filename = f"events-{tag.slug}.ics"
    text = ical.calendar(events, name, request.build_absolute_uri)
    return ics_response(text, filename, download=False)
