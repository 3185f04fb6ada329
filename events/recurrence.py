"""Repeating events: the rule as dateutil understands it, and the starts it gives
(`occurrences.py` makes them into occurrences).

Rules are expanded in the event's wall-clock time, the way RFC 5545 does: a weekly vigil at
18:00 stays at 18:00 local time across a daylight-saving change, so its UTC time moves.
"""

import datetime
import functools

from dateutil import rrule
from django.utils import translation
from django.utils.dates import WEEKDAYS as WEEKDAYS_NAMED
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from publishing import formatting

# The years an event may fall in. Wide enough for any real event; narrow enough that every
# occurrence, conversion between zones and calendar range stays inside what Python's dates
# can hold (an event in 9999 overflows as soon as a day or a zone offset is added).
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def to_utc(local_naive, tz):
    """A wall-clock time in `tz` as UTC. A time skipped by a clock change is read with the
    offset before the change, like RFC 5545 says; an ambiguous one as its first instance."""
    return local_naive.replace(tzinfo=tz, fold=0).astimezone(datetime.UTC)


def is_ambiguous(local_naive, tz):
    early = local_naive.replace(tzinfo=tz, fold=0)
    late = local_naive.replace(tzinfo=tz, fold=1)
    return early.utcoffset() != late.utcoffset() and _round_trips(early)


def does_not_exist(local_naive, tz):
    return not _round_trips(local_naive.replace(tzinfo=tz, fold=0))


def _round_trips(aware):
    back = aware.astimezone(datetime.UTC).astimezone(aware.tzinfo)
    return back.replace(tzinfo=None, fold=0) == aware.replace(tzinfo=None, fold=0)


def monthly_weekday(day):
    """The weekday position of `day` in its month: (weekday, n); n = -1 for a fifth one."""
    position = (day.day - 1) // 7 + 1
    # A fifth Tuesday is not in every month: the editor means "the last one".
    return day.weekday(), -1 if position == 5 else position


def rule_parts(event):
    """The rule as RRULE parts (dateutil's and iCalendar's names), or None."""
    if not event.repeat:
        return None
    local = event.local_start
    parts = {"interval": max(1, event.repeat_interval or 1)}
    if event.repeat == event.Repeat.WEEKLY:
        parts["freq"] = "WEEKLY"
    elif event.repeat == event.Repeat.MONTHLY_DATE:
        parts["freq"] = "MONTHLY"
        parts["bymonthday"] = local.day
    else:
        weekday, position = monthly_weekday(local.date())
        parts["freq"] = "MONTHLY"
        parts["byweekday"] = (weekday, position)
    if event.repeat_count:
        parts["count"] = event.repeat_count
    elif event.repeat_until:
        parts["until"] = until_utc(event)
    return parts


def until_utc(event):
    """The end of the last allowed day, in UTC (RFC 5545 wants UNTIL in UTC here)."""
    last_moment = datetime.datetime.combine(event.repeat_until, datetime.time(23, 59, 59))
    return to_utc(last_moment, event.tz)


def local_starts(event):
    """Every start of the series as naive wall-clock times in the event's zone."""
    local = event.local_start.replace(tzinfo=None)
    parts = rule_parts(event)
    if parts is None:
        return [local]
    kwargs = {"dtstart": local, "interval": parts["interval"]}
    if "count" in parts:
        kwargs["count"] = parts["count"]
    if "until" in parts:
        kwargs["until"] = parts["until"].astimezone(event.tz).replace(tzinfo=None)
    if "bymonthday" in parts:
        kwargs["bymonthday"] = parts["bymonthday"]
    if "byweekday" in parts:
        weekday, position = parts["byweekday"]
        kwargs["byweekday"] = WEEKDAYS[weekday](position)
    freq = rrule.WEEKLY if parts["freq"] == "WEEKLY" else rrule.MONTHLY
    return list(rrule.rrule(freq, **kwargs))


def describe(event):
    """The rule in words, in the active language: “Every week on Thursday, until 30 June
    2025”."""
    parts = rule_parts(event)
    if parts is None:
        return ""
    interval = parts["interval"]
    if parts["freq"] == "WEEKLY":
        text = weekly_on(interval, weekday_name(event.local_start.weekday()))
    elif "bymonthday" in parts:
        text = monthly_on_day(interval, parts["bymonthday"])
    else:
        weekday, position = parts["byweekday"]
        text = monthly_on_weekday(interval, position, weekday)
    if "count" in parts:
        count = parts["count"]
        return ngettext("%(rule)s, %(count)s time", "%(rule)s, %(count)s times", count) % {
            "rule": text,
            "count": count,
        }
    if event.repeat_until:
        until = formatting.day_date(event.repeat_until, translation.get_language())
        return _("%(rule)s, until %(date)s") % {"rule": text, "date": until}
    return text


