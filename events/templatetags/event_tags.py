"""How an occurrence reads on a page: its date and time in the event's zone, with the
zone's name, the card that lists show it as, and the month calendar's days.

Cards and days are built as strings here, every text escaped, rather than by templates:
a page shows dozens of them, and the template engine costs several times as much each."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from events.recurrence import WEEKDAY_NAMES

register = template.Library()

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def _day(value):
    # Names from tables: strftime costs several times more, and a list formats many dates.
    weekday, month = WEEKDAY_NAMES[value.weekday()], MONTH_NAMES[value.month - 1]
    return f"{weekday} {value.day} {month} {value.year}"


def _iso(value):
    # Whole seconds: the HTML `datetime` attribute allows at most three decimals.
    return value.isoformat(timespec="seconds")


def _clock(value):
    return f"{value.hour:02}:{value.minute:02}"


@register.simple_tag
def event_when(occurrence, zone=True):
    """`<time>` elements for the occurrence, e.g. “Saturday 14 June 2025, 14:00–16:00 BST”.

    With `zone`, the zone's IANA name follows, so “BST” is never the only clue. Dates
    and times are our own digits and names; the zone's names are escaped."""
    start, end = occurrence.local_start, occurrence.local_end
    event = occurrence.event
    if event.all_day:
        first = f'<time datetime="{start.date().isoformat()}">{_day(start)}</time>'
        if start.date() == end.date():
            return mark_safe(first)
        return mark_safe(f'{first} – <time datetime="{end.date().isoformat()}">{_day(end)}</time>')
    zone_name = ""
    if zone:
        zone_name = (
            f' <span class="event-zone">({escape(event.time_zone.replace("_", " "))})</span>'
        )
    if start.date() == end.date():
        return mark_safe(
            f'<time datetime="{_iso(start)}">{_day(start)}, {_clock(start)}</time>–'
            f'<time datetime="{_iso(end)}">{_clock(end)}</time> {escape(start.tzname())}{zone_name}'
        )
    return mark_safe(
        f'<time datetime="{_iso(start)}">{_day(start)}, {_clock(start)} {escape(start.tzname())}'
        f'</time> – <time datetime="{_iso(end)}">{_day(end)}, {_clock(end)} '
        f"{escape(end.tzname())}</time>{zone_name}"
    )


def event_time(occurrence):
    """The start time alone, for a calendar day: “18:00 BST”, or “All day”."""
    if occurrence.event.all_day:
        return "All day"
    start = occurrence.local_start
    return mark_safe(
        f'<time datetime="{_iso(start)}">{_clock(start)} {escape(start.tzname())}</time>'
    )


@register.simple_tag
def event_card(occurrence, heading_level=2, compact=False):
    """The card of an occurrence on lists and the home page (`compact`: no summary)."""
    event = occurrence.event
    status = escape(occurrence.status)
    modifier = "" if status == "scheduled" else f" event-card--{status}"
    where = f" · {escape(event.venue_city)}" if event.is_in_person and event.venue_city else ""
    level = int(heading_level)
    lines = [
        f'<article class="event-card{modifier}">',
        f'  <p class="event-card__when">{event_when(occurrence)}</p>',
        f'  <h{level} class="event-card__title"><a href="{escape(event.get_absolute_url())}">'
        f"{escape(event.title)}</a></h{level}>",
        f'  <p class="event-card__meta"><span class="event-kind">{escape(event.kind_name)}</span>'
        f" · {escape(event.attendance_name)}{where}</p>",
    ]
    if status != "scheduled":
        label, note = escape(str(occurrence.status_label)), occurrence.status_note
        note = f": {escape(note)}" if note else ""
        lines.append(
            f'  <p class="event-flag event-flag--{status}"><strong>{label}</strong>{note}</p>'
        )
    if event.summary and not compact:
        lines.append(f'  <p class="event-card__summary">{escape(event.summary)}</p>')
    return mark_safe("\n".join([*lines, "</article>"]))


@register.simple_tag
def calendar_day(day, query=""):
    """A day of the month calendar (`views.CalendarDay`) as a table cell: what runs on
    it, or, on a busy day, how many events, linking to their list (with the filters of
    `query`)."""
    classes = "month__day"
    if not day.in_month:
        classes += " month__day--other"
    if day.is_today:
        classes += " month__day--today"
    if not day.count:
        classes += " month__day--empty"
    date = day.date
    today = ' <span class="month__today">(today)</span>' if day.is_today else ""
    lines = [
        f'<td class="{classes}">',
        f'  <p class="month__date"><span class="month__weekday">{WEEKDAY_NAMES[date.weekday()]} '
        f'</span>{date.day}<span class="month__month"> {MONTH_NAMES[date.month - 1]}</span>'
        f"{today}</p>",
    ]
    if day.occurrences:
        lines += ["  <ul>", *(_calendar_entry(o) for o in day.occurrences), "  </ul>"]
    elif day.count:
        link = escape(day.url + query)
        lines.append(f'  <p class="month__more"><a href="{link}">{day.count} events</a></p>')
    return mark_safe("\n".join([*lines, "</td>"]))


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
