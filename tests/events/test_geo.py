"""Venue coordinates: typed in the admin (checked, forgiving of how maps copy them),
exported as GEO in every .ics and as GeoCoordinates in the event page's JSON-LD, for
in-person and hybrid events only."""

import datetime
import json
import re
from decimal import Decimal

import icalendar
import pytest
import time_machine
from ical.calendar_stream import IcsCalendarStream

from events.models import Event
from tests.events.factories import EventFactory, local
from tests.events.test_admin import ADD_URL, form_data

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def clerkenwell(**fields):
    return EventFactory(
        title="May Day march",
        publish_at=LONG_AGO,
        start=local(2026, 5, 1, 11),
        end=local(2026, 5, 1, 15),
        venue_latitude=Decimal("51.523200"),
        venue_longitude=Decimal("-0.105500"),
        **fields,
    )


def strict_events(text):
    """The VEVENTs as the strict parser reads them (it raises on anything invalid)."""
    return IcsCalendarStream.calendar_from_ics(text).events


@time_machine.travel(NOW, tick=False)
def test_an_in_person_event_has_geo_in_its_ics_and_in_the_feed(client):
    event = clerkenwell()
    text = client.get(event.get_ics_url()).content.decode()
    assert "GEO:51.5232;-0.1055\r\n" in text
    [strict] = strict_events(text)
    assert (strict.geo.lat, strict.geo.lng) == (51.5232, -0.1055)
    parsed = icalendar.Calendar.from_ical(text)
    [vevent] = parsed.walk("VEVENT")
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (51.5232, -0.1055)
    feed = client.get("/events/calendar.ics").content.decode()
    assert [(e.geo.lat, e.geo.lng) for e in strict_events(feed)] == [(51.5232, -0.1055)]


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_date_of_a_series_keeps_the_venue_position(client):
    event = clerkenwell(repeat=Event.Repeat.WEEKLY, repeat_count=4)
    event.exceptions.create(date=datetime.date(2026, 5, 8), kind="cancelled", note="Storm")
    text = client.get(event.get_ics_url()).content.decode()
    found = strict_events(text)
    assert len(found) == 2
    assert all((e.geo.lat, e.geo.lng) == (51.5232, -0.1055) for e in found)


@time_machine.travel(NOW, tick=False)
def test_no_geo_without_coordinates_or_for_an_online_event(client):
    plain = EventFactory(title="No position", publish_at=LONG_AGO)
    online = EventFactory(
        title="Webinar",
        publish_at=LONG_AGO,
        online=True,
        venue_latitude=Decimal("51.5"),
        venue_longitude=Decimal("-0.1"),
    )
    for event in (plain, online):
        text = client.get(event.get_ics_url()).content.decode()
        assert "GEO" not in text
        [strict] = strict_events(text)
        assert strict.geo is None


def json_ld(page):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


@time_machine.travel(NOW, tick=False)
def test_the_event_page_gives_the_place_its_coordinates(client):
    event = clerkenwell(hybrid=True)
    data = json_ld(client.get(event.get_absolute_url()).content.decode())
    place = next(item for item in data["location"] if item["@type"] == "Place")
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 51.5232, "longitude": -0.1055}
    plain = EventFactory(title="Without", publish_at=LONG_AGO)
    data = json_ld(client.get(plain.get_absolute_url()).content.decode())
    assert "geo" not in data["location"]


def test_the_admin_stores_coordinates_rounded_to_six_places(admin_client):
    response = admin_client.post(
        ADD_URL,
        form_data(venue_latitude="40.70452123498645", venue_longitude="−74.0168°"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.venue_latitude, event.venue_longitude) == (
        Decimal("40.704521"),
        Decimal("-74.016800"),
    )


def test_both_numbers_pasted_into_latitude_are_spread(admin_client):
    response = admin_client.post(ADD_URL, form_data(venue_latitude="40.7045, -74.0168"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.venue_latitude, event.venue_longitude) == (
        Decimal("40.704500"),
        Decimal("-74.016800"),
    )


def test_the_admin_form_shows_the_coordinates_with_their_help(admin_client):
    page = admin_client.get(ADD_URL).content.decode()
    assert 'name="venue_latitude"' in page and 'name="venue_longitude"' in page
    assert "What&#x27;s here?" in page or "What's here?" in page
    # Right after the "Where" group, folded: few events need a map position.
    assert page.index('name="online_url"') < page.index("Position on a map")
    assert page.index("Position on a map") < page.index('name="venue_latitude"')
    assert page.index('name="venue_longitude"') < page.index('name="repeat"')


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"venue_latitude": "91", "venue_longitude": "0"}, "venue_latitude",
         "A latitude is between -90 and 90 (south is negative): check the number."),
        ({"venue_latitude": "-90.5", "venue_longitude": "0"}, "venue_latitude",
         "A latitude is between -90 and 90 (south is negative): check the number."),
        ({"venue_latitude": "10", "venue_longitude": "180.01"}, "venue_longitude",
         "A longitude is between -180 and 180 (west is negative): check the number."),
        ({"venue_latitude": "51.5"}, "venue_longitude",
         "Give both the latitude and the longitude of the venue, or neither"),
        ({"venue_longitude": "-0.1"}, "venue_latitude",
         "Give both the latitude and the longitude of the venue, or neither"),
        ({"venue_latitude": "north", "venue_longitude": "-0.1"}, "venue_latitude",
         "Enter a number such as 51.5226 or -0.104"),
    ],
)  # fmt: skip
def test_wrong_coordinates_are_explained_and_nothing_is_stored(
    admin_client, overrides, field, message
):
    response = admin_client.post(ADD_URL, form_data(**overrides))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert len(form.errors[field]) == 1  # one clear message, not two
    assert message in form.errors[field][0]
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Event.objects.count() == 0


def test_a_position_typed_with_fewer_places_is_no_calendar_change():
    event = clerkenwell()
    stored = Event.objects.get(pk=event.pk)
    sequence = stored.sequence
    stored.venue_latitude = Decimal("51.5232")
    stored.save()
    assert Event.objects.get(pk=event.pk).sequence == sequence
    stored.venue_latitude = Decimal("51.6")
    stored.save()
    assert Event.objects.get(pk=event.pk).sequence == sequence + 1


def test_every_demo_venue_has_coordinates():
    from events.demo import create_demo_events

    create_demo_events()
    in_person = Event.objects.filter(attendance__in=["in-person", "hybrid"]).exclude(
        venue_name="To be confirmed"
    )
    assert in_person.exists()
    assert not in_person.filter(venue_latitude__isnull=True).exists()
    for event in in_person:
        assert -90 <= event.venue_latitude <= 90 and -180 <= event.venue_longitude <= 180
