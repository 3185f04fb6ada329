"""iCalendar (.ics) export: one event, or a subscribable calendar of many.

Each event is one VEVENT with a stable UID (the event's own UUID) and a SEQUENCE that goes
up whenever what a calendar shows changes. Times carry the event's TZID, and the calendar
carries a VTIMEZONE for every zone it uses. A repeating event carries its RRULE, an EXDATE
for each skipped date, and an overriding VEVENT (RECURRENCE-ID, STATUS:CANCELLED) for each
cancelled occurrence. An in-person venue with coordinates has a GEO.

Text goes through `text()`: icalendar escapes line breaks only in the properties it knows
as TEXT (not X-WR-CALNAME or NAME), and escapes no other control character, either of
which makes the whole calendar unreadable.
"""

import datetime

import icalendar
from django.conf import settings

from publishing.languages import primary
from publishing.validators import strip_control_characters

from .recurrence import EARLIEST, LATEST, rule_parts, to_utc

PRODID = "-//Placard//Events//EN"
STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    "moved-online": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}
STATUS_PREFIX = {"cancelled": "Cancelled: ", "postponed": "Postponed: "}


def text(value):
    """A TEXT value that any reader parses: line breaks kept (written as "\\n"), other
    control characters dropped."""
    return icalendar.vText(strip_control_characters(value or "", keep_line_breaks=True))


def uri(value):
    return icalendar.vUri(strip_control_characters(value or ""))


def uid(event):
    return f"{event.uid}@placard-events"


def location(event):
    """The venue only: the join link of an online event goes in CONFERENCE."""
    if event.is_in_person:
        return ", ".join(event.venue_lines)
    return "Online"


def description(event, page_url, note=""):
    lines = []
    if note:
        lines.append(note)
    if event.status_note:
        lines.append(event.status_note)
    if event.summary:
        lines.append(event.summary)
    if event.is_online and event.online_url:
        lines.append(f"Join online: {event.online_url}")
        if event.online_notes:
            lines.append(event.online_notes)
    if event.registration_url:
        lines.append(f"Register: {event.registration_url}")
    lines.append(f"More: {page_url}")
    return "\n\n".join(line.strip() for line in lines if line.strip())


def language(event):
    """RFC 5545's LANGUAGE parameter for the event's own text (title, description,
    venue), when it is written in another language than the site's; else none."""
    if primary(event.language) == primary(settings.LANGUAGE_CODE):
        return {}
    return {"LANGUAGE": event.language}


def _times(component, event, start, end):
    if event.all_day:
        first = start.astimezone(event.tz).date()
        last = end.astimezone(event.tz).date()
        component.add("dtstart", first)
        component.add("dtend", last + datetime.timedelta(days=1))
    else:
        component.add("dtstart", start.astimezone(event.tz))
        component.add("dtend", end.astimezone(event.tz))


def _common(component, event, page_url):
    component.add("uid", uid(event))
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    component.add("created", event.created_at.astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("sequence", event.sequence)
    component.add("url", uri(page_url))
    component.add("categories", [text(event.get_kind_display())])
    where = location(event)
    if where:
        component.add("location", text(where), parameters=language(event))
    if event.geo:
        # The venue's position (RFC 5545 GEO), for in-person and hybrid events only.
        component.add("geo", tuple(float(value) for value in event.geo))


def vevents(event, page_url):
    """The VEVENT components of one event: the main one, then one per cancelled date."""
    main = icalendar.Event()
    prefix = STATUS_PREFIX.get(event.event_status, "")
    main.add("summary", text(prefix + event.title), parameters=language(event))
    _common(main, event, page_url)
    _times(main, event, event.start, event.end)
    main.add("status", STATUS.get(event.event_status, "CONFIRMED"))
    main.add("description", text(description(event, page_url)), parameters=language(event))
    if event.is_online and event.online_url:
        main.add(
            "conference",
            uri(event.online_url),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Join online"},
        )
    components = [main]
    parts = rule_parts(event)
    if parts is None:
        return components
    rrule = {"freq": parts["freq"], "interval": parts["interval"]}
    if "count" in parts:
        rrule["count"] = parts["count"]
    if "until" in parts:
        # UNTIL takes DTSTART's value type: a date for all-day events, else UTC.
        rrule["until"] = event.repeat_until if event.all_day else parts["until"]
    if "bymonthday" in parts:
        rrule["bymonthday"] = parts["bymonthday"]
    if "byweekday" in parts:
        weekday, position = parts["byweekday"]
        rrule["byday"] = f"{position}{('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[weekday]}"
    main.add("rrule", rrule)
    wall_clock = event.local_start.time()
    duration = event.end - event.start
    for exception in event.exceptions.all():
        local = datetime.datetime.combine(exception.date, wall_clock)
        start = to_utc(local, event.tz)
        recurrence_id = exception.date if event.all_day else start.astimezone(event.tz)
        if not exception.is_cancelled:
            main.add("exdate", recurrence_id)
            continue
        cancelled = icalendar.Event()
        cancelled.add("summary", text("Cancelled: " + event.title), parameters=language(event))
        _common(cancelled, event, page_url)
        cancelled.add("recurrence-id", recurrence_id)
        _times(cancelled, event, start, start + duration)
        cancelled.add("status", "CANCELLED")
        cancelled.add(
            "description",
            text(description(event, page_url, note=exception.note)),
            parameters=language(event),
        )
        components.append(cancelled)
    return components


REFRESH = datetime.timedelta(hours=1)  # how often a subscribed calendar is read again


def calendar(events, name, absolute_url, feed_url=None):
    """An iCalendar text of `events`; `absolute_url(path)` makes the page links absolute.
    A calendar to subscribe to gives its own absolute `feed_url`, and says how often to
    read it again (RFC 7986 REFRESH-INTERVAL, and X-PUBLISHED-TTL for older readers)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", text(name))
    cal.add("name", text(name))
    if feed_url:
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
        cal.add("source", uri(feed_url), parameters={"VALUE": "URI"})
        cal.add("url", uri(feed_url))
    first = last = None
    for event in events:
        if not (EARLIEST <= event.start and (event.last_end or event.end) < LATEST):
            # Only code can store such a row (the forms refuse it); adding a day or a zone
            # offset to it would overflow.
            continue
        page_url = absolute_url(event.get_absolute_url())
        for component in vevents(event, page_url):
            cal.add_component(component)
        start, end = event.start.date(), (event.last_end or event.end).date()
        first = start if first is None else min(first, start)
        last = end if last is None else max(last, end)
    if first is not None:
        cal.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366),
            last_date=last + datetime.timedelta(days=366),
        )
    return cal.to_ical().decode()
