"""Demo events for `manage.py quickstart`: every kind and status, a hybrid meeting with two
remote speakers, a weekly vigil with a skipped week, and events in three time zones."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from images.demo import demo_image

from .models import Event, EventException, Speaker
from .recurrence import to_utc

HYBRID_SLUG = "public-meeting-automation-and-the-docks"
ONLINE_URL = "https://meet.example/harbourside"


def demo_events_exist():
    return Event.objects.filter(slug=HYBRID_SLUG).exists()


def at(days, hour, minute=0, zone="Europe/London", hours=2):
    """Start and end `days` from today at a wall-clock time in `zone`, as UTC."""
    tz = zoneinfo.ZoneInfo(zone)
    day = timezone.now().astimezone(tz).date() + datetime.timedelta(days=days)
    start = to_utc(datetime.datetime.combine(day, datetime.time(hour, minute)), tz)
    return {"start": start, "end": start + datetime.timedelta(hours=hours), "time_zone": zone}


def next_weekday(weekday, hour, zone="Europe/London", weeks_back=0, hours=1):
    tz = zoneinfo.ZoneInfo(zone)
    today = timezone.now().astimezone(tz).date()
    days = (weekday - today.weekday()) % 7 - 7 * weeks_back
    return at(days, hour, zone=zone, hours=hours)


LONDON_HALL = {
    "venue_name": "Dockers' Hall",
    "venue_address": "12 Quay Street",
    "venue_city": "London",
    "venue_postcode": "E16 2QT",
    "venue_country": "GB",
}


def make(title, kind, when, tags=(), speakers=(), **fields):
    fields.setdefault("status", Event.Status.PUBLISHED)
    fields.setdefault("publish_at", timezone.now() - datetime.timedelta(days=30))
    fields.setdefault("organiser_name", "Harbourside Solidarity Network")
    event = Event.objects.create(title=title, kind=kind, **when, **fields)
    if tags:
        event.tags.add(*tags)
    for order, (name, role, remote) in enumerate(speakers):
        Speaker.objects.create(
            event=event,
            name=name,
            role=role,
            order=order,
            attendance=Speaker.Attendance.REMOTE if remote else Speaker.Attendance.IN_PERSON,
        )
    return event


@transaction.atomic
def create_demo_events():
    """Create the demo events once; returns how many were created."""
    make(
        "Public meeting: automation and the docks",
        Event.Kind.PUBLIC_MEETING,
        at(5, 19),
        slug=HYBRID_SLUG,
        summary="What the port authority's automation plan means for jobs, and how we stop it.",
        description=(
            "<p>An open meeting for dockers, their families and supporters. Come to the hall "
            "or join online: questions are taken from both.</p>"
            "<h2>Programme</h2><ul><li>The plan and the numbers</li>"
            "<li>Reports from Rotterdam and Long Beach</li><li>What we do next</li></ul>"
        ),
        attendance=Event.Attendance.HYBRID,
        online_url=ONLINE_URL,
        online_notes="Meeting ID 314 159; the passcode is sent after registration.",
        registration_url="https://harbourside.example/register",
        tags=["automation", "jobs"],
        speakers=[
            ("Maria Kowalczyk", "Secretary, Northern Dockers' Union", False),
            ("Jan de Vries", "Rotterdam port workers' committee", True),
            ("Ana Reyes", "ILWU Local 13, Long Beach", True),
        ],
        lead_image=demo_image(401, "Meeting in the hall"),
        lead_image_alt="People seated in rows in a hall, facing a speaker at a lectern",
        **LONDON_HALL,
    )
    make(
        "March on the port authority",
        Event.Kind.DEMONSTRATION,
        at(10, 11),
        summary="Assemble at the dock gates and march to the port authority's offices.",
        event_status=Event.EventStatus.CANCELLED,
        status_note="Called off after the port authority agreed to talks. Thank you all.",
        venue_name="Main dock gates",
        venue_address="Albert Road",
        venue_city="London",
        venue_country="GB",
        tags=["automation"],
    )
    vigil = make(
        "Weekly vigil for the seafarers",
        Event.Kind.VIGIL,
        next_weekday(3, 18, weeks_back=2),
        summary="Every Thursday at six, for the crews stranded without pay.",
        repeat=Event.Repeat.WEEKLY,
        repeat_count=12,
        venue_name="Seafarers' memorial",
        venue_address="Pier Head",
        venue_city="Liverpool",
        venue_country="GB",
        tags=["seafarers"],
    )
    skipped = vigil.local_start.date() + datetime.timedelta(weeks=3)
    EventException.objects.create(
        event=vigil, date=skipped, kind=EventException.Kind.SKIPPED, note="No vigil this week."
    )
    EventException.objects.create(
        event=vigil,
        date=skipped + datetime.timedelta(weeks=2),
        kind=EventException.Kind.CANCELLED,
        note="The pier is closed for a storm warning.",
    )
    make(
        "Organising across ports: a webinar with US dockworkers",
        Event.Kind.WEBINAR,
        at(8, 13, zone="America/New_York", hours=1),
        summary="Dockworkers from New York and New Jersey on their contract fight.",
        attendance=Event.Attendance.ONLINE,
        online_url=ONLINE_URL + "/webinar",
        organiser_name="ILA solidarity committee",
        organiser_url="https://ila.example/",
        tags=["international"],
        speakers=[("Dwayne Harris", "ILA Local 1235", True)],
    )
    make(
        "Picket at Gate 4",
        Event.Kind.PICKET,
        at(2, 6, 30, hours=3),
        summary="Early shift picket: bring a flask.",
        venue_name="Gate 4",
        venue_address="Western Docks",
        venue_city="Southampton",
        venue_country="GB",
        tags=["jobs"],
    )
    make(
        "Harbourside Network annual conference",
        Event.Kind.CONFERENCE,
        {**at(40, 0, zone="Europe/Warsaw"), "end": at(41, 23, 59, zone="Europe/Warsaw")["start"]},
        all_day=True,
        summary="Two days of reports, workshops and decisions, with interpretation.",
        venue_name="Shipyard Hall",
        venue_address="ul. Doki 1",
        venue_city="Gdańsk",
        venue_postcode="80-863",
        venue_country="PL",
        registration_url="https://harbourside.example/conference",
        tags=["international"],
    )
    make(
        "Members' meeting",
        Event.Kind.PUBLIC_MEETING,
        next_weekday(1, 19, zone="Europe/London"),
        summary="The monthly meeting of members in the north-west.",
        repeat=Event.Repeat.MONTHLY_WEEKDAY,
        repeat_count=6,
        venue_name="Trades Club",
        venue_address="5 Mill Lane",
        venue_city="Manchester",
        venue_country="GB",
    )
    make(
        "Rally for safe staffing",
        Event.Kind.DEMONSTRATION,
        at(18, 12),
        event_status=Event.EventStatus.POSTPONED,
        status_note="Postponed because of the rail strike; a new date follows.",
        venue_name="Town Hall Square",
        venue_city="Bristol",
        venue_country="GB",
        tags=["jobs"],
    )
    make(
        "Community assembly on the harbour plan",
        Event.Kind.PUBLIC_MEETING,
        at(12, 18, 30),
        event_status=Event.EventStatus.MOVED_ONLINE,
        status_note="The hall is unavailable: the assembly takes place online.",
        attendance=Event.Attendance.ONLINE,
        online_url=ONLINE_URL + "/assembly",
    )
    make(
        "May Day march",
        Event.Kind.MARCH,
        at(25, 12, zone="America/New_York", hours=3),
        summary="With our sisters and brothers of the New York waterfront.",
        venue_name="Battery Park",
        venue_city="New York",
        venue_country="US",
        tags=["international"],
    )
    make(
        "Solidarity fundraiser social",
        Event.Kind.SOCIAL,
        at(15, 19, 30, hours=3),
        summary="Music, food and a raffle for the strike fund.",
        venue_name="The Anchor",
        venue_address="3 Harbour Row",
        venue_city="Glasgow",
        venue_country="GB",
    )
    make(
        "Vigil at the harbour memorial",
        Event.Kind.VIGIL,
        at(-20, 18),
        venue_name="Harbour memorial",
        venue_city="Liverpool",
        venue_country="GB",
        tags=["seafarers"],
    )
    make(
        "Public meeting on agency work",
        Event.Kind.PUBLIC_MEETING,
        at(-45, 19),
        attendance=Event.Attendance.HYBRID,
        online_url=ONLINE_URL + "/agency",
        speakers=[("Sam Okafor", "Journalist", False), ("Lea Novak", "Researcher", True)],
        **LONDON_HALL,
    )
    make(
        "Autumn speaking tour (planning)",
        Event.Kind.OTHER,
        at(90, 19),
        status=Event.Status.DRAFT,
        venue_name="To be confirmed",
    )
    return Event.objects.count()
