"""Public event pages: upcoming and past lists, the month calendar and its days, the event
page and its calendar (.ics) exports. Lists read the stored occurrences by date range, a
page at a time, and show them under month headings; a weekly vigil is one card a month,
with its rule and its next date, so that every page holds a full page of cards."""

import calendar as month_calendar
import datetime
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Prefetch
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from taggit.models import Tag, TaggedItem

from pagecache.modified import shows
from pagecache.versions import remember
from publishing.language_sites import filter_in_language, is_multilingual
from publishing.links import address
from publishing.models import SiteSettings
from publishing.pagination import MAX_PAGES, PastShownPages, past_shown_pages
from publishing.prepared import Prepared
from publishing.validators import clean_query_text
from publishing.views import PublishableDetailView

from . import ical
from .cards import CARD_COLUMNS, DATE_COLUMNS, CardDate, card_dates
from .models import Event, Occurrence, choice_names
from .occurrences import occurrences
from .querysets import ONE_DAY, SHORT, AsStored, long_bound
from .recurrence import LATEST
from .structured_data import event_data
from .templatetags.event_tags import event_moment

PAGE_SIZE = 20


def filter_choices(now):
    """The filters' choices, in one query: the topics of published events (by name) and
    their cities, as rows of (group, value, label).

    Topics: the tags of the published events, read from `event_published_idx` alone
    (never the rows), each tag once. Tags are joined by the content type's name, as
    taggit does, never by its id: compiled SQL must not keep an id of a row that Django
    itself may recreate (tests flush them).

    Cities: one event of each city among events marked published, read along
    `event_city_idx`; then, for each city, whether it has an event that is public now,
    one step along the same index. Asking `published()` of every event instead costs
    several comparisons of dates each."""
    published = Event.objects.published(now)
    tagged = TaggedItem.objects.filter(
        content_type__app_label=Event._meta.app_label,
        content_type__model=Event._meta.model_name,
        object_id__in=published.values("pk"),
    ).values("tag_id")
    tags = (
        Tag.objects.filter(pk__in=tagged)
        .annotate(group=models.Value("tag"), value=models.F("slug"), label=models.F("name"))
        .order_by()
        .values_list("group", "value", "label")
    )
    one_a_city = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .exclude(venue_city="")
        .values("venue_city")
        .annotate(first=models.Min("pk"))
        .values("first")
    )
    cities = (
        Event.objects.filter(pk__in=one_a_city)
        .filter(models.Exists(published.filter(venue_city=models.OuterRef("venue_city"))))
        .annotate(
            group=models.Value("city"), value=models.F("venue_city"), label=models.F("venue_city")
        )
        .order_by()
        .values_list("group", "value", "label")
    )
    return tags.union(cities, all=True).order_by("group", "label")


def published_span(now):
    """The first start and the last end of published events, as one row (none without
    published events). Each is the first entry of an index read in order: the start
    from `event_published_idx`, the end from `event_upcoming_idx` read backwards, where
    MIN() and MAX() over a filter would read every published event. `last_end < LATEST`
    repeats what `published()` asks, in a form that index can answer."""
    published = Event.objects.published(now)
    last = published.filter(last_end__lt=LATEST).order_by("-last_end").values("last_end")[:1]
    return (
        published.annotate(last=models.Subquery(last))
        .order_by("start")
        .values_list("start", "last")[:1]
    )


# What the lists ask on every view, each compiled once (see `publishing.prepared`).
FILTER_OPTIONS = Prepared(filter_choices)
EVENT_SPAN = Prepared(published_span)


def short_day_counts(occurrences, first_day, last_day, day_before=None):
    """(start day, last day, how many) of the short `occurrences` on those days."""
    short = occurrences.short_on_days(first_day, last_day, day_before)
    return short.values_list("local_date", "last_day").annotate(count=Count("pk")).order_by()


def on_quiet_days(occurrences, quiet_days, days_before):
    """The short `occurrences` on `quiet_days` (`days_before`: the day before each)."""
    on_days = models.Q(local_date__in=quiet_days) | models.Q(
        local_date__in=days_before, last_day__in=quiet_days
    )
    return occurrences.filter(on_days, is_long=False).values_list(*CARD_COLUMNS)


