"""How an occurrence reads on a page: its date and time in the event's zone, with the
zone's name, the card that lists show it as, and the month calendar's days.

Cards and days are built as strings here, every text escaped, rather than by templates:
a page shows dozens of them, and the template engine costs several times as much each."""

import datetime
import functools
import zoneinfo
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from events.models import Event, choice_names
from events.recurrence import cadence
from publishing.formatting import _names, day_months
from publishing.languages import language_attributes
from publishing.links import slug_urls

register = template.Library()


def _day(value, language=None):
    # Names from tables (Django's, in the active language, looked up once per language):
    # strftime costs several times more, and a list formats many dates.
    language = language or get_language()
    weekday, month = _names(language)[1][value.weekday()], day_months(language)[value.month]
    return f"{weekday} {value.day} {month} {value.year}"


def _iso(value):
    # Whole seconds: the HTML `datetime` attribute allows at most three decimals.
    return value.isoformat(timespec="seconds")


def _clock(value):
    return f"{value.hour:02}:{value.minute:02}"


@functools.cache
def ambiguous_abbreviations():
    """Zone abbreviations that stand for different offsets at the same moment somewhere
    in the world (“CST”: Chicago and Shanghai; “IST”: India, Ireland and Israel)."""
    offsets = {}
    for moment in (datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC),
                   datetime.datetime(2026, 7, 15, 12, tzinfo=datetime.UTC)):  # fmt: skip
        for name in zoneinfo.available_timezones():
            try:
                local = moment.astimezone(zoneinfo.ZoneInfo(name))
            except (OSError, ValueError):  # a zone file the system cannot read
                continue
            offsets.setdefault((moment, local.tzname()), set()).add(local.utcoffset())
    return frozenset(abbreviation for (_, abbreviation), found in offsets.items() if len(found) > 1)


def zone_label(local, zone_name):
    """The event's zone, once and readably: its abbreviation where it says something
    and means one thing (“GMT”, “CEST”, “EDT”), else the zone's city (“Istanbul time”,
    for a bare offset such as “+03”), or, for a zone without a city, the offset."""
    abbreviation = local.tzname() or ""
    if abbreviation.isalpha() and abbreviation not in ambiguous_abbreviations():
        return abbreviation
    area, _, city = zone_name.rpartition("/")
    if area and area != "Etc":
        # Translators: the time of a city's zone, e.g. "Istanbul time".
        return gettext("%(city)s time") % {"city": city.replace("_", " ")}
    offset = local.utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("+" if minutes >= 0 else "−"), abs(minutes)
    hours = f"{minutes // 60}" + (f":{minutes % 60:02}" if minutes % 60 else "")
    return f"UTC{sign}{hours}" if minutes else "UTC"


def _zone(local, event):
    return f'<span class="event-zone">{escape(zone_label(local, event.time_zone))}</span>'


@register.simple_tag
def event_when(occurrence, zone=True):
    """`<time>` elements for the occurrence, e.g. “Saturday 14 June 2025, 14:00–16:00 BST”.

    With `zone`, the zone follows once (see `zone_label`). Dates and times are our own
    digits and names; the zone's names are escaped."""
    return mark_safe(_when(occurrence, get_language(), zone))


def _when(occurrence, language, zone=True):
    start, end = occurrence.local_start, occurrence.local_end
    event = occurrence.event
    if event.all_day:
        first = f'<time datetime="{start.date().isoformat()}">{_day(start, language)}</time>'
        if start.date() == end.date():
            return first
        return f'{first} – <time datetime="{end.date().isoformat()}">{_day(end, language)}</time>'
    if start.date() == end.date():
        zone_name = f" {_zone(start, event)}" if zone else ""
        return (
            f'<time datetime="{_iso(start)}">{_day(start, language)}, {_clock(start)}</time>–'
            f'<time datetime="{_iso(end)}">{_clock(end)}</time>{zone_name}'
        )
    # Over several days the clocks may change in between: each time has its own label.
    start_zone = f" {_zone(start, event)}" if zone else ""
    end_zone = f" {_zone(end, event)}" if zone else ""
    return (
        f'<time datetime="{_iso(start)}">{_day(start, language)}, {_clock(start)}</time>'
        f"{start_zone} – "
        f'<time datetime="{_iso(end)}">{_day(end, language)}, {_clock(end)}</time>{end_zone}'
    )


