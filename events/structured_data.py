"""JSON-LD `Event` for an event page (schema.org), as search engines read it."""

from publishing.models import SiteSettings

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
    return data


def event_data(request, event, occurrence):
    """The event's next (or last) occurrence, with its times in the event's own zone."""
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
        "url": request.build_absolute_uri(event.get_absolute_url()),
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
    if event.summary:
        data["description"] = event.summary
    if event.lead_image:
        data["image"] = request.build_absolute_uri(event.lead_image.file.url)
    organiser = event.organiser_name or SiteSettings.load().name
    data["organizer"] = {"@type": "Organization", "name": organiser}
    if event.organiser_url:
        data["organizer"]["url"] = event.organiser_url
    speakers = [{"@type": "Person", "name": speaker.name} for speaker in event.speakers.all()]
    if speakers:
        data["performer"] = speakers
    return data
