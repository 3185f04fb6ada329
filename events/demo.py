"""Demo events for `manage.py quickstart`: every kind and status, a hybrid meeting with two
remote speakers, a weekly vigil with a skipped week, events in three time zones, and the
days the movement marks every year (Workers' Memorial Day on 28 April, May Day, the Day
of the Seafarer on 25 June) on their next date.

Dates are counted from today, so the programme looks current whenever quickstart runs.
The organisations and people are fictional; the places are real.
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from images.demo import demo_image, picture_description

from .models import Event, EventException, Speaker
from .recurrence import to_utc

HYBRID_SLUG = "public-meeting-automation-and-the-docks"
ONLINE_URL = "https://meet.example/harbourside"
NETWORK = "Harbourside Solidarity Network"


def demo_events_exist():
    return Event.objects.filter(slug=HYBRID_SLUG).exists()


def starting(day, hour, minute=0, zone="Europe/London", hours=2):
    """Start and end on `day` at a wall-clock time in `zone`, as UTC."""
    tz = zoneinfo.ZoneInfo(zone)
    start = to_utc(datetime.datetime.combine(day, datetime.time(hour, minute)), tz)
    return {"start": start, "end": start + datetime.timedelta(hours=hours), "time_zone": zone}


def today_in(zone):
    return timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()


# Days few organisations would hold a meeting on, (month, day): from Christmas Eve to the
# second of January.
HOLIDAYS = {(12, day) for day in range(24, 32)} | {(1, 1), (1, 2)}


def outside_holidays(day):
    while (day.month, day.day) in HOLIDAYS:
        day += datetime.timedelta(days=1)
    return day


def at(days, hour, minute=0, zone="Europe/London", hours=2):
    """Start and end `days` from today (or the first day after, if that is a holiday) at
    a wall-clock time in `zone`, as UTC."""
    day = outside_holidays(today_in(zone) + datetime.timedelta(days=days))
    return starting(day, hour, minute, zone, hours)


def weekend_after(days, zone):
    """All of the first Saturday and Sunday at least `days` from today that are not
    holidays, in `zone`, as UTC."""
    tz = zoneinfo.ZoneInfo(zone)
    saturday = today_in(zone) + datetime.timedelta(days=days)
    saturday += datetime.timedelta(days=(5 - saturday.weekday()) % 7)
    sunday = saturday + datetime.timedelta(days=1)
    while {(saturday.month, saturday.day), (sunday.month, sunday.day)} & HOLIDAYS:
        saturday += datetime.timedelta(weeks=1)
        sunday += datetime.timedelta(weeks=1)
    start = to_utc(datetime.datetime.combine(saturday, datetime.time(0, 0)), tz)
    end = to_utc(datetime.datetime.combine(sunday, datetime.time(23, 59)), tz)
    return {"start": start, "end": end, "time_zone": zone}


def next_weekday(weekday, hour, zone="Europe/London", weeks_back=0, hours=1):
    today = today_in(zone)
    days = (weekday - today.weekday()) % 7 - 7 * weeks_back
    return at(days, hour, zone=zone, hours=hours)


def on_next(month, day, hour, minute=0, zone="Europe/London", hours=2):
    """The next `day` of `month` (this year's if it has not started yet), at a wall-clock
    time in `zone`."""
    today = today_in(zone)
    when = starting(datetime.date(today.year, month, day), hour, minute, zone, hours)
    if when["start"] <= timezone.now():
        when = starting(datetime.date(today.year + 1, month, day), hour, minute, zone, hours)
    return when


LONDON_HALL = {
    "venue_name": "Dockers' Hall",
    "venue_address": "12 Quay Street",
    "venue_city": "London",
    "venue_postcode": "E16 2QT",
    "venue_country": "GB",
    "venue_latitude": Decimal("51.507500"),
    "venue_longitude": Decimal("0.028500"),
}
LIVERPOOL_MEMORIAL = {
    "venue_name": "Seafarers' memorial",
    "venue_address": "Pier Head",
    "venue_city": "Liverpool",
    "venue_postcode": "L3 1BY",
    "venue_country": "GB",
    "venue_latitude": Decimal("53.404500"),
    "venue_longitude": Decimal("-2.996000"),
}


def make(title, kind, when, tags=(), speakers=(), image=None, **fields):
    fields.setdefault("status", Event.Status.PUBLISHED)
    fields.setdefault("publish_at", timezone.now() - datetime.timedelta(days=30))
    fields.setdefault("organiser_name", NETWORK)
    if image is not None:  # (seed, title) of a generated picture
        seed, title_of_image = image
        fields["lead_image"] = demo_image(seed, title_of_image)
        fields["lead_image_alt"] = picture_description(seed)
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
    """Create the demo events once; returns how many there are."""
    make(
        "Public meeting: automation and the docks",
        Event.Kind.PUBLIC_MEETING,
        at(5, 19),
        slug=HYBRID_SLUG,
        summary="What the port authority's automation plan means for jobs, and what we can "
        "do about it. In the hall and online.",
        description=(
            "<p>An open meeting for dockers, their families and supporters. Come to the hall "
            "or join online: questions are taken from both.</p>"
            "<h2>Programme</h2><ul><li>The plan and the numbers</li>"
            "<li>Reports from Rotterdam and Long Beach</li><li>What we do next</li></ul>"
            "<p>The hall has step-free access and a hearing loop. Tea from half past six.</p>"
        ),
        attendance=Event.Attendance.HYBRID,
        online_url=ONLINE_URL,
        online_notes="Meeting ID 314 159; the passcode is sent after registration.",
        registration_url="https://harbourside.example/register",
        admission=Event.Admission.FREE,
        tags=["automation", "jobs"],
        speakers=[
            ("Maria Kowalczyk", "Secretary, Northern Dockers' Union", False),
            ("Jan de Vries", "Rotterdam port workers' committee", True),
            ("Ana Reyes", "Long Beach waterfront workers' committee", True),
        ],
        image=(401, "Public meeting poster"),
        **LONDON_HALL,
    )
    make(
        "Early shift picket at Gate 4",
        Event.Kind.PICKET,
        at(2, 6, 30, hours=3),
        summary="Support the cleaners' picket as the early shift arrives. Bring a flask.",
        description="<p>Stewards will be at the gate from six. Please stay on the pavement "
        "and keep the road clear for traffic.</p>",
        venue_name="Gate 4",
        venue_address="Western Docks",
        venue_city="Southampton",
        venue_postcode="SO15 1DA",
        venue_country="GB",
        venue_latitude=Decimal("50.903500"),
        venue_longitude=Decimal("-1.416000"),
        tags=["jobs", "pay"],
    )
    make(
        "Organising across ports: a webinar with US dockworkers",
        Event.Kind.WEBINAR,
        at(8, 13, zone="America/New_York", hours=1),
        summary="Dockworkers from New York and New Jersey on how they organised for their "
        "last contract.",
        description="<p>A one-hour conversation followed by questions. English, with Polish "
        "and Spanish subtitles on the recording.</p>",
        attendance=Event.Attendance.ONLINE,
        online_url=ONLINE_URL + "/webinar",
        organiser_name="East Coast Longshore Solidarity Committee",
        organiser_url="https://longshore-solidarity.example/",
        tags=["international"],
        speakers=[("Dwayne Harris", "Shop steward, Port Newark", True)],
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
        venue_latitude=Decimal("51.501000"),
        venue_longitude=Decimal("0.058000"),
        tags=["automation"],
    )
    make(
        "Community assembly on the harbour plan",
        Event.Kind.PUBLIC_MEETING,
        at(12, 18, 30),
        summary="Residents, dockworkers and local businesses on the port authority's "
        "ten-year plan.",
        event_status=Event.EventStatus.MOVED_ONLINE,
        status_note="The hall is unavailable: the assembly takes place online.",
        attendance=Event.Attendance.ONLINE,
        online_url=ONLINE_URL + "/assembly",
        organiser_name="Harbour Tenants' Association",
    )
    make(
        "Solidarity fundraiser social",
        Event.Kind.SOCIAL,
        at(15, 19, 30, hours=4),
        summary="Live music, food and a raffle for the strike fund. Everyone welcome.",
        description="<p>Tickets on the door, pay what you can. Children welcome until nine.</p>",
        venue_name="The Anchor",
        venue_address="3 Harbour Row",
        venue_city="Glasgow",
        venue_postcode="G51 1EA",
        venue_country="GB",
        venue_latitude=Decimal("55.859000"),
        venue_longitude=Decimal("-4.304000"),
    )
    make(
        "Rally for safe staffing",
        Event.Kind.DEMONSTRATION,
        at(18, 12),
        summary="Ferry crews and supporters rally for safe crewing on the island routes.",
        event_status=Event.EventStatus.POSTPONED,
        status_note="Postponed because of the rail strike; a new date follows.",
        venue_name="Town Hall Square",
        venue_city="Bristol",
        venue_country="GB",
        venue_latitude=Decimal("51.452000"),
        venue_longitude=Decimal("-2.601000"),
        tags=["jobs", "safety"],
    )
    make(
        "Harbourside Network annual conference",
        Event.Kind.CONFERENCE,
        weekend_after(40, zone="Europe/Warsaw"),
        all_day=True,
        summary="Two days of reports, workshops and decisions, with interpretation into "
        "English, Polish and Ukrainian.",
        description="<p>Delegates are elected by branches; observers are welcome and can "
        "register online. Childcare is available on request.</p>",
        venue_name="Shipyard Hall",
        venue_address="ul. Doki 1",
        venue_city="Gdańsk",
        venue_postcode="80-863",
        venue_country="PL",
        venue_latitude=Decimal("54.362000"),
        venue_longitude=Decimal("18.643000"),
        registration_url="https://harbourside.example/conference",
        admission=Event.Admission.PAID,
        price=Decimal("15.00"),
        price_currency="EUR",
        tags=["international"],
        image=(402, "Conference banner"),
    )
    make(
        "Workers' Memorial Day vigil",
        Event.Kind.VIGIL,
        on_next(4, 28, 12),
        summary="Remember the dead, fight for the living: a minute's silence at noon and "
        "the reading of names.",
        tags=["safety"],
        **LIVERPOOL_MEMORIAL,
    )
    make(
        "May Day march",
        Event.Kind.MARCH,
        on_next(5, 1, 11, hours=4),
        summary="Join the network's contingent: assemble at Clerkenwell Green and march "
        "to Trafalgar Square.",
        description="<p>Look for the network's banner near the north side of the green. "
        "Stewards will carry orange flags.</p>",
        venue_name="Clerkenwell Green",
        venue_city="London",
        venue_postcode="EC1R 0DU",
        venue_country="GB",
        venue_latitude=Decimal("51.523200"),
        venue_longitude=Decimal("-0.105500"),
        tags=["international", "jobs"],
    )
    make(
        "Day of the Seafarer: an evening with crews in port",
        Event.Kind.PUBLIC_MEETING,
        on_next(6, 25, 18, zone="Europe/Warsaw", hours=2),
        summary="Seafarers' welfare officers and crews on shore leave, crew changes and "
        "wages at sea.",
        attendance=Event.Attendance.HYBRID,
        online_url=ONLINE_URL + "/seafarers",
        venue_name="Seamen's Club",
        venue_address="ul. Portowa 7",
        venue_city="Gdynia",
        venue_country="PL",
        venue_latitude=Decimal("54.520000"),
        venue_longitude=Decimal("18.542000"),
        tags=["seafarers"],
        speakers=[
            ("Ольга Петренко", "Seafarers' welfare officer, Odesa", True),
            ("Tomasz Wiśniewski", "Port chaplaincy, Gdynia", False),
        ],
    )
    vigil = make(
        "Weekly vigil for stranded crews",
        Event.Kind.VIGIL,
        next_weekday(3, 18, weeks_back=2),
        summary="Every Thursday at six, for the crews left in port without pay.",
        repeat=Event.Repeat.WEEKLY,
        repeat_count=12,
        tags=["seafarers"],
        **LIVERPOOL_MEMORIAL,
    )
    skipped = vigil.local_start.date() + datetime.timedelta(weeks=3)
    EventException.objects.create(
        event=vigil,
        date=skipped,
        kind=EventException.Kind.SKIPPED,
        note="No vigil this week: join the public meeting instead.",
    )
    EventException.objects.create(
        event=vigil,
        date=skipped + datetime.timedelta(weeks=2),
        kind=EventException.Kind.CANCELLED,
        note="The pier is closed for a storm warning.",
    )
    make(
        "North-west members' meeting",
        Event.Kind.PUBLIC_MEETING,
        next_weekday(1, 19, zone="Europe/London"),
        summary="The monthly meeting of members in the north-west: reports, disputes and "
        "the campaign calendar.",
        repeat=Event.Repeat.MONTHLY_WEEKDAY,
        repeat_count=6,
        venue_name="Trades Club",
        venue_address="5 Mill Lane",
        venue_city="Manchester",
        venue_country="GB",
        venue_latitude=Decimal("53.479400"),
        venue_longitude=Decimal("-2.245300"),
    )
    make(
        "Vigil at the harbour memorial",
        Event.Kind.VIGIL,
        at(-20, 18),
        summary="For the two lashers killed at the container terminal.",
        tags=["seafarers", "safety"],
        **LIVERPOOL_MEMORIAL,
    )
    make(
        "Public meeting on agency work",
        Event.Kind.PUBLIC_MEETING,
        at(-45, 19),
        summary="What agency contracts mean at the terminals, and how agency workers are "
        "organising.",
        attendance=Event.Attendance.HYBRID,
        online_url=ONLINE_URL + "/agency",
        speakers=[("Sam Okafor", "Researcher", False), ("Lea Novak", "Economist", True)],
        **LONDON_HALL,
    )
    make(
        "Speaking tour of the northern ports (planning)",
        Event.Kind.OTHER,
        at(90, 19),
        summary="Dates and venues to be confirmed with the branches.",
        status=Event.Status.DRAFT,
        venue_name="To be confirmed",
    )
    return Event.objects.count()
