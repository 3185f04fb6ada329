"""The focal point: every crop of an image, and the picture link previews show, keeps the
part the editor marked in view.

The pictures are drawn here: a white field with one red block near an edge, so what a
crop contains can be read from its pixels.
"""

import io
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.template import Context, Template
from PIL import Image as PILImage
from PIL import ImageDraw

from images.models import Image
from images.processing import crop_box
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, StatementFactory, jpeg_bytes
from tests.images.test_processing import parse_tags, read_stored
from tests.pages.factories import PageFactory

RED = (220, 20, 20)
# A 1200 × 600 picture with a red block near the right edge, centred at 91 % across.
WIDTH, HEIGHT = 1200, 600
BLOCK = (1040, 250, 1140, 350)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def block_picture(fmt="PNG"):
    picture = PILImage.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    ImageDraw.Draw(picture).rectangle(BLOCK, fill=RED)
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt)
    return buffer.getvalue()


def library_image(**fields):
    image = Image(title="Banner on the quay", **fields)
    image.file = ContentFile(block_picture(), name="banner.png")
    image.save()
    return Image.objects.get(pk=image.pk)


def red_pixels(image, name):
    with PILImage.open(io.BytesIO(read_stored(image, name))) as picture:
        colours = picture.convert("RGB").getcolors(picture.width * picture.height)
        return sum(count for count, (red, green, _blue) in colours if red > 180 and green < 80)


def largest(crop):
    return crop["renditions"][str(crop["width"])]


def stored_names(image):
    storage = image.file.storage
    _folders, names = storage.listdir(f"renditions/{image.pk}")
    return {f"renditions/{image.pk}/{name}" for name in names}


def test_crop_box_follows_the_focal_point_and_stays_inside_the_picture():
    assert crop_box(1200, 600, "1:1") == (300, 0, 900, 600)
    assert crop_box(1200, 600, "1:1", 91, 50) == (600, 0, 1200, 600)  # stopped by the edge
    assert crop_box(1200, 600, "1:1", 0, 0) == (0, 0, 600, 600)
    assert crop_box(1200, 600, "1:1", 40, 50) == (180, 0, 780, 600)
    assert crop_box(600, 1200, "3:2", 50, 10) == (0, 0, 600, 400)
    assert crop_box(600, 1200, "3:2", 50, 70) == (0, 640, 600, 1040)
    assert crop_box(900, 600, "3:2", 5, 95) == (0, 0, 900, 600)  # already that shape


@pytest.mark.django_db
def test_square_crop_keeps_the_block_at_the_focal_point():
    image = library_image(focal_x=91, focal_y=50)

    square = image.crops["1:1"]
    assert (square["width"], square["height"], square["focal"]) == (600, 600, [91, 50])
    for entry in square["renditions"].values():
        assert red_pixels(image, entry["src"]) > 0
        assert red_pixels(image, entry["webp"]) > 0
    with PILImage.open(io.BytesIO(read_stored(image, largest(square)["src"]))) as picture:
        assert picture.size == (600, 600)


@pytest.mark.django_db
def test_square_crop_around_the_centre_loses_the_block():
    image = library_image()

    assert image.focal_point == (50, 50)
    assert red_pixels(image, largest(image.crops["1:1"])["src"]) == 0
    # The whole picture still has it: only crops are cut.
    assert red_pixels(image, image.renditions[str(WIDTH)]["webp"]) > 0


@pytest.mark.django_db
def test_moving_the_focal_point_makes_new_crops_and_removes_the_old_ones(
    django_capture_on_commit_callbacks,
):
    image = library_image()
    old_square = largest(image.crops["1:1"])
    whole = dict(image.renditions)

    image.focal_x = 91
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    image.refresh_from_db()
    new_square = largest(image.crops["1:1"])
    assert new_square["src"] != old_square["src"]
    assert red_pixels(image, new_square["src"]) > 0
    assert image.renditions == whole  # the whole picture did not change
    names = stored_names(image)
    assert old_square["src"] not in names and old_square["webp"] not in names
    assert new_square["src"] in names
    for entry in whole.values():
        assert entry["webp"] in names


