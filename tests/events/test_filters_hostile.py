"""The reader's filters on the event lists take whatever a URL carries: a tag that is not a
slug, a NUL or other control character (which PostgreSQL refuses in text), a long string.
Each gets the list with "No events match these filters", never an error page."""

import pytest

from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

LISTS = ["/events/", "/events/past/", "/events/calendar/"]
NO_MATCH = "No events match these filters."


@pytest.fixture
def events():
    EventFactory(title="Picket at the gate", tags=["docks"], venue_city="Gdańsk")
    EventFactory(title="Rally in the square", tags=["pay"], venue_city="London")


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        "tag=a.b",
        "tag=%D0%A1%D0%BE%D0%BB%D0%B8",  # "Соли": not a slug the calendar link can take
        "tag=docks%00",
        "tag=%00",
        "city=London%00",
        "city=%00%01%1b",
        "kind=%00&tag=a%0Ab&city=x%7F",
        "tag=" + "x" * 5000,
    ],
)
def test_hostile_filters_answer_with_the_list(client, events, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    assert 'name="tag"' in response.content.decode()  # the form, to correct the choice


@pytest.mark.parametrize(
    "query, shown",
    [
        ("tag=a.b", []),
        ("tag=docks%00", ["Picket at the gate"]),  # the NUL is dropped, the tag is kept
        ("city=London%00", ["Rally in the square"]),
        ("city=x%7F", []),
        ("tag=%00", ["Picket at the gate", "Rally in the square"]),  # nothing left: no filter
    ],
)
def test_what_hostile_filters_show(client, events, query, shown):
    page = client.get(f"/events/?{query}").content.decode()
    for title in ["Picket at the gate", "Rally in the square"]:
        assert (title in page) == (title in shown), title
    assert (NO_MATCH in page) == (not shown)


@pytest.mark.parametrize("url", ["/events/", "/events/past/"])
def test_a_tag_that_is_not_a_slug_matches_nothing(client, events, url):
    page = client.get(f"{url}?tag=a.b").content.decode()
    assert NO_MATCH in page
    assert "Picket at the gate" not in page and "Rally in the square" not in page
    assert "events/tags/" not in page  # no calendar link for a topic that cannot exist


def test_a_real_tag_still_filters_and_offers_its_calendar(client, events):
    page = client.get("/events/?tag=docks").content.decode()
    assert "Picket at the gate" in page and "Rally in the square" not in page
    assert "/events/tags/docks/calendar.ics" in page
