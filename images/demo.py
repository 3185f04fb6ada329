"""Generated demo pictures for `manage.py quickstart`: no photo has to ship with the code."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw

from .models import Image

# (dark, light, how the pair is described in alt text)
PALETTES = [
    ((163, 20, 28), (250, 214, 165), "red and cream"),
    ((29, 78, 216), (191, 219, 254), "blue and pale blue"),
    ((21, 128, 61), (220, 252, 231), "green and mint"),
    ((55, 48, 163), (254, 215, 170), "indigo and peach"),
    ((17, 24, 39), (253, 224, 71), "black and yellow"),
    ((159, 18, 57), (224, 242, 254), "crimson and pale blue"),
]


def draw_picture(seed, width=1200, height=800):
    """A generated poster-like picture: bands, circles and a placard on a pole.

    Returns the Pillow image and the placard's middle in percent (its focal point).
    """
    rng = random.Random(seed)
    dark, light, _description = PALETTES[seed % len(PALETTES)]
    picture = PILImage.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(picture)
    for _band in range(6):
        top = rng.randint(0, height)
        draw.rectangle([0, top, width, top + rng.randint(20, 120)], fill=dark)
    for _circle in range(5):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(40, 260)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=dark, width=rng.randint(6, 30))
    left = rng.randint(200, width - 600)
    draw.rectangle([left, 200, left + 420, 520], fill=(255, 255, 255), outline=dark, width=12)
    draw.rectangle([left + 190, 520, left + 230, height], fill=dark)
    focus = (round((left + 210) * 100 / width), round(360 * 100 / height))
    return picture, focus


def jpeg(picture):
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def picture_description(seed):
    """Alt text that says what the generated picture shows."""
    colours = PALETTES[seed % len(PALETTES)][2]
    return f"A blank white placard on a pole, against {colours} stripes and circles"


def demo_image(seed, title, credit="Campaign photo desk"):
    """A library image of a generated picture, its focal point on the placard."""
    picture, (focal_x, focal_y) = draw_picture(seed)
    image = Image(title=title, credit=credit, focal_x=focal_x, focal_y=focal_y)
    image.file = ContentFile(jpeg(picture), name=f"demo-{seed}.jpg")
    image.save()
    return image