@pytest.mark.django_db
def test_old_crops_stay_until_the_change_commits(django_capture_on_commit_callbacks):
    image = library_image()
    old_square = largest(image.crops["1:1"])

    image.focal_x = 10
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.save()
    assert old_square["src"] in stored_names(image)

    for callback in callbacks:  # the commit
        callback()
    assert old_square["src"] not in stored_names(image)


@pytest.mark.django_db
def test_saving_without_moving_the_focal_point_keeps_the_crops(
    django_capture_on_commit_callbacks,
):
    image = library_image(focal_x=91)
    crops = image.crops

    image.title = "Banner on the quay, 1 May"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    image.refresh_from_db()
    assert image.crops == crops
    names = stored_names(image)
    for crop in crops.values():
        for entry in crop["renditions"].values():
            assert entry["src"] in names and entry["webp"] in names


@pytest.mark.django_db
def test_a_crop_of_the_pictures_own_shape_reuses_its_renditions():
    image = Image(title="Hall")
    picture = PILImage.new("RGB", (900, 600), (30, 90, 160))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG")
    image.file = ContentFile(buffer.getvalue(), name="hall.jpg")
    image.save()

    assert image.crops["3:2"]["renditions"] == image.renditions
    assert image.crops["1:1"]["width"] == 600


@pytest.mark.django_db
def test_deleting_an_image_removes_its_crops(django_capture_on_commit_callbacks):
    image = library_image(focal_x=91)
    storage = image.file.storage
    names = [entry["src"] for entry in image.crops["1:1"]["renditions"].values()]

    image.delete()

    assert not any(storage.exists(name) for name in names)


@pytest.mark.django_db
def test_picture_tag_serves_the_crop_it_is_asked_for():
    image = library_image(focal_x=91)
    template = Template('{% load images %}{% picture image "" "8rem" crop="1:1" %}')

    tags = parse_tags(template.render(Context({"image": image})))

    (img,) = tags["img"]
    assert (img["width"], img["height"]) == ("600", "600")
    square = image.crops["1:1"]["renditions"]
    assert sorted(square, key=int) == ["400", "600"]
    assert image.file.storage.url(square["400"]["webp"]) in tags["source"][0]["srcset"]
    whole = Template("{% load images %}{% picture image %}").render(Context({"image": image}))
    assert 'width="1200" height="600"' in whole


@pytest.mark.django_db
def test_picture_tag_falls_back_to_the_whole_picture_without_crops():
    image = library_image()
    Image.objects.filter(pk=image.pk).update(crops={})  # as stored before crops existed
    image.refresh_from_db()

    html = Template('{% load images %}{% picture image "" crop="3:2" %}').render(
        Context({"image": image})
    )

    assert 'width="1200" height="600"' in html


# The admin --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_change_form_shows_the_picker_and_the_two_fields(admin_client):
    image = library_image(focal_x=30, focal_y=70)

    page = admin_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()

    assert "data-focal-point" in page
    assert "left:30%;top:70%" in page
    assert 'name="focal_x"' in page and 'name="focal_y"' in page
    assert 'max="100"' in page
    assert "js/focal-point.js" in page


@pytest.mark.django_db
def test_admin_stores_the_focal_point_and_refuses_one_outside_the_picture(admin_client):
    image = library_image()
    url = f"/admin/images/image/{image.pk}/change/"
    form = {"title": image.title, "credit": "", "focal_x": "91", "focal_y": "40"}

    refused = admin_client.post(url, {**form, "focal_x": "101"})
    assert refused.status_code == 200
    image.refresh_from_db()
    assert image.focal_point == (50, 50)

    assert admin_client.post(url, form).status_code == 302
    image.refresh_from_db()
    assert image.focal_point == (91, 40)
    assert image.crops["1:1"]["focal"] == [91, 40]
    assert red_pixels(image, largest(image.crops["1:1"])["src"]) > 0


