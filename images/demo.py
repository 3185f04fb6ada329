"""Generated demo pictures for `manage.py quickstart`: no photo has to ship with the code."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw

from .models import Image

PALETTES = [
    ((163, 20, 28), (250, 214, 165)),
    ((29, 78, 216), (191, 219, 254)),
    ((21, 128, 61), (220, 252, 231)),
    ((55, 48, 163), (254, 215, 170)),
    ((17, 24, 39), (253, 224, 71)),
    ((159, 18, 57), (224, 242, 254)),
]


def make_picture(seed, width=1600, height=1000):
    """A generated poster-like JPEG: bands, circles and a placard shape."""
    rng = random.Random(seed)
    dark, light = PALETTES[seed % len(PALETTES)]
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
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def demo_image(seed, title, credit="Campaign photo desk"):
    image = Image(title=title, credit=credit)
    image.file = ContentFile(make_picture(seed), name=f"demo-{seed}.jpg")
    image.save()
    return image