SHORT_DAY_COUNTS = Prepared(
    lambda now, first, last, day_before: short_day_counts(
        Occurrence.objects.published(now), first, last, day_before
    )
)
LONG_ON_DAYS = Prepared(
    lambda now, first, last, bound: (
        Occurrence.objects.published(now)
        .long_on_days(first, last, bound)
        .values_list(*CARD_COLUMNS)
    )
)
ON_QUIET_DAYS = Prepared(
    lambda now, quiet, before: on_quiet_days(Occurrence.objects.published(now), quiet, before)
)
UPCOMING_ROWS = Prepared(
    lambda start, stop, now, short_ago: (
        Occurrence.objects.published(now)
        .upcoming(now, short_ago)
        .one_card_a_month(now)
        .values_list(*CARD_COLUMNS)[start:stop]
    )
)
PAST_ROWS = Prepared(
    lambda start, stop, now: (
        Occurrence.objects.published(now)
        .past(now)
        .one_card_a_month(now, newest_first=True)
        .values_list(*CARD_COLUMNS)[start:stop]
    )
)


def _series_dates(newest_first, now, events, months):
    # Read along the index by event and month: the end is compared as stored.
    ended = AsStored("end")
    on_list = Occurrence.objects.filter(
        LessThan(ended, now) if newest_first else GreaterThanOrEqual(ended, now)
    )
    order = ("-start", "-event_id") if newest_first else ("start", "event_id")
    return (
        on_list.filter(event_id__in=events, local_month__in=months)
        .order_by(*order)
        .values_list(*DATE_COLUMNS)
    )


# The dates on a list of the series it shows, compiled once for each number of series and
# months on a page (see `publishing.prepared`).
SERIES_DATES = Prepared(_series_dates)
DAY_LIMIT = 4  # a calendar day with more occurrences says how many, linking to its list
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the tag calendar's <slug:slug> accepts
FEED_HISTORY = datetime.timedelta(days=366)
MONTHS_AHEAD = 24  # how far past the last event (or today) the calendar goes


@functools.lru_cache(maxsize=32)
def weekday_names(language):
    """(name, abbreviation) of each weekday, Monday first, in `language` (the active one)."""
    return tuple((str(WEEKDAYS[day]), str(WEEKDAYS_ABBR[day])) for day in range(7))


