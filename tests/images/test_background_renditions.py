"""Renditions made by a background task: the upload stores only the cleaned original and
queues the task; pages show the original until the task has run, then the renditions.

The queue is the real database backend; `run_queued_tasks()` runs it where the worker
(`manage.py db_worker`) would.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from PIL import Image as PILImage

from images.models import Image
from tests.factories import ArticleFactory, jpeg_bytes
from tests.images.test_processing import (
    CAMERA_MAKE,
    GPS_IFD,
    gps_photo,
    parse_tags,
    upload,
)
from tests.support.tasks import queued, run_queued_tasks

TASK = "images.tasks.make_renditions"


@pytest.fixture(autouse=True)
def background(settings, tmp_path):
    settings.PLACARD_RENDITIONS = "background"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root):
    return sorted(
        str(Path(folder, name).relative_to(root))
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def test_upload_stores_the_clean_original_and_queues_the_renditions(admin_client, background):
    response = upload(admin_client, gps_photo(1000, 750), "quay.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.renditions, image.crops) == ({}, {})
    assert stored_files(background) == [image.file.name]  # no rendition yet
    stored = (background / image.file.name).read_bytes()
    assert CAMERA_MAKE.encode() not in stored
    assert not PILImage.open(io.BytesIO(stored)).getexif().get_ifd(GPS_IFD)
    (task,) = queued(TASK)
    assert task.args_kwargs["args"] == [image.pk, image.file.name, [50, 50]]

    assert run_queued_tasks() == ["made"]

    image.refresh_from_db()
    assert sorted(image.renditions, key=int) == ["400", "800", "1000"]
    assert set(image.crops) == {"3:2", "1:1"}
    for entry in image.renditions.values():
        for name in entry.values():
            assert (background / name).is_file(), name


def test_pages_show_the_original_until_the_renditions_exist(db, client, background):
    image = Image(title="Quay")
    image.file = ContentFile(jpeg_bytes(1000, 750), name="quay.jpg")
    image.save()
    article = ArticleFactory(lead_image=image, lead_image_alt="Dockers on the quay")

    page = client.get(article.get_absolute_url())

    assert page.status_code == 200
    img = next(
        tag for tag in parse_tags(page.text)["img"] if tag.get("alt") == "Dockers on the quay"
    )
    assert img["src"] == image.file.url
    assert "srcset" not in img
    assert (background / img["src"].removeprefix("/media/")).is_file()
    assert 'property="og:image" content="http://testserver/media/images/' in page.text

    run_queued_tasks()
    page = client.get(article.get_absolute_url())

    tags = parse_tags(page.text)
    img = next(tag for tag in tags["img"] if tag.get("alt") == "Dockers on the quay")
    assert "/media/renditions/" in img["src"] and "400w" in img["srcset"]
    for url in [img["src"], *(part.split()[0] for part in img["srcset"].split(","))]:
        assert (background / url.removeprefix("/media/")).is_file(), url


def test_picture_tag_falls_back_to_the_original_while_pending(db, background):
    image = Image(title="Quay")
    image.file = ContentFile(jpeg_bytes(900, 600), name="quay.jpg")
    image.save()

    template = Template('{% load images %}{% picture image "Quay" crop="3:2" %}')
    tags = parse_tags(template.render(Context({"image": image})))

    (img,) = tags["img"]
    assert img["src"] == image.file.url
    assert (img["width"], img["height"]) == ("900", "600")


def test_task_for_a_moved_focal_point_leaves_the_newer_crops_alone(db, background):
    image = Image(title="Quay")
    image.file = ContentFile(jpeg_bytes(1200, 600), name="quay.jpg")
    image.save()
    image = Image.objects.get(pk=image.pk)
    image.focal_x = 90
    image.save()  # a second task, for the new focal point

    assert run_queued_tasks() == ["changed", "made"]

    image.refresh_from_db()
    assert image.crops["1:1"]["focal"] == [90, 50]
    written = stored_files(background)
    assert not [name for name in written if "-50-50-" in name]  # no crop for the old point


def test_task_for_a_deleted_image_does_nothing(db, background):
    image = Image(title="Quay")
    image.file = ContentFile(jpeg_bytes(800, 600), name="quay.jpg")
    image.save()
    image.delete()

    assert run_queued_tasks() == ["gone"]
    assert stored_files(background) == []


def test_animated_gif_is_served_as_uploaded_without_looping(db, background):
    frames = [PILImage.new("P", (60, 40), index) for index in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    image = Image(title="Banner")
    image.file = ContentFile(buffer.getvalue(), name="banner.gif")
    image.save()

    assert run_queued_tasks() == ["made"]
    assert queued(TASK) == []
    image.refresh_from_db()
    assert (image.renditions, image.crops) == ({}, {})
