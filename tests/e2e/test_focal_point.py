"""An editor marks an image's focal point by clicking on its preview in the admin."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from images.models import Image
from tests.e2e.conftest import describe_violations
from tests.factories import ImageFactory, UserFactory, jpeg_bytes

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db(transaction=True)
def test_editor_sets_the_focal_point_by_clicking_the_preview(
    live_server, page, settings, tmp_path, run_axe
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    image = ImageFactory(
        title="Banner on the quay", file=ContentFile(jpeg_bytes(1200, 600), name="banner.jpg")
    )
    old_square = image.crops["1:1"]["renditions"]["600"]["src"]

    page.goto(f"{live_server.url}/admin/images/image/{image.pk}/change/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/admin/images/image/{image.pk}/change/$"))

    preview = page.locator("[data-focal-point] img")
    marker = page.locator(".focal-point__marker")
    expect(page.get_by_label("Focal point across (%)")).to_have_value("50")
    # Django's own breadcrumbs fail a colour rule; everything else on the form passes.
    violations = [
        violation
        for violation in run_axe(page)
        if any(".breadcrumbs" not in str(node["target"]) for node in violation["nodes"])
    ]
    assert not violations, describe_violations(violations)
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.25})

    expect(page.get_by_label("Focal point across (%)")).to_have_value("80")
    expect(page.get_by_label("Focal point down (%)")).to_have_value("25")
    expect(marker).to_have_attribute("style", re.compile(r"left: 80%; top: 25%"))
    marker_box = marker.bounding_box()
    middle = marker_box["x"] + marker_box["width"] / 2 - box["x"]
    assert abs(middle - box["width"] * 0.8) < 2

    # The keyboard way: typing a value moves the marker too.
    page.get_by_label("Focal point down (%)").fill("30")
    expect(marker).to_have_attribute("style", re.compile(r"top: 30%"))

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    image.refresh_from_db()
    assert image.focal_point == (80, 30)
    assert image.crops["1:1"]["focal"] == [80, 30]
    assert image.crops["1:1"]["renditions"]["600"]["src"] != old_square
    expect(page.get_by_label("Focal point across (%)")).to_have_value("80")


@pytest.mark.django_db(transaction=True)
def test_focal_point_can_be_set_before_the_first_upload(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    photo = tmp_path / "march.jpg"
    photo.write_bytes(jpeg_bytes(1000, 500, color=(30, 90, 160)))

    page.goto(f"{live_server.url}/admin/images/image/add/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Title").fill("March to the gates")
    page.get_by_label("File").set_input_files(photo)
    preview = page.locator("[data-focal-point] img")
    expect(preview).to_be_visible()
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.1, "y": box["height"] * 0.5})
    expect(page.get_by_label("Focal point across (%)")).to_have_value("10")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    image = Image.objects.get()
    assert image.focal_point == (10, 50)
    assert image.crops["1:1"]["width"] == 500