def weekday_name(day):
    """The name of weekday `day` (0 is Monday) in the active language."""
    return str(WEEKDAYS_NAMED[day])


# A rule of one week or month is its own message, not the plural's singular: in some
# languages (Ukrainian, Russian) the singular form also serves 21, 31, …, so it must show
# the number, and "every 1 week" reads badly.
def weekly_on(interval, weekday):
    if interval == 1:
        return _("Every week on %(weekday)s") % {"weekday": weekday}
    return ngettext(
        "Every %(count)s week on %(weekday)s", "Every %(count)s weeks on %(weekday)s", interval
    ) % {"count": interval, "weekday": weekday}


def monthly_on_day(interval, day):
    if interval == 1:
        return _("Every month on day %(day)s") % {"day": day}
    return ngettext(
        "Every %(count)s month on day %(day)s", "Every %(count)s months on day %(day)s", interval
    ) % {"count": interval, "day": day}


def monthly_on_weekday(interval, position, day):
    """“Every month on the first Tuesday”: one whole sentence per position, so that each
    language can agree its ordinal with the weekday."""
    if interval == 1:
        return MONTHLY_WEEKDAY_ONE[position] % {"weekday": weekday_name(day)}
    return MONTHLY_WEEKDAY[position] % {
        "count": interval,
        "weekday": weekday_name(day),
    }


def series_end(event):
    """When the last occurrence ends, in UTC (exceptions aside)."""
    if not event.repeat:
        return event.end
    starts = local_starts(event)
    if not starts:
        return event.end
    return to_utc(starts[-1], event.tz) + (event.end - event.start)


# Every month on the n-th weekday, as whole sentences: once a month, and every few months
# (a plural message, its form chosen by "count").
MONTHLY_WEEKDAY_ONE = {
    1: gettext_lazy("Every month on the first %(weekday)s"),
    2: gettext_lazy("Every month on the second %(weekday)s"),
    3: gettext_lazy("Every month on the third %(weekday)s"),
    4: gettext_lazy("Every month on the fourth %(weekday)s"),
    -1: gettext_lazy("Every month on the last %(weekday)s"),
}
MONTHLY_WEEKDAY = {
    1: ngettext_lazy(
        "Every %(count)s month on the first %(weekday)s",
        "Every %(count)s months on the first %(weekday)s",
        "count",
    ),
    2: ngettext_lazy(
        "Every %(count)s month on the second %(weekday)s",
        "Every %(count)s months on the second %(weekday)s",
        "count",
    ),
    3: ngettext_lazy(
        "Every %(count)s month on the third %(weekday)s",
        "Every %(count)s months on the third %(weekday)s",
        "count",
    ),
    4: ngettext_lazy(
        "Every %(count)s month on the fourth %(weekday)s",
        "Every %(count)s months on the fourth %(weekday)s",
        "count",
    ),
    -1: ngettext_lazy(
        "Every %(count)s month on the last %(weekday)s",
        "Every %(count)s months on the last %(weekday)s",
        "count",
    ),
}


def cadence(event, language=None):
    """How often the series comes round, without its end: “Every Thursday”, “Every 2
    weeks on Monday”, “Every month on the first Tuesday”. Reads only the rule's fields
    that event cards load (`repeat`, `repeat_interval`, `start`, `time_zone`); `language`:
    the active one, if the caller knows it already."""
    if not event.repeat:
        return ""
    interval = max(1, event.repeat_interval or 1)
    language = language or translation.get_language()
    return _cadence(event.repeat, interval, event.local_start.date(), language)


# A list shows the same few rules on every request, each worked out through several
# translated messages: kept per rule, first date and language.
@functools.lru_cache(maxsize=1024)
def _cadence(repeat, interval, local_date, language):
    from .models import Event

    weekday = weekday_name(local_date.weekday())
    if repeat == Event.Repeat.WEEKLY:
        if interval == 1:
            return _("Every %(weekday)s") % {"weekday": weekday}
        return weekly_on(interval, weekday)
    if repeat == Event.Repeat.MONTHLY_DATE:
        return monthly_on_day(interval, local_date.day)
    day, position = monthly_weekday(local_date)
    return monthly_on_weekday(interval, position, day)
