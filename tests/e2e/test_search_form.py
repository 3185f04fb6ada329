"""The search form in Chromium: on a phone each filter's label stays with its control,
measured with the boxes the browser lays out."""

import pytest

from tests.factories import SectionFactory

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
FILTERS = ["search-type", "search-section", "search-year"]


def box(page, selector):
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def label_next_to_control(label, control):
    """Directly above (overlapping columns, no more than a small gap between them) or
    beside (on the same line, the label to the left, close to it)."""
    above = (
        0 <= control["y"] - (label["y"] + label["height"]) <= 12
        and label["x"] < control["x"] + control["width"]
        and control["x"] < label["x"] + label["width"]
    )
    label_middle = label["y"] + label["height"] / 2
    beside = (
        control["y"] <= label_middle <= control["y"] + control["height"]
        and 0 <= control["x"] - (label["x"] + label["width"]) <= 16
    )
    return above or beside


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_each_filter_label_stays_with_its_control(live_server, page, viewport):
    # Long section names make the section menu wide, as on a real campaign's site.
    SectionFactory(name="International solidarity with dockworkers and seafarers")
    SectionFactory(name="News")
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/search/?q=harbour")
    for control_id in FILTERS:
        label = box(page, f"label[for={control_id}]")
        control = box(page, f"#{control_id}")
        assert label_next_to_control(label, control), (control_id, label, control)
        # Nothing runs off the side of the screen.
        assert control["x"] >= 0 and control["x"] + control["width"] <= viewport["width"]
