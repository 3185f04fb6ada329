"""Animations are limited in frames and in pixels over all frames, checked before the
frames are decoded (40 frames of 3000 × 3000 once took 19.8 s to refuse or store)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from images import processing
from images.models import Image
from tests.images.test_processing import media_root, stored_files, upload  # noqa: F401

COLOURS = [(220, 20, 20), (20, 200, 20), (20, 20, 220), (240, 200, 0)]


def animation(frames, size=(60, 40)):
    """A small animated GIF of `frames` frames of `size`, built in memory."""
    pictures = [
        PILImage.new("RGB", size, COLOURS[n % len(COLOURS)]).convert("P") for n in range(frames)
    ]
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, format="GIF", save_all=True, append_images=pictures[1:], duration=80, loop=0
    )
    data = buffer.getvalue()
    assert PILImage.open(io.BytesIO(data)).n_frames == frames
    return data


def test_admin_refuses_animation_with_too_many_frames(admin_client, media_root, settings):  # noqa: F811
    settings.PLACARD_IMAGE_MAX_FRAMES = 10

    response = upload(admin_client, animation(11), "wave.gif", "image/gif")

    assert response.status_code == 200
    assert "This animation has 11 frames; the limit is 10." in response.content.decode()
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_admin_refuses_animation_over_the_pixel_limit_over_all_frames(
    admin_client,
    media_root,  # noqa: F811
    settings,
):
    # Each 1000 × 1000 frame is within a 2-megapixel limit; three of them are not.
    settings.PLACARD_IMAGE_MAX_PIXELS = 2_000_000

    response = upload(admin_client, animation(3, (1000, 1000)), "big.gif", "image/gif")

    assert response.status_code == 200
    assert (
        "This animation has 3 frames, 3 megapixels in all; the limit is 2 megapixels over "
        "all frames." in response.content.decode()
    )
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_animation_is_refused_before_its_frames_are_decoded(monkeypatch, settings):
    settings.PLACARD_IMAGE_MAX_PIXELS = 2_000_000
    data = animation(3, (1000, 1000))
    decoded = []
    load = PILImage.Image.load
    monkeypatch.setattr(PILImage.Image, "load", lambda self: decoded.append(1) or load(self))

    with pytest.raises(ValidationError, match="3 megapixels in all"):
        processing.validate_upload(ContentFile(data, name="big.gif"))

    assert decoded == []


def test_save_from_code_refuses_too_many_frames(db, media_root, settings):  # noqa: F811
    settings.PLACARD_IMAGE_MAX_FRAMES = 5

    with pytest.raises(ValidationError, match="6 frames; the limit is 5"):
        Image(title="Loop", file=ContentFile(animation(6), name="loop.gif")).save()

    assert Image.objects.count() == 0


def test_animation_within_the_limits_is_stored(admin_client, media_root, settings):  # noqa: F811
    settings.PLACARD_IMAGE_MAX_FRAMES = 10
    settings.PLACARD_IMAGE_MAX_PIXELS = 2_000_000

    response = upload(admin_client, animation(10, (300, 200)), "ok.gif", "image/gif")

    assert response.status_code == 302
    stored = Image.objects.get()
    with stored.file.open("rb") as handle:
        assert PILImage.open(io.BytesIO(handle.read())).n_frames == 10
