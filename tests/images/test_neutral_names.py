"""Uploaded images are stored under neutral names: a camera's file name
(`IMG_20241019_183012.jpg`) tells when the photo was taken, and must not reach a public
address. Editors still see the name the file was uploaded with."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from images.models import Image
from images.processing import generate_renditions
from tests.factories import ArticleFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

CAMERA_NAME = "IMG_20241019_183012.jpg"
ADD_URL = "/admin/images/image/add/"


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def every_name(image):
    entries = [*image.renditions.values()]
    for crop in (image.crops or {}).values():
        entries += crop.get("renditions", {}).values()
    return [image.file.name, *(name for entry in entries for name in entry.values())]


def upload(client, name):
    return client.post(
        ADD_URL,
        {
            "title": "March on the square",
            "file": SimpleUploadedFile(name, jpeg_bytes(1000, 750), content_type="image/jpeg"),
            "credit": "Photo desk",
        },
    )


def test_an_upload_is_stored_under_a_neutral_name(admin_client, media_root):
    response = upload(admin_client, CAMERA_NAME)
    assert response.status_code == 302
    image = Image.objects.get()
    names = every_name(image)
    assert len(names) > 3  # the original and its renditions
    for name in names:
        assert "IMG" not in name and "20241019" not in name and "183012" not in name, name
        assert (media_root / name).is_file()
    assert image.file.name.endswith(".jpg")
    assert re.fullmatch(r"images/\d{4}/\d{2}/[0-9a-f]{20}\.jpg", image.file.name)
    assert image.original_name == CAMERA_NAME


def test_the_pages_showing_it_do_not_give_the_name_away(client, admin_client, media_root):
    upload(admin_client, CAMERA_NAME)
    article = ArticleFactory(lead_image=Image.objects.get(), title="March on the square")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<picture>" in html
    assert "IMG_2024" not in html and "183012" not in html


def test_editors_see_the_uploaded_name(admin_client, media_root):
    upload(admin_client, CAMERA_NAME)
    image = Image.objects.get()
    page = admin_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()
    assert CAMERA_NAME in page
    found = admin_client.get("/admin/images/image/", {"q": "IMG_20241019"}).content.decode()
    assert "March on the square" in found


def test_two_uploads_of_one_name_get_different_names(media_root):
    first = Image.objects.create(title="One", file=ContentFile(jpeg_bytes(), name=CAMERA_NAME))
    second = Image.objects.create(title="Two", file=ContentFile(jpeg_bytes(), name=CAMERA_NAME))
    assert first.file.name != second.file.name
    assert first.original_name == second.original_name == CAMERA_NAME


def test_a_file_stored_before_keeps_working_and_gets_neutral_renditions(media_root, client):
    image = Image.objects.create(title="Old", file=ContentFile(jpeg_bytes(1000, 750), name="x.jpg"))
    old_name = "images/2024/10/IMG_20241019_183012.jpg"
    (media_root / old_name).parent.mkdir(parents=True)
    (media_root / image.file.name).rename(media_root / old_name)
    Image.objects.filter(pk=image.pk).update(file=old_name, renditions={}, crops={})
    image.refresh_from_db()

    generate_renditions(image)

    image.refresh_from_db()
    assert image.file.name == old_name  # its address is not changed under anyone's feet
    assert (media_root / old_name).is_file()
    renditions = [name for name in every_name(image) if name != old_name]
    assert renditions
    for name in renditions:
        assert "IMG" not in name and "20241019" not in name, name
        assert (media_root / name).is_file()
