"""The image library: what an upload must be to be stored, and what is stored.

Uploads go through the admin (what an editor does) and through plain `Image.save()`
(what an importer or the shell does); both must refuse the same files and strip the
same metadata.
"""

import io
import os
import struct
import zlib
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image as PILImage

from images.models import Image
from tests.factories import jpeg_bytes

ADD_URL = "/admin/images/image/add/"
CAMERA_MAKE = "Fotoapparat-Werke Wetzlar"
GPS_IFD = 0x8825
RED, GREEN, BLUE = (220, 20, 20), (20, 200, 20), (20, 20, 220)


@pytest.fixture
def media_root(settings, tmp_path):
    """An empty MEDIA_ROOT of this test's own, so "nothing was written" can be checked."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def stored_files(root):
    return sorted(Path(folder, name) for folder, _dirs, names in os.walk(root) for name in names)


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def noise(width, height):
    """An image that compresses badly, so its JPEG has substance to cut in half."""
    return PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3))


def photo_exif(orientation=None):
    exif = PILImage.Exif()
    exif[0x010F] = CAMERA_MAKE  # Make
    exif[0x0110] = "Model 7"  # Model
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (52.0, 13.0, 37.5)  # GPSLatitude
    gps[3] = "E"  # GPSLongitudeRef
    gps[4] = (21.0, 0.0, 42.25)  # GPSLongitude
    return exif


def gps_photo(width=900, height=600):
    data = encode(PILImage.new("RGB", (width, height), BLUE), "JPEG", exif=photo_exif())
    # The fixture itself must carry what the upload is supposed to lose.
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
    assert CAMERA_MAKE.encode() in data
    return data


def sideways_photo():
    """300×100 as stored by a camera held upright: EXIF orientation 6 (rotate 90° clockwise).

    Red along the stored left edge, green along the stored top edge: upright, red is along
    the top and green along the right.
    """
    image = PILImage.new("RGB", (300, 100), BLUE)
    image.paste(GREEN, (0, 0, 300, 20))
    image.paste(RED, (0, 0, 30, 100))
    return encode(image, "JPEG", exif=photo_exif(orientation=6), quality=95)


def _png_chunk(kind, payload):
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


@cache
def png_bomb(width, height):
    """A valid black 1-bit PNG of `width`×`height`: a few kilobytes that decode to a lot."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def _gif_blocks(data):
    """Split a GIF into (header with global colour table, [blocks...]) at block starts."""
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    header, blocks = data[:pos], []
    while data[pos : pos + 1] != b";":
        start = pos
        if data[pos : pos + 1] == b"!":  # extension: label, then sub-blocks
            pos += 2
        else:  # image descriptor, local colour table, LZW minimum code size, sub-blocks
            desc_flags = data[pos + 9]
            pos += 10 + (3 << ((desc_flags & 7) + 1) if desc_flags & 0x80 else 0) + 1
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
        blocks.append(data[start:pos])
    return header, blocks


def gif_with_large_second_frame(screen=(40, 30), frame=(200, 150)):
    """An animated GIF whose first frame is small and whose second frame is much larger."""
    small = encode(PILImage.new("RGB", screen, RED).convert("P"), "GIF")
    large = encode(PILImage.new("RGB", frame, GREEN).convert("P"), "GIF")
    header, small_blocks = _gif_blocks(small)
    _large_header, large_blocks = _gif_blocks(large)
    gif = header + b"".join(small_blocks) + b"".join(large_blocks) + b";"
    opened = PILImage.open(io.BytesIO(gif))
    assert opened.size == screen and opened.n_frames == 2
    return gif


def animated_gif():
    frames = [PILImage.new("RGB", (120, 80), color).convert("P") for color in (RED, GREEN, BLUE)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)


def upload(client, data, name, content_type="image/jpeg", title="March on the square"):
    return client.post(
        ADD_URL,
        {
            "title": title,
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "credit": "Photo desk",
        },
    )


def rendition_names(image):
    return [name for entry in image.renditions.values() for name in entry.values()]


def all_stored_names(image):
    return [image.file.name, *rendition_names(image)]


def read_stored(image, name):
    with image.file.storage.open(name, "rb") as handle:
        return handle.read()


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = {}

    def handle_starttag(self, tag, attrs):
        self.tags.setdefault(tag, []).append(dict(attrs))


