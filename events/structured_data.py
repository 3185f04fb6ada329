"""JSON-LD `Event` for an event page (schema.org), as search engines read it."""

from publishing import structured_data
from publishing.links import absolute
from publishing.models import SiteSettings

from .admission import price_text
from .recurrence import WEEKDAY_NAMES, rule_parts, series_end

SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "rescheduled": "https://schema.org/EventRescheduled",
    "moved-online": "https://schema.org/EventMovedOnline",
}
SCHEMA_ATTENDANCE = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def place(event):
    address = {"@type": "PostalAddress"}
    for key, value in (
        ("streetAddress", event.venue_address),
        ("addressLocality", event.venue_city),
        ("postalCode", event.venue_postcode),
        ("addressCountry", event.venue_country.code if event.venue_country else ""),
    ):
        if value:
            address[key] = value
    data = {"@type": "Place", "name": event.venue_name or event.venue_address}
    if len(address) > 1:
        data["address"] = address
    if event.geo:
        latitude, longitude = event.geo
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(latitude),
            "longitude": float(longitude),
        }
    return data


def moment(event, when):
    """A time of the event in its own zone, as startDate gives it (a date, all day)."""
    local = when.astimezone(event.tz)
    return local.date().isoformat() if event.all_day else local.isoformat(timespec="seconds")


def event_data(request, event, occurrence, is_over=False):
    """The event's next (or last) occurrence, with its times in the event's own zone; a
    repeating event adds its rule as an `eventSchedule`, a rescheduled one the start it
    had, one whose entry is stated its `offers`.

    Reads the event's speakers and exceptions through `.all()`: the page prefetches them.
    """
    if event.all_day:
        start = occurrence.local_start.date().isoformat()
        end = occurrence.local_end.date().isoformat()
    else:
        start = occurrence.local_start.isoformat(timespec="seconds")
        end = occurrence.local_end.isoformat(timespec="seconds")
    status = "cancelled" if occurrence.is_cancelled else event.event_status
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "inLanguage": event.language,
        "url": absolute(request, event.get_absolute_url()),
        "startDate": start,
        "endDate": end,
        "eventStatus": SCHEMA_STATUS[status],
        "eventAttendanceMode": SCHEMA_ATTENDANCE[event.attendance],
    }
    locations = []
    if event.is_in_person:
        locations.append(place(event))
    if event.is_online and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.event_status == "rescheduled" and event.previous_start:
        data["previousStartDate"] = moment(event, event.previous_start)
    if event.summary:
        data["description"] = event.summary
    offer = offers(event, on_sale=not (is_over or occurrence.is_cancelled))
    if offer is not None:
        data["offers"] = offer
    data["image"] = structured_data.page_images(request, event.lead_image)
    data["organizer"] = organizer(request, event)
    speakers = [performer(speaker) for speaker in event.speakers.all()]
    if speakers:
        data["performer"] = speakers
    series = schedule(event)
    if series is not None:
        data["eventSchedule"] = series
    return data


def offers(event, on_sale=True):
    """What entry costs as a schema.org `Offer`, None when the event does not say.

    Free entry is a price of 0; pay what you can is 0 too, the least one may pay (with
    the suggested amount, if any, as a `PriceSpecification`). The offer is valid from
    the event's publication, when readers could first take it up; it is in stock until
    the event is over or cancelled, after which no availability is claimed."""
    kind = event.admission
    if not kind or (kind == event.Admission.PAID and event.price is None):
        return None
    currency = event.price_currency
    price = event.price if kind == event.Admission.PAID else 0
    data = {"@type": "Offer", "price": price_text(price, currency), "priceCurrency": currency}
    if kind == event.Admission.PAY_WHAT_YOU_CAN:
        data["description"] = "Pay what you can"
        if event.price:
            data["priceSpecification"] = {
                "@type": "PriceSpecification",
                "minPrice": "0",
                "price": price_text(event.price, currency),
                "priceCurrency": currency,
            }
    if event.registration_url:
        data["url"] = event.registration_url
    if on_sale:
        data["availability"] = "https://schema.org/InStock"
    data["validFrom"] = event.publish_at.astimezone(event.tz).isoformat(timespec="seconds")
    return data


def organizer(request, event):
    """Who organises the event, with an address: the organiser's link, else the site's
    own when the site's organisation organises it (no organiser named means the site).
    Another organiser without a link is named without one rather than with a wrong one."""
    site = SiteSettings.load()
    data = {"@type": "Organization", "name": event.organiser_name or site.name}
    if event.organiser_url:
        data["url"] = event.organiser_url
    elif structured_data.is_site_organisation(event.organiser_name, site):
        data["url"] = structured_data.home_url(request)
    return data


def performer(speaker):
    data = {"@type": "Person", "name": speaker.name}
    if speaker.role:
        data["description"] = speaker.role
    return data


def iso_duration(delta):
    """A timedelta as an ISO 8601 duration ("PT1H30M", "P1DT2H")."""
    seconds = int(delta.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    text = "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return text if text != "P" else "PT0S"


def schedule(event):
    """A repeating event's rule as a schema.org `Schedule`, in the event's own wall-clock
    time and zone: how often, on which day, from the first date to the last, and the
    dates it is not held (skipped or cancelled). None for a one-off event."""
    parts = rule_parts(event)
    if parts is None:
        return None
    local_start, local_end = event.local_start, event.local_end
    unit = "W" if parts["freq"] == "WEEKLY" else "M"
    data = {
        "@type": "Schedule",
        "repeatFrequency": f"P{parts['interval']}{unit}",
        "startDate": local_start.date().isoformat(),
        "scheduleTimezone": event.time_zone,
    }
    if unit == "W":
        data["byDay"] = f"https://schema.org/{WEEKDAY_NAMES[local_start.weekday()]}"
    elif "bymonthday" in parts:
        data["byMonthDay"] = parts["bymonthday"]
    else:
        weekday, position = parts["byweekday"]
        data["byDay"] = f"https://schema.org/{WEEKDAY_NAMES[weekday]}"
        data["byMonthWeek"] = position
    last_end = event.last_end or series_end(event)
    data["endDate"] = (last_end - (event.end - event.start)).astimezone(event.tz).date().isoformat()
    if parts.get("count"):
        data["repeatCount"] = parts["count"]
    if not event.all_day:
        data["startTime"] = local_start.time().isoformat(timespec="seconds")
        data["endTime"] = local_end.time().isoformat(timespec="seconds")
    data["duration"] = iso_duration(event.end - event.start)
    not_held = sorted(exception.date for exception in event.exceptions.all())
    if not_held:
        data["exceptDate"] = [day.isoformat() for day in not_held]
    return data