# Images stored before crops existed -------------------------------------------------------


def make_renditions():
    out = StringIO()
    call_command("make_renditions", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_make_renditions_cuts_the_crops_older_images_lack(settings):
    image = library_image(focal_x=91)
    Image.objects.filter(pk=image.pk).update(crops={})  # as stored before crops existed

    assert make_renditions() == "Renditions made for 1 images.\n"
    image.refresh_from_db()
    assert set(image.crops) == {"3:2", "1:1"}
    assert red_pixels(image, largest(image.crops["1:1"])["src"]) > 0
    assert make_renditions() == "Renditions made for 0 images.\n"

    # A shape taken off the list loses its files.
    settings.PLACARD_RENDITION_CROPS = ("3:2",)
    squares = {entry["src"] for entry in image.crops["1:1"]["renditions"].values()}
    assert make_renditions() == "Renditions made for 1 images.\n"
    image.refresh_from_db()
    assert set(image.crops) == {"3:2"}
    assert not squares & stored_names(image)


def preview_meta(html):
    """The link preview's meta tags: {property or name: content}."""
    return {
        tag.get("property") or tag.get("name"): tag.get("content")
        for tag in parse_tags(html)["meta"]
        if (tag.get("property") or tag.get("name") or "").startswith(("og:image", "twitter:"))
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory",
    [ArticleFactory, StatementFactory, EventFactory, PageFactory],
    ids=lambda f: f.__name__,
)
def test_link_previews_show_the_crop_around_the_focal_point(client, factory):
    image = library_image(focal_x=91, focal_y=50)
    item = factory(lead_image=image, lead_image_alt="A red banner on the quay")

    meta = preview_meta(client.get(item.get_absolute_url()).content.decode())

    crop = image.crops["3:2"]  # 900 × 600, cut from the right of the 1200 × 600 picture
    shared = largest(crop)["src"]
    assert meta["og:image"] == f"http://testserver{image.file.storage.url(shared)}"
    assert meta["twitter:image"] == meta["og:image"]
    assert (meta["og:image:width"], meta["og:image:height"]) == ("900", "600")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "A red banner on the quay"
    assert meta["twitter:card"] == "summary_large_image"
    # The crop box holds the focal point: the whole red block around it is in the picture
    # (a cut around the middle would keep a sliver of it).
    left, top, right, bottom = crop_box(WIDTH, HEIGHT, "3:2", 91, 50)
    assert left <= WIDTH * 0.91 <= right and top <= HEIGHT * 0.5 <= bottom
    block_area = (BLOCK[2] - BLOCK[0] + 1) * (BLOCK[3] - BLOCK[1] + 1)
    assert red_pixels(image, shared) == block_area


@pytest.mark.django_db
def test_link_previews_take_a_1200_pixel_rendition_of_a_large_picture(client):
    image = Image(title="Rally in the square", focal_x=20, focal_y=30)
    image.file = ContentFile(jpeg_bytes(3000, 1500), name="square.jpg")
    image.save()
    article = ArticleFactory(lead_image=image, lead_image_alt="A crowd")

    meta = preview_meta(client.get(article.get_absolute_url()).content.decode())

    shared = image.crops["3:2"]["renditions"]["1200"]["src"]
    assert meta["og:image"].endswith(image.file.storage.url(shared))
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "800")
    with PILImage.open(io.BytesIO(read_stored(image, shared))) as picture:
        assert picture.size == (1200, 800)


@pytest.mark.django_db
def test_link_previews_show_the_whole_picture_until_its_crop_exists(client):
    image = library_image()
    Image.objects.filter(pk=image.pk).update(crops={})  # renditions not made yet
    article = ArticleFactory(lead_image=Image.objects.get(pk=image.pk), lead_image_alt="")

    meta = preview_meta(client.get(article.get_absolute_url()).content.decode())

    assert meta["og:image"] == f"http://testserver{image.file.url}"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "600")
    # No alt text for this use of the picture: the preview names what the page is.
    assert meta["og:image:alt"] == article.title
