"""How an occurrence's date and time read on a page: in the event's zone, with its name."""

from django import template
from django.utils.html import format_html

register = template.Library()


def _day(value):
    return f"{value:%A} {value.day} {value:%B %Y}"


def _iso(value):
    # Whole seconds: the HTML `datetime` attribute allows at most three decimals.
    return value.isoformat(timespec="seconds")


def _clock(value):
    return f"{value:%H:%M}"


@register.simple_tag
def event_when(occurrence, zone=True):
    """`<time>` elements for the occurrence, e.g. “Saturday 14 June 2025, 14:00–16:00 BST”.

    With `zone`, the zone's IANA name follows, so “BST” is never the only clue."""
    start, end = occurrence.local_start, occurrence.local_end
    event = occurrence.event
    if event.all_day:
        first = format_html('<time datetime="{}">{}</time>', start.date().isoformat(), _day(start))
        if start.date() == end.date():
            return first
        last = format_html('<time datetime="{}">{}</time>', end.date().isoformat(), _day(end))
        return format_html("{} – {}", first, last)
    abbreviation = start.tzname()
    zone_name = format_html(
        ' <span class="event-zone">({})</span>', event.time_zone.replace("_", " ")
    ) if zone else ""  # fmt: skip
    if start.date() == end.date():
        return format_html(
            '<time datetime="{}">{}, {}</time>–<time datetime="{}">{}</time> {}{}',
            _iso(start), _day(start), _clock(start), _iso(end), _clock(end),
            abbreviation, zone_name,
        )  # fmt: skip
    return format_html(
        '<time datetime="{}">{}, {} {}</time> – <time datetime="{}">{}, {} {}</time>{}',
        _iso(start), _day(start), _clock(start), abbreviation,
        _iso(end), _day(end), _clock(end), end.tzname(), zone_name,
    )  # fmt: skip


@register.simple_tag
def event_time(occurrence):
    """The start time alone, for a calendar cell: “18:00 BST”, or “All day”."""
    if occurrence.event.all_day:
        return "All day"
    start = occurrence.local_start
    return format_html(
        '<time datetime="{}">{} {}</time>', _iso(start), _clock(start), start.tzname()
    )
