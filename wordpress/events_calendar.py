"""What The Events Calendar (the WordPress plugin) keeps about an event, read for Placard:
its time zone, start and end, and its venue (a `tribe_venue` item of its own)."""

import datetime
import re
import zoneinfo

from django_countries import countries

from .survey import plain_text, shorten

UTC_OFFSET = re.compile(r"UTC([+-]\d{1,2})(?::?00)?")


def event_zone(item, default):
    """(zone name, problem or None): the event's `_EventTimezone`, a name or an offset
    such as "UTC+2" (which the plugin offers too), else `default`."""
    name = item.meta.get("_EventTimezone", "").strip()
    if name in zoneinfo.available_timezones():
        return name, None
    offset = UTC_OFFSET.fullmatch(name)
    if offset and -12 <= int(offset.group(1)) <= 14:
        # POSIX-style names count the other way round: UTC+2 is Etc/GMT-2.
        hours = -int(offset.group(1))
        return "Etc/GMT" + (f"+{hours}" if hours > 0 else f"-{-hours}" if hours else ""), None
    if name:
        return default, f"unknown time zone “{name}”: {default} used"
    return default, None


def event_time(item, which, zone):
    """The event's start or end (`which`: "Start" or "End"): the UTC value the plugin
    keeps, else the local one read in the event's own zone; None when neither reads."""
    for key, tz in ((f"_Event{which}DateUTC", datetime.UTC), (f"_Event{which}Date", zone)):
        value = item.meta.get(key, "").strip()
        if value:
            try:
                moment = datetime.datetime.fromisoformat(value)
            except ValueError:
                continue
            return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
    return None


def venue_fields(venue):
    """(the event's venue fields, problem or None) from a `tribe_venue` item."""
    meta = venue.meta
    region = plain_text(meta.get("_VenueStateProvince") or meta.get("_VenueProvince") or "")
    city = plain_text(meta.get("_VenueCity", ""))
    country = plain_text(meta.get("_VenueCountry", ""))
    code = country.upper() if country.upper() in dict(countries) else countries.by_name(country)
    problem = f"venue country “{country}” not recognised" if country and not code else None
    return {
        "venue_name": shorten(plain_text(venue.title), 200),
        "venue_address": shorten(plain_text(meta.get("_VenueAddress", "")), 250),
        "venue_city": shorten(", ".join(part for part in (city, region) if part), 100),
        "venue_postcode": shorten(plain_text(meta.get("_VenueZip", "")), 20),
        "venue_country": code or "",
    }, problem


def organiser_fields(organiser):
    """The event's organiser fields from a `tribe_organizer` item."""
    fields = {"organiser_name": shorten(plain_text(organiser.title), 200)}
    website = organiser.meta.get("_OrganizerWebsite", "").strip()
    if website.startswith(("http://", "https://")) and len(website) <= 500:
        fields["organiser_url"] = website
    return fields
