"""Every kind of event page passes axe-core (WCAG 2.2 AA rules) and the Nu HTML checker.

Filled like a real programme: a hybrid meeting with image and remote speakers, a cancelled
demonstration, a weekly vigil with a skipped and a cancelled date, an online webinar in
another zone, an all-day conference, past events, and filters in use.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, EventException
from publishing.models import SiteSettings
from tests.e2e.conftest import describe_html_errors, describe_violations
from tests.events.factories import EventExceptionFactory, EventFactory, SpeakerFactory
from tests.factories import ArticleFactory, ImageFactory, StatementFactory, jpeg_bytes

DESCRIPTION = (
    "<p>An open meeting for <strong>dockers and residents</strong>.</p>"
    "<h2>Programme</h2><ul><li>The plan</li><li>Reports</li><li>What next</li></ul>"
)


@pytest.fixture
def event_pages():
    site, _created = SiteSettings.objects.get_or_create(pk=1)
    site.name = "Harbourside Solidarity Network"
    site.tagline = "Dockworkers, seafarers and their communities, standing together"
    site.save()
    SiteSettings.clear_cache()
    now = timezone.now()
    day = datetime.timedelta(days=1)
    image = ImageFactory(file=ContentFile(jpeg_bytes(1000, 650), name="hall.jpg"))
    hybrid = EventFactory(
        title="Public meeting: automation and the docks",
        hybrid=True,
        start=now + 3 * day,
        end=now + 3 * day + datetime.timedelta(hours=2),
        description=DESCRIPTION,
        online_notes="Meeting ID 314 159\nPasscode after registration.",
        registration_url="https://harbourside.example/register",
        organiser_name="Harbourside Solidarity Network",
        organiser_url="https://harbourside.example/",
        lead_image=image,
        lead_image_alt="People seated in a hall facing a speaker",
        lead_image_caption="The last meeting in the hall.",
        tags=["automation", "jobs"],
    )
    SpeakerFactory(event=hybrid, name="Maria Kowalczyk", role="Northern Dockers' Union")
    SpeakerFactory(event=hybrid, name="Jan de Vries", attendance="remote")
    SpeakerFactory(event=hybrid, name="Ana Reyes", role="ILWU Local 13", attendance="remote")
    hybrid.related_articles.add(ArticleFactory(title="Why automation is a choice"))
    hybrid.related_statements.add(StatementFactory(title="Declaration for safe harbours"))
    cancelled = EventFactory(
        title="March on the port authority",
        kind=Event.Kind.DEMONSTRATION,
        start=now + 5 * day,
        end=now + 5 * day + datetime.timedelta(hours=3),
        event_status=Event.EventStatus.CANCELLED,
        status_note="Called off after the port authority agreed to talks.",
        tags=["automation"],
    )
    vigil = EventFactory(
        title="Weekly vigil for the seafarers",
        kind=Event.Kind.VIGIL,
        start=now - 7 * day,
        end=now - 7 * day + datetime.timedelta(hours=1),
        repeat=Event.Repeat.WEEKLY,
        repeat_count=10,
        venue_city="Liverpool",
    )
    first = vigil.local_start.date()
    EventExceptionFactory(event=vigil, date=first + datetime.timedelta(weeks=2))
    EventExceptionFactory(
        event=vigil,
        date=first + datetime.timedelta(weeks=3),
        kind=EventException.Kind.CANCELLED,
        note="Storm warning: the pier is closed.",
    )
    webinar = EventFactory(
        title="Organising across ports",
        kind=Event.Kind.WEBINAR,
        online=True,
        time_zone="America/New_York",
        start=now + 8 * day,
        end=now + 8 * day + datetime.timedelta(hours=1),
        event_status=Event.EventStatus.MOVED_ONLINE,
        status_note="The hall is unavailable.",
    )
    conference = EventFactory(
        title="Annual conference",
        kind=Event.Kind.CONFERENCE,
        all_day=True,
        time_zone="Europe/Warsaw",
        start=now + 12 * day,
        end=now + 13 * day,
        venue_city="Gdańsk",
        venue_country="PL",
    )
    past = EventFactory(
        title="Public meeting on agency work",
        start=now - 20 * day,
        end=now - 20 * day + datetime.timedelta(hours=2),
    )
    for index in range(22):
        EventFactory(title=f"Branch meeting {index + 1}", start=now + (14 + index) * day)
    EventFactory(title="Draft", draft=True)
    month = timezone.localdate()
    return {
        "upcoming": "/events/",
        "upcoming, page 2": "/events/?page=2",
        "upcoming, filtered": "/events/?kind=vigil&city=Liverpool",
        "upcoming, nothing found": "/events/?kind=social",
        "past": "/events/past/",
        "calendar": "/events/calendar/",
        "calendar, next month": (
            f"/events/calendar/{month.year + month.month // 12}/{month.month % 12 + 1}/"
        ),
        "calendar, filtered": "/events/calendar/?tag=automation",
        "hybrid event": hybrid.get_absolute_url(),
        "cancelled event": cancelled.get_absolute_url(),
        "repeating event": vigil.get_absolute_url(),
        "online event": webinar.get_absolute_url(),
        "all-day event": conference.get_absolute_url(),
        "past event": past.get_absolute_url(),
        "home with events": "/",
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [(1280, 800), (375, 740)], ids=["desktop", "phone"])
def test_event_pages_have_no_axe_violations(live_server, page, run_axe, event_pages, viewport):
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    failures, counts = [], {}
    for name, path in event_pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        violations = run_axe(page)
        counts[name] = sum(len(v["nodes"]) for v in violations)
        if violations:
            failures.append(f"--- {name} ({path})\n{describe_violations(violations)}")
    print("axe violations per event page:", counts)
    assert not failures, "axe-core found accessibility problems:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_event_pages_are_valid_html(client, tmp_path, check_html, event_pages):
    files = {}
    for name, path in event_pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        target = tmp_path / f"{slugify(name)}.html"
        target.write_bytes(response.content)
        files[target.name] = name
    errors = check_html(sorted(tmp_path.glob("*.html")))
    counts = dict.fromkeys(files.values(), 0)
    for error in errors:
        name = files.get(error.get("url", "").rsplit("/", 1)[-1], "(checker)")
        counts[name] = counts.get(name, 0) + 1
    print("Nu HTML checker errors per event page:", counts)
    assert not errors, "The Nu HTML checker found errors:\n" + describe_html_errors(errors)
