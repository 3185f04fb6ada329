"""Dates as readers see them, formatted without Django's general-purpose date filter.

Pages show many dates (every card has one); Django's `date` filter re-reads the active
language and parses its format string on each call, which is most of a list page's cost
when it renders cold. These helpers take the few formats the templates use.
"""

from datetime import datetime
from functools import lru_cache

from django.template import defaultfilters
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS, MONTHS_ALT, WEEKDAYS
from django.utils.formats import get_format
from django.utils.text import add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import get_language


@lru_cache(maxsize=32)
def _names(language):
    """Month names (1–12) and weekday names (Monday first) in `language`."""
    months = {number: str(name) for number, name in MONTHS.items()}
    return months, [str(WEEKDAYS[day]) for day in range(7)]


@lru_cache(maxsize=32)
def day_months(language):
    """Month names (1–12) as a date with its day uses them in `language`: "14 June", but
    in Polish, Russian or Ukrainian the genitive form ("14 czerwca"), as Django's "E"."""
    return {number: str(name) for number, name in MONTHS_ALT.items()}


@lru_cache(maxsize=32)
def _locale_pattern(language, name):
    """Django's date format `name` ("DATE_FORMAT", "YEAR_MONTH_FORMAT") for `language`,
    whose word order and connectors differ ("14 de junio de 2025", "14 июня 2025 г."); None
    for English, which the templates' own "14 June 2025" and "June 2025" serve faster."""
    if (language or "en").split("-")[0] == "en":
        return None
    return get_format(name, lang=language)


def day_date(value, language):
    """`value`'s day, month and year as readers of `language` write them."""
    pattern = _locale_pattern(language, "DATE_FORMAT")
    if pattern is None:
        return f"{value.day} {day_months(language)[value.month]} {value.year}"
    return dateformat.format(value, pattern)


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date(value, fmt="j F Y"):
    """`value` in one of the Django date formats the templates use; "" for no value."""
    if not value:
        return ""
    value = _local(value)
    if fmt == "iso":  # for `datetime` attributes: 2025-06-14T14:00:00+0100
        return f"{value:%Y-%m-%dT%H:%M:%S%z}"
    language = get_language()
    if fmt == "j F Y":
        return day_date(value, language)
    months, weekdays = _names(language)
    if fmt == "F Y":
        pattern = _locale_pattern(language, "YEAR_MONTH_FORMAT")
        if pattern:
            return dateformat.format(value, pattern)
        return f"{months[value.month]} {value.year}"
    if fmt == "F":
        return months[value.month]
    if fmt == "l":
        return weekdays[value.weekday()]
    if fmt == "c":
        return value.isoformat()
    return format(value, {"Y": "%Y", "m": "%m", "j": "%-d"}[fmt])


def iso_and_date(value):
    """`date(value, "iso")` and `date(value)` together, converting `value` to local time
    and reading the language once."""
    return card_dates()(value)


def card_dates():
    """`iso_and_date` as a function, with the time zone and the language in force now
    read once (thread- and task-local values, each read costing as much as the
    formatting): for a list of cards."""
    zone = timezone.get_current_timezone()
    language = get_language()

    def iso_and_date(value):
        if not value:
            return "", ""
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = value.astimezone(zone)
        return _iso(value), day_date(value, language)

    return iso_and_date


def _iso(value):
    """`f"{value:%Y-%m-%dT%H:%M:%S%z}"` without strftime, a third of a card's dates."""
    offset = value.utcoffset()
    zone = ""
    if offset is not None:
        seconds = int(offset.total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("+", seconds)
        zone = f"{sign}{seconds // 3600:02d}{seconds % 3600 // 60:02d}"
        if seconds % 60:
            zone += f"{seconds % 60:02d}"
    return (
        f"{value.year}-{value.month:02d}-{value.day:02d}T"
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}{zone}"
    )


def truncate_words(text, length):
    """What Django's `truncatewords` filter gives (the words of `text` split on white
    space, the first `length` of them, " …" where words were cut) without its lazy
    wrappers: every card has one."""
    words = str(text).split()
    if len(words) <= length:
        return " ".join(words)
    cut = " ".join(words[:length])
    return cut if cut.endswith(" …") else f"{cut} …"


def truncate_chars(value, length):
    """What Django's `truncatechars` filter gives, without reading ASCII text one
    character at a time for combining marks (a page's description: 4% of a cold article
    page). Other text, or marked-safe text, goes to Django's."""
    if type(value) is not str or not value.isascii():
        return defaultfilters.truncatechars(value, length)
    try:
        length = int(length)
    except (TypeError, ValueError):
        return value
    if length <= 0:
        return ""
    if len(value) <= length:
        return value
    # The translated ellipsis ("…") takes its place within the length, as in Django.
    return add_truncation_text(value[: calculate_truncate_chars_length(length, None)])