def add_months(first_day, months):
    """The first day of the month `months` after (or before) `first_day`'s."""
    index = first_day.year * 12 + first_day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def calendar_bounds():
    """The first and last months (their first days) the calendar shows, its days
    included: from the month before the first published event to `MONTHS_AHEAD` after
    the last one (or after this month, if later). Outside them the calendar has no pages:
    without a bound its months and days would run on forever for crawlers."""
    now = timezone.now()
    today = timezone.localdate(now).replace(day=1)
    first, last = next(iter(EVENT_SPAN(now=now)), (None, None))
    first = timezone.localdate(first) if first else today
    last = timezone.localdate(last) if last else today
    first, last = min(first, today).replace(day=1), max(last, today).replace(day=1)
    return add_months(first, -1), add_months(last, MONTHS_AHEAD)


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

    def listed(self, now):
        """The published occurrences the reader's filters leave."""
        queryset = filter_in_language(Occurrence.objects.published(now), "event__language")
        chosen = self.filters()
        if chosen["kind"]:
            queryset = queryset.filter(event__kind=chosen["kind"])
        if chosen["tag"]:
            queryset = queryset.filter(event__tags__slug=chosen["tag"])
        if chosen["city"]:
            queryset = queryset.filter(event__venue_city__iexact=chosen["city"])
        return queryset

    def filter_options(self):
        tags, cities = [], []
        # Kept under the content version, as list counts are: fresh after any change, and
        # never past the next scheduled one (see `pagecache.versions.remember`).
        choices = remember("event-filters", "all", lambda: list(FILTER_OPTIONS(now=timezone.now())))
        for group, value, label in choices:
            if group == "tag":
                tags.append((value, label))
            else:
                cities.append(value)
        return {
            "kinds": choice_names(Event.Kind, get_language()).items(),
            "tags": tags,
            "cities": cities,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = self.filters()
        context.update(self.filter_options())
        # The topic's calendar link needs a slug; "a.b" gets the empty list without it.
        tag_slug = chosen["tag"] if SLUG.fullmatch(chosen["tag"]) else ""
        context["chosen"] = {**chosen, "tag": tag_slug}
        context["is_filtered"] = any(chosen.values())
        context["chosen_kind_label"] = choice_names(Event.Kind, get_language()).get(
            chosen["kind"], ""
        )
        return context


class OccurrencePage:
    """One page of a list, cut by the database: it reads one row more than the page holds
    to know whether a next page exists, so the list is never counted. `rows(start, stop)`
    reads rows by their place in the list.

    Like every list of the site (`publishing.pagination`), it shows its first `max_pages`
    pages only: a page costs the database every row before it (page 500 of 500 weekly
    events took 20 times page 1), so the last page says the list goes on (`truncated`)
    instead of linking on. A deeper page number is refused before (`page_number`)."""

    def __init__(self, rows, number, size=PAGE_SIZE, max_pages=MAX_PAGES):
        rows = list(rows((number - 1) * size, number * size + 1))
        self.number = number
        self.object_list = rows[:size]
        more = len(rows) > size
        self.has_next = more and number < max_pages
        self.truncated = more and not self.has_next
        self.max_pages = max_pages
        self.has_previous = number > 1
        self.next_page_number = number + 1
        self.previous_page_number = number - 1


@dataclass
class SeriesDates:
    """The dates of one repeating event in one month of a list, shown as one card:
    `shown` is the date the card gives (the first that is not cancelled, in the list's
    order; None if all are), `label` says what that date is, `cancelled` the dates
    cancelled."""

    dates: list
    label: str = ""
    this_year: int | None = None  # the list's, where its dates are shown without a year

    @property
    def shown(self):
        return next((date for date in self.dates if not date.cancelled), None)

    @property
    def cancelled(self):
        return [date for date in self.dates if date.cancelled]


@dataclass
class ListRow:
    occurrence: Occurrence  # the card's date (a series': its first on the page)
    series: SeriesDates | None = None


@dataclass
class MonthGroup:
    month: datetime.date  # its first day
    rows: list


def rows_by_month(cards, month_dates, labels, first_page, this_year=None):
    """The cards of a list page under month headings, in the list's order: one a one-off
    event, one a repeating event in each month (`one_card_a_month`), with its dates of
    that month on the list (`month_dates`, by event and month). `labels`: what a series'
    card calls its date, (the first on the list, the others); the first is known only on
    the first page. Months go by the day each event happens where it happens."""
    first_label, later_label = labels
    labelled, groups = set(), {}
    for card in cards:
        series = None
        if card.event.repeat:
            dates = month_dates.get((card.event_id, card.local_month)) or [card]
            series = SeriesDates(dates, this_year=this_year)
            first = first_page and card.event_id not in labelled and series.shown is not None
            series.label = first_label if first else later_label
            if series.shown is not None:
                labelled.add(card.event_id)
        # Zones can put a date of the next month before one of this month: one heading.
        groups.setdefault(card.local_month, MonthGroup(card.local_month, [])).rows.append(
            ListRow(card, series)
        )
    return list(groups.values())


class UpcomingEventListView(EventFiltersMixin, TemplateView):
    """Occurrences, a page at a time, as cards: those to come, and those running."""

    template_name = "events/event_list.jinja"
    listing = tab = "upcoming"
    heading = gettext_lazy("Upcoming events")
    by_month = True  # month headings, and one card a month for a repeating event
    newest_first = False
    max_pages = MAX_PAGES  # see OccurrencePage

    def series_labels(self):
        """What a series' card calls its date: the first on the list, and the others."""
        return _("next"), _("from")

    def occurrence_list(self, now):
        return self.listed(now).upcoming(now)

    def card_list(self, now):
        dates = self.occurrence_list(now)
        return dates.one_card_a_month(now, self.newest_first) if self.by_month else dates

    def month_dates(self, now, cards):
        """The dates on the list of the series shown on `cards`, by (event, month), in
        the list's order: one query for the page."""
        wanted = {(card.event_id, card.local_month): card for card in cards if card.event.repeat}
        if not wanted:
            return {}
        found = defaultdict(list)
        rows = SERIES_DATES(
            self.newest_first,
            now=now,
            events=sorted({event_id for event_id, _month in wanted}),
            months=sorted({month for _event_id, month in wanted}),
        )
        month = DATE_COLUMNS.index("local_month")
        for row in rows:
            key = (row[0], row[month])
            card = wanted.get(key)
            if card is not None:
                # The event is read with the card: no query for each date.
                found[key].append(CardDate(*row, card.event))
        return found

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except PastShownPages as error:
            return past_shown_pages(request, error, calendar_url=address("events:event-calendar"))

    def page_number(self):
        # ASCII digits only: "²" is a digit to Python but no number, and int() refuses
        # strings of thousands of digits, so a number longer than the last page's is
        # beyond the pages shown without being converted.
        number = (self.request.GET.get("page") or "1").lstrip("0")
        if not (number.isascii() and number.isdigit()):
            raise Http404(_("No such page"))
        if len(number) > len(str(self.max_pages)) or int(number) > self.max_pages:
            raise PastShownPages(self.max_pages)
        return int(number)

    def prepared_rows(self, now, start, stop):
        """Rows of the list without filters, read by a prepared query (None: no such
        query, the list's queryset is sliced)."""
        return UPCOMING_ROWS(start, stop, now=now, short_ago=now - SHORT)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        filtered = any(self.filters().values())

        def rows(start, stop):
            # The prepared queries hold no language: a site of several asks in full.
            plain = filtered or is_multilingual()
            found = None if plain else self.prepared_rows(now, start, stop)
            if found is None:
                found = self.card_list(now).values_list(*CARD_COLUMNS)[start:stop]
            return card_dates(found)

        page = OccurrencePage(rows, self.page_number(), max_pages=self.max_pages)
        if page.number > 1 and not page.object_list:
            raise Http404(_("No such page"))
        months = None
        if self.by_month:
            dates = self.month_dates(now, page.object_list)
            months = rows_by_month(
                page.object_list,
                dates,
                self.series_labels(),
                page.number == 1,
                this_year=timezone.localdate(now).year,
            )
        context.update(
            occurrences=page.object_list,
            months=months,
            page_obj=page,
            is_paginated=page.has_previous or page.has_next,
        )
        return context


class PastEventListView(UpcomingEventListView):
    listing = tab = "past"
    heading = gettext_lazy("Past events")
    newest_first = True  # a series' card in a month gives its latest date there

    def occurrence_list(self, now):
        return self.listed(now).past(now)

    def series_labels(self):
        return _("most recent"), _("up to")

    def prepared_rows(self, now, start, stop):
        return PAST_ROWS(start, stop, now=now)


class EventDayView(UpcomingEventListView):
    """What runs on one day, where each event happens: for a busy day of the calendar."""

    listing, tab = "day", "calendar"
    by_month = False  # one day: every event once, under the day's heading

    def day(self):
        if not hasattr(self, "_day"):
            self._day = self.day_in_calendar()
        return self._day

    def day_in_calendar(self):
        """The day asked for, if it is in one of the month calendar's months."""
        year, month, day = self.kwargs["year"], self.kwargs["month"], self.kwargs["day"]
        try:
            found = datetime.date(year, month, day) if 1900 <= year <= 2999 else None
        except (ValueError, OverflowError):
            found = None
        if found is not None:
            first, last = calendar_bounds()
            if first <= found < add_months(last, 1):
                return found
        raise Http404(_("No such day"))

    def prepared_rows(self, now, start, stop):
        return None

    def occurrence_list(self, now):
        day = self.day()
        return self.listed(now).on_days(day, day).order_by("start", "event_id")

    @property
    def heading(self):
        day = self.day()
        return _("Events on %(day)s") % {"day": f"{day:%A} {day.day} {day:%B %Y}"}


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    count: int
    occurrences: list  # shown on the day: none when it has more than DAY_LIMIT
    url: str  # its own list


class EventCalendarView(EventFiltersMixin, TemplateView):
    """A month as a table of weeks, each day listing what starts or runs on it, where each
    event happens. A day with more than `DAY_LIMIT` says how many, linking to its list."""

    template_name = "events/event_calendar.jinja"

    def month(self):
        if "year" not in self.kwargs:
            today = timezone.localdate()
            return today.year, today.month
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (1 <= month <= 12 and 1900 <= year <= 2999):
            raise Http404(_("No such month"))
        first, last = self.bounds()
        if not first <= datetime.date(year, month, 1) <= last:
            # Far from any event: without this the months run on forever for crawlers.
            raise Http404(_("No such month"))
        return year, month

    def bounds(self):
        if not hasattr(self, "_bounds"):
            self._bounds = calendar_bounds()
        return self._bounds

    def by_day(self, first_day, last_day):
        """The occurrences of each day that has at most `DAY_LIMIT`, and how many each day
        has. Three queries: short ones counted by day, long ones (few) read, and the
        short ones of those quieter days read."""
        now = timezone.now()
        listed = self.listed(now)
        # Without filters (the common case), each query is compiled once.
        prepared = not any(self.filters().values()) and not is_multilingual()
        counts = Counter()
        if prepared:
            short = SHORT_DAY_COUNTS(
                now=now, first=first_day, last=last_day, day_before=first_day - ONE_DAY
            )
        else:
            short = short_day_counts(listed, first_day, last_day)
        for starts, ends, count in short:
            for day in {starts, ends}:
                if first_day <= day <= last_day:
                    counts[day] += count
        found = defaultdict(list)
        if prepared:
            long = LONG_ON_DAYS(now=now, first=first_day, last=last_day, bound=long_bound(last_day))
        else:
            long = listed.long_on_days(first_day, last_day).values_list(*CARD_COLUMNS)
        for occurrence in card_dates(long):
            for day in occurrence.days():
                if first_day <= day <= last_day:
                    found[day].append(occurrence)
                    counts[day] += 1
        quiet = {day for day, count in counts.items() if count <= DAY_LIMIT}
        if quiet:
            quiet_days, days_before = sorted(quiet), sorted(day - ONE_DAY for day in quiet)
            if prepared:
                short = ON_QUIET_DAYS(now=now, quiet=quiet_days, before=days_before)
            else:
                short = on_quiet_days(listed, quiet_days, days_before)
            for occurrence in card_dates(short):
                for day in {occurrence.local_date, occurrence.last_day} & quiet:
                    found[day].append(occurrence)
        for day_list in found.values():
            day_list.sort(key=lambda occurrence: (occurrence.start, occurrence.event_id))
        return found, counts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = self.month()
        weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        found, counts = self.by_day(weeks[0][0], weeks[-1][-1])
        first, last = self.bounds()
        today = timezone.localdate()
        # A day's address is its month's plus the day (see urls.py): one address a month.
        month_urls = {
            (day.year, day.month): address("events:event-calendar-month", day.year, day.month)
            for day in (weeks[0][0], weeks[-1][-1], datetime.date(year, month, 1))
        }
        context["weeks"] = [
            [
                CalendarDay(
                    date=day,
                    in_month=day.month == month,
                    is_today=day == today,
                    count=counts[day],
                    occurrences=found[day] if counts[day] <= DAY_LIMIT else [],
                    # Days shown from a month outside the calendar have no page.
                    url=(
                        f"{month_urls[day.year, day.month]}{day.day}/"
                        if first <= day.replace(day=1) <= last
                        else ""
                    ),
                )
                for day in week
            ]
            for week in weeks
        ]
        # Busy days link to their list, with the reader's filters.
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = f"?{query.urlencode()}" if query else ""
        shown = datetime.date(year, month, 1)
        previous, following = add_months(shown, -1), add_months(shown, 1)
        context.update(
            month_start=shown,
            previous_month=previous if previous >= first else None,
            next_month=following if following <= last else None,
            # The current month has one address, its own; the bare calendar points there.
            canonical_url=month_urls[year, month],
            # Only months with something on them are worth a search engine's index.
            has_events=any(counts[day] for week in weeks for day in week if day.month == month),
            # (name, abbreviation) of each weekday, Monday first, in the page's language.
            weekday_names=weekday_names(get_language()),
            day_limit=DAY_LIMIT,
        )
        return context


class EventDetailView(PublishableDetailView):
    model = Event
    template_name = "events/event_detail.jinja"

    def base_queryset(self):
        related = Event._meta
        articles = related.get_field("related_articles").related_model
        statements = related.get_field("related_statements").related_model
        return Event.objects.select_related("lead_image").prefetch_related(
            "speakers",
            "exceptions",
            Prefetch("related_articles", queryset=articles.objects.published()),
            Prefetch("related_statements", queryset=statements.objects.published()),
        )

    def read_with_item(self):
        return {"tags_read": Event.tag_rows()}  # its topics, read with the event

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
        context["structured_data"] = event_data(
            self.request, event, context["occurrence"], is_over=not coming
        )
        if event.previous_start and event.event_status in ("rescheduled", "postponed"):
            context["previously_planned"] = event_moment(event, event.previous_start)
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
    return shows(ics_response(text, f"{event.slug}.ics", download=True), [event])


def calendar_feed(request, kind=None, slug=None):
    """A calendar to subscribe to: every published event from the last year on, or one
    kind's, or one tag's."""
    site_name = SiteSettings.load().name
    events = (
        Event.objects.published()
        .in_language()
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
    text = ical.calendar(
        events, name, request.build_absolute_uri, feed_url=request.build_absolute_uri(request.path)
    )
    return shows(ics_response(text, filename, download=False), events)  # Last-Modified