def parse_tags(html):
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


def render_picture(image, alt, sizes="100vw"):
    template = Template("{% load images %}{% picture image alt sizes %}")
    return template.render(Context({"image": image, "alt": alt, "sizes": sizes}))


def close(pixel, color, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], color, strict=True))


# Uploading through the admin ------------------------------------------------------------


def test_admin_upload_stores_image_with_renditions(admin_client, media_root):
    response = upload(admin_client, jpeg_bytes(1000, 750), "march.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1000, 750)
    assert image.uploaded_by.username == "admin"
    assert Path(image.file.path).is_file()
    assert sorted(image.renditions, key=int) == ["400", "800", "1000"]
    for name in rendition_names(image):
        assert (media_root / name).is_file(), name
    for width, entry in image.renditions.items():
        with PILImage.open(media_root / entry["webp"]) as webp:
            assert webp.format == "WEBP"
            assert webp.width == int(width)
        with PILImage.open(media_root / entry["src"]) as original_format:
            assert original_format.format == "JPEG"
            assert original_format.width == int(width)


def test_picture_tag_gives_srcset_sizes_dimensions_and_alt(admin_client, media_root):
    upload(admin_client, jpeg_bytes(1000, 750), "march.jpg")
    image = Image.objects.get()

    tags = parse_tags(render_picture(image, "Marchers at the gate", "(min-width: 50rem) 48rem"))

    (source,) = tags["source"]
    (img,) = tags["img"]
    assert source["type"] == "image/webp"
    for srcset in (source["srcset"], img["srcset"]):
        candidates = dict(reversed(part.strip().split(" ")) for part in srcset.split(","))
        assert sorted(candidates) == ["1000w", "400w", "800w"]
        for url in candidates.values():
            assert url.startswith("/media/")
            assert (media_root / url.removeprefix("/media/")).is_file(), url
    assert source["srcset"].count(".webp") == 3
    assert source["sizes"] == img["sizes"] == "(min-width: 50rem) 48rem"
    assert (img["width"], img["height"]) == ("1000", "750")
    assert img["alt"] == "Marchers at the gate"
    assert img["src"].startswith("/media/")


def test_picture_tag_marks_decorative_image_with_empty_alt(admin_client, media_root):
    upload(admin_client, jpeg_bytes(500, 300), "texture.jpg")

    (img,) = parse_tags(render_picture(Image.objects.get(), ""))["img"]

    assert img["alt"] == ""


def _html_as_jpeg():
    return b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _svg_as_jpeg():
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b'<rect width="10" height="10"/></svg>'
    )


