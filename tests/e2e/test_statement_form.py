"""The endorsement form in a real browser: radio buttons big enough to tap, the
organisation field only for individuals, and the error summary taking the focus."""

import pytest

from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_radio_buttons_are_tap_targets_of_24_pixels(live_server, page):
    statement = StatementFactory()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}{statement.get_absolute_url()}")
    for label in ("Organisation", "Individual"):
        radio = page.get_by_role("radio", name=label)
        box = radio.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (label, box)
        # The whole label takes the click, not only the circle.
        label_box = page.locator(f"label[for='{radio.get_attribute('id')}']").bounding_box()
        page.mouse.click(label_box["x"] + label_box["width"] - 2, label_box["y"] + 2)
        assert radio.is_checked(), label
    for name in ("I agree that my name is listed publicly under this statement.",):
        box = page.get_by_role("checkbox", name=name).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box


def test_the_organisation_field_shows_for_individuals_only(live_server, page):
    statement = StatementFactory()
    page.goto(f"{live_server.url}{statement.get_absolute_url()}")
    affiliation = page.get_by_label("Organisation you belong to (optional)")
    page.get_by_label("Individual").check()
    affiliation.fill("Port Workers Union")
    page.get_by_label("Organisation", exact=True).check()
    assert affiliation.is_hidden()
    page.get_by_label("Individual").check()
    assert affiliation.is_visible()
    assert affiliation.input_value() == "Port Workers Union"


def test_a_bad_submission_focuses_the_error_summary(live_server, page):
    statement = StatementFactory()
    page.goto(f"{live_server.url}{statement.get_absolute_url()}")
    page.get_by_label("Individual").check()
    page.get_by_label("Name", exact=True).fill("Rosa Lima")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Sign the statement").click()
    page.get_by_role("heading", name="Your signature was not sent").wait_for()
    assert page.title().startswith("Error: ")
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == "error-summary"
    assert page.locator("#error-summary").is_visible()
    in_view = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
    assert in_view
    # Each link leads to its field.
    page.get_by_role("link", name="Email address: Enter a valid email address.").click()
    assert page.evaluate("() => document.activeElement.id") == "id_email"
    assert page.get_by_label("Name", exact=True).input_value() == "Rosa Lima"