def event_moment(event, when):
    """One moment of an event, such as the start it had before it was moved: “Saturday
    1 May 2026, 14:00 BST” in the event's zone (the day alone for an all-day event)."""
    local = when.astimezone(event.tz)
    if event.all_day:
        return mark_safe(f'<time datetime="{local.date().isoformat()}">{_day(local)}</time>')
    return mark_safe(
        f'<time datetime="{_iso(local)}">{_day(local)}, {_clock(local)}</time> '
        f"{_zone(local, event)}"
    )


def event_time(occurrence):
    """The start time alone, for a calendar day: “18:00 BST”, or “All day”."""
    if occurrence.event.all_day:
        return gettext("All day")
    start = occurrence.local_start
    return mark_safe(
        f'<time datetime="{_iso(start)}">{_clock(start)}</time> {_zone(start, occurrence.event)}'
    )


def _short_day(value, this_year, language):
    text = f"{value.day} {day_months(language)[value.month]}"
    return text if value.year == this_year else f"{text} {value.year}"


def series_when(series, language=None):
    """The when-line of a repeating event shown once in a month of a list: “Every
    Tuesday, 18:00–19:00 GMT · next: 1 December”, the date being that of `series.shown`
    (without it when all its dates there are cancelled: their flags follow)."""
    language = language or get_language()
    shown = series.shown
    first = shown or series.dates[0]
    event = first.event
    start = first.local_start
    if event.all_day:
        times = gettext("all day")
    else:
        end = first.local_end
        times = (
            f'<time datetime="{_iso(start)}">{_clock(start)}</time>–'
            f'<time datetime="{_iso(end)}">{_clock(end)}</time> {_zone(start, event)}'
        )
    rule = escape(cadence(event, language))
    if shown is None:
        return f"{rule}, {times}"
    day = start.date()
    this_year = series.this_year or timezone.localdate().year
    date = f'<time datetime="{day.isoformat()}">{_short_day(day, this_year, language)}</time>'
    return f"{rule}, {times} · {escape(series.label)}: {date}"


@functools.lru_cache(maxsize=32)
def _card_words(language):
    """What cards in `language` call kinds, ways of attending and statuses, escaped: the
    same few names on every card of a list."""
    return tuple(
        {value: escape(name) for value, name in choice_names(choices, language).items()}
        for choices in (Event.Kind, Event.Attendance, Event.EventStatus)
    )


@functools.lru_cache(maxsize=64)
def _language_attributes(code, page_language):
    # `language_attributes` reads the page's language itself: the same as `page_language`.
    return language_attributes(code)


class CardShared:
    """What every event card of a list shares, read once for the list: the language, the
    names of kinds, ways of attending and statuses, and the pattern of an event's address.
    Each is read through thread- and task-local values: read for every card, they cost
    the events list 0.9M instructions, 6% of the page."""

    def __init__(self):
        self.language = get_language()
        self.words = _card_words(self.language)
        self.event_url = slug_urls("events:event-detail")


@register.simple_tag
def event_card(occurrence, heading_level=2, compact=False, series=None):
    """The card of an occurrence on lists and the home page (`compact`: no summary).

    With `series` (`views.SeriesDates`), the card stands for all the dates of a repeating
    event on a list page: its rule and one date, and those of its dates that are
    cancelled, each with its note."""
    return mark_safe(_card(CardShared(), occurrence, heading_level, compact, series))


def event_cards(occurrences, heading_level=2, compact=False):
    """The cards of `occurrences`, one after another, each followed by a new line."""
    return _cards(((occurrence, None) for occurrence in occurrences), heading_level, compact)


def month_cards(rows, heading_level=3):
    """The cards of a month of a list (`views.rows_by_month`): each row an occurrence, or
    a repeating event's dates in the month (`row.series`)."""
    return _cards(((row.occurrence, row.series) for row in rows), heading_level)


def _cards(occurrences_and_series, heading_level, compact=False):
    shared = CardShared()
    return mark_safe(
        "".join(
            f"{_card(shared, occurrence, heading_level, compact, series)}\n"
            for occurrence, series in occurrences_and_series
        )
    )