def _truncated_jpeg():
    data = encode(noise(400, 300), "JPEG", quality=90)
    return data[: len(data) // 2]


NOT_AN_IMAGE = "This file is not an image we accept"

REJECTED_UPLOADS = {
    "html-renamed-jpg": (_html_as_jpeg, "page.jpg", {}, NOT_AN_IMAGE),
    "svg-renamed-jpg": (_svg_as_jpeg, "logo.jpg", {}, NOT_AN_IMAGE),
    "oversize": (
        lambda: encode(noise(200, 200), "JPEG", quality=95),
        "big.jpg",
        {"PLACARD_IMAGE_MAX_BYTES": 10_000},
        "the largest image accepted is",
    ),
    # 48 megapixels: under Pillow's own warning threshold, over ours.
    "png-bomb-over-our-limit": (
        lambda: png_bomb(8000, 6000),
        "bomb.png",
        {},
        "This image is 8000 × 6000 pixels; the limit is 40 megapixels.",
    ),
    # 900 megapixels: Pillow itself refuses to open it.
    "png-bomb-over-pillow-limit": (
        lambda: png_bomb(30000, 30000),
        "bomb.png",
        {},
        "This image would take too much memory to open.",
    ),
    # 100 megapixels on a site configured above Pillow's warning threshold: Pillow's
    # warning still stops it.
    "png-bomb-over-pillow-warning": (
        lambda: png_bomb(10000, 10000),
        "bomb.png",
        {"PLACARD_IMAGE_MAX_PIXELS": 150_000_000},
        "This image would take too much memory to open.",
    ),
    "truncated-jpeg": (_truncated_jpeg, "cut.jpg", {}, "damaged or incomplete"),
    "gif-later-frame-too-large": (
        gif_with_large_second_frame,
        "anim.gif",
        {"PLACARD_IMAGE_MAX_PIXELS": 10_000},  # first frame 1,200 px, second 30,000 px
        "This image is 200 × 150 pixels; the limit is",
    ),
    "tiff": (lambda: encode(PILImage.new("RGB", (64, 64), RED), "TIFF"), "scan.tiff", {}, None),
    "bmp": (lambda: encode(PILImage.new("RGB", (64, 64), RED), "BMP"), "paint.bmp", {}, None),
    "bmp-renamed-jpg": (
        lambda: encode(PILImage.new("RGB", (64, 64), RED), "BMP"),
        "paint.jpg",
        {},
        None,
    ),
}


@pytest.mark.parametrize(
    ("make_data", "name", "overrides", "message"),
    REJECTED_UPLOADS.values(),
    ids=REJECTED_UPLOADS.keys(),
)
def test_admin_refuses_bad_upload(
    admin_client, media_root, settings, make_data, name, overrides, message
):
    for setting, value in overrides.items():
        setattr(settings, setting, value)

    response = upload(admin_client, make_data(), name)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["file"]
    page = response.content.decode()
    for error in errors["file"]:
        assert error in page
    if message is None:  # Other formats: the error names what is accepted.
        message = "upload a JPEG, PNG, WebP or GIF"
    assert message in page
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_gif_with_small_frames_passes_the_frame_check(admin_client, media_root, settings):
    """The counterpart of the later-frame test: the same GIF within the limit is stored."""
    settings.PLACARD_IMAGE_MAX_PIXELS = 40_000

    response = upload(admin_client, gif_with_large_second_frame(), "anim.gif", "image/gif")

    assert response.status_code == 302
    assert Image.objects.count() == 1


def test_admin_upload_removes_gps_and_camera_metadata(admin_client, media_root):
    response = upload(admin_client, gps_photo(), "where-we-were.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    names = all_stored_names(image)
    assert len(names) == 1 + 2 * 3  # original; 400, 800 and 900 wide, each JPEG and WebP
    for name in names:
        data = read_stored(image, name)
        with PILImage.open(io.BytesIO(data)) as stored:
            assert not stored.getexif(), name
            assert "exif" not in stored.info, name
        assert CAMERA_MAKE.encode() not in data, name
        assert b"Exif\x00\x00" not in data, name


def test_admin_upload_stores_rotated_photo_upright(admin_client, media_root):
    response = upload(admin_client, sideways_photo(), "sideways.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (100, 300)
    for name in all_stored_names(image):
        with PILImage.open(io.BytesIO(read_stored(image, name))) as stored:
            assert stored.size == (100, 300), name
            assert 0x0112 not in stored.getexif(), name  # no orientation left to apply twice
            pixels = stored.convert("RGB")
            assert close(pixels.getpixel((50, 10)), RED), name  # top: the stored left edge
            assert close(pixels.getpixel((92, 150)), GREEN), name  # right: the stored top
            assert close(pixels.getpixel((8, 150)), BLUE), name
            assert close(pixels.getpixel((50, 290)), BLUE), name


def test_admin_accepts_png_with_alpha_channel(admin_client, media_root):
    picture = PILImage.new("RGBA", (600, 400), (*RED, 255))
    picture.paste((0, 0, 0, 0), (0, 0, 300, 400))  # left half fully transparent

    response = upload(admin_client, encode(picture, "PNG"), "logo.png", "image/png")

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith(".png")
    assert (image.width, image.height) == (600, 400)
    for name in all_stored_names(image):
        with PILImage.open(io.BytesIO(read_stored(image, name))) as stored:
            rgba = stored.convert("RGBA")
            assert rgba.getpixel((10, 10))[3] == 0, name
            assert rgba.getpixel((rgba.width - 10, 10))[3] == 255, name


def test_admin_keeps_transparency_of_palette_png(admin_client, media_root):
    picture = PILImage.new("P", (500, 200), 0)
    picture.putpalette([255, 255, 255, *RED])
    picture.paste(1, (250, 0, 500, 200))  # right half red, left half see-through

    response = upload(
        admin_client, encode(picture, "PNG", transparency=0), "badge.png", "image/png"
    )

    assert response.status_code == 302
    image = Image.objects.get()
    for name in all_stored_names(image):
        with PILImage.open(io.BytesIO(read_stored(image, name))) as stored:
            rgba = stored.convert("RGBA")
            assert rgba.getpixel((10, 10))[3] == 0, name
            opaque = rgba.getpixel((rgba.width - 10, 10))
            assert opaque[3] == 255 and close(opaque, RED), name


def test_admin_keeps_shades_of_16_bit_greyscale_png(admin_client, media_root):
    scan = PILImage.new("I;16", (500, 200), 60000)  # nearly white on a 0-65535 scale
    scan.paste(PILImage.new("I;16", (250, 200), 3000), (0, 0))  # left half dark grey
    assert scan.getpixel((10, 10)) == 3000 and scan.getpixel((490, 10)) == 60000

    response = upload(admin_client, encode(scan, "PNG"), "scan.png", "image/png")

    assert response.status_code == 302
    image = Image.objects.get()
    for name in all_stored_names(image):
        with PILImage.open(io.BytesIO(read_stored(image, name))) as stored:
            grey = stored.convert("L")
            assert grey.getpixel((10, 10)) < 30, name
            assert grey.getpixel((grey.width - 10, 10)) > 220, name


def test_admin_accepts_animated_gif(admin_client, media_root):
    response = upload(admin_client, animated_gif(), "wave.gif", "image/gif")

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith(".gif")
    assert (image.width, image.height) == (120, 80)
    with PILImage.open(image.file.path) as stored:
        assert stored.format == "GIF"
        assert stored.n_frames == 3
    # GIFs are served as stored: one <img>, still with its size and alt.
    (img,) = parse_tags(render_picture(image, "A waving flag"))["img"]
    assert (img["width"], img["height"], img["alt"]) == ("120", "80", "A waving flag")


def test_admin_accepts_phone_camera_mpo_as_jpeg(admin_client, media_root):
    """Phones save "JPEG" photos as MPO (extra frames for depth); they are stored as JPEG."""
    first, depth = PILImage.new("RGB", (640, 480), RED), PILImage.new("RGB", (640, 480), BLUE)
    data = encode(first, "MPO", save_all=True, append_images=[depth], exif=photo_exif())
    assert PILImage.open(io.BytesIO(data)).format == "MPO"

    response = upload(admin_client, data, "IMG_0042.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith(".jpg")
    data = read_stored(image, image.file.name)
    with PILImage.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG"
        assert close(stored.getpixel((320, 240)), RED)
        assert not stored.getexif()
    assert CAMERA_MAKE.encode() not in data


# Saving from code (importers, the shell) -------------------------------------------------


def test_save_from_code_removes_gps_and_camera_metadata(db, media_root):
    image = Image(title="Imported", file=ContentFile(gps_photo(), name="imported.jpg"))
    image.save()

    image.refresh_from_db()
    assert (image.width, image.height) == (900, 600)
    assert len(rendition_names(image)) == 6
    for name in all_stored_names(image):
        data = read_stored(image, name)
        with PILImage.open(io.BytesIO(data)) as stored:
            assert not stored.getexif(), name
        assert CAMERA_MAKE.encode() not in data, name


def test_save_from_code_stores_rotated_photo_upright(db, media_root):
    image = Image(title="Imported", file=ContentFile(sideways_photo(), name="sideways.jpg"))
    image.save()

    assert (image.width, image.height) == (100, 300)
    with PILImage.open(image.file.path) as stored:
        assert stored.size == (100, 300)
        assert close(stored.getpixel((50, 10)), RED)
        assert close(stored.getpixel((92, 150)), GREEN)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (_html_as_jpeg(), "page.jpg"),
        (_svg_as_jpeg(), "logo.jpg"),
        (_truncated_jpeg(), "cut.jpg"),
        (png_bomb(30000, 30000), "bomb.png"),
    ],
    ids=["html", "svg", "truncated", "bomb"],
)
def test_save_from_code_refuses_bad_file(db, media_root, data, name):
    image = Image(title="Imported", file=ContentFile(data, name=name))

    with pytest.raises(ValidationError):
        image.save()

    assert Image.objects.count() == 0
    assert stored_files(media_root) == []