def _card(shared, occurrence, heading_level, compact=False, series=None):
    language = shared.language
    kinds, attendances, statuses = shared.words
    event = occurrence.event
    status = escape(event.event_status if series else occurrence.status)
    modifier = "" if status == "scheduled" else f" event-card--{status}"
    if series:
        modifier += " event-card--series"
    where = f" · {escape(event.venue_city)}" if event.is_in_person and event.venue_city else ""
    level = int(heading_level)
    attributes = (
        _language_attributes(event.language, language)
        if language
        else language_attributes(event.language)
    )
    when = series_when(series, language) if series else _when(occurrence, language)
    kind = kinds.get(event.kind) or escape(event.kind)
    attendance = attendances.get(event.attendance) or escape(event.attendance)
    lines = [
        f'<article class="event-card{modifier}"{attributes}>\n'
        f'  <p class="event-card__when">{when}</p>\n'
        f'  <h{level} class="event-card__title"><a href="{escape(shared.event_url(event.slug))}">'
        f"{escape(event.title)}</a></h{level}>\n"
        f'  <p class="event-card__meta"><span class="event-kind">{kind}</span>'
        f" · {attendance}{where}</p>"
    ]
    if status != "scheduled":
        if series:
            label = statuses.get(event.event_status) or escape(event.event_status)
            note = event.status_note
        else:
            label, note = escape(str(occurrence.status_label)), occurrence.status_note
        note = f": {escape(note)}" if note else ""
        lines.append(
            f'  <p class="event-flag event-flag--{status}"><strong>{label}</strong>{note}</p>'
        )
    for cancelled in series.cancelled if series else ():
        day = cancelled.local_start.date()
        note = f": {escape(cancelled.cancellation_note)}" if cancelled.cancellation_note else ""
        lines.append(
            '  <p class="event-flag event-flag--cancelled">'
            + gettext("<strong>Cancelled</strong> on %(date)s")
            % {"date": f'<time datetime="{day.isoformat()}">{_day(day, language)}</time>'}
            + f"{note}</p>"
        )
    if event.summary and not compact:
        lines.append(f'  <p class="event-card__summary">{escape(event.summary)}</p>')
    lines.append("</article>")
    return "\n".join(lines)


@register.simple_tag
def calendar_day(day, query=""):
    """A day of the month calendar (`views.CalendarDay`) as a table cell: what runs on
    it, or, on a busy day, how many events, linking to their list (with the filters of
    `query`)."""
    language = get_language()
    classes = "month__day"
    if not day.in_month:
        classes += " month__day--other"
    if day.is_today:
        classes += " month__day--today"
    if not day.count:
        classes += " month__day--empty"
    date = day.date
    weekdays, months, today_label = _calendar_words(language)
    today = f' <span class="month__today">{today_label}</span>' if day.is_today else ""
    lines = [
        f'<td class="{classes}">',
        f'  <p class="month__date"><span class="month__weekday">{weekdays[date.weekday()]} '
        f'</span>{date.day}<span class="month__month"> {months[date.month]}</span>'
        f"{today}</p>",
    ]
    if day.occurrences:
        lines += ["  <ul>", *(_calendar_entry(o) for o in day.occurrences), "  </ul>"]
    elif day.count and day.url:
        link = escape(day.url + query)
        count = _count(day.count, language)
        lines.append(f'  <p class="month__more"><a href="{link}">{count}</a></p>')
    elif day.count:  # a day outside the calendar's months has no page of its own
        lines.append(f'  <p class="month__more">{_count(day.count, language)}</p>')
    lines.append("</td>")
    return mark_safe("\n".join(lines))


@functools.lru_cache(maxsize=32)
def _calendar_words(language):
    """Weekday and month names, and “(today)”, in `language`: the same on every day."""
    return _names(language)[1], day_months(language), gettext("(today)")


@functools.lru_cache(maxsize=512)
def _count(number, language):
    return ngettext("%(count)s event", "%(count)s events", number) % {"count": number}


def _calendar_entry(occurrence):
    event = occurrence.event
    status = escape(occurrence.status)
    modifier = flag = ""
    if status != "scheduled":
        modifier = f" month__event--{status}"
        label = escape(str(occurrence.status_label))
        flag = f' <strong class="event-flag event-flag--{status}">{label}</strong>'
    return (
        f'    <li class="month__event{modifier}"><span class="month__time">'
        f"{event_time(occurrence)}</span> "
        f'<a href="{escape(event.get_absolute_url())}">{escape(event.title)}</a>{flag}</li>'
    )
