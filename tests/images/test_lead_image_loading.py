"""The picture a page shows largest at first sight (its LCP element) loads eagerly and
first; the event page's `sizes` matches the width the image is drawn at."""

import re

import pytest
from django.core.files.base import ContentFile

from home.models import HomeLayout
from images.models import Image
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo(title):
    return Image.objects.create(title=title, file=ContentFile(jpeg_bytes(1600, 1200), name="p.jpg"))


def imgs(html):
    return re.findall(r"<img [^>]*>", html)


def test_first_highlight_is_eager_when_the_lead_has_no_picture(client, media_root):
    text_lead = ArticleFactory(title="Text-only lead")
    for n in range(3):
        ArticleFactory(title=f"Highlight {n}", is_highlight=True, lead_image=photo(f"h{n}"))
    HomeLayout.objects.update_or_create(pk=1, defaults={"lead_article": text_lead})
    html = client.get("/").content.decode()
    assert "home-lead--text" in html
    pictures = imgs(html)
    assert len(pictures) >= 3
    assert 'loading="eager"' in pictures[0] and 'fetchpriority="high"' in pictures[0]
    for other in pictures[1:]:
        assert 'loading="lazy"' in other and 'fetchpriority="high"' not in other


def test_a_pictured_lead_is_the_only_eager_picture(client, media_root):
    for n in range(3):
        ArticleFactory(title=f"Highlight {n}", is_highlight=True, lead_image=photo(f"h{n}"))
    html = client.get("/").content.decode()
    assert "home-lead--pictured" in html
    pictures = imgs(html)
    assert 'loading="eager"' in pictures[0] and 'fetchpriority="high"' in pictures[0]
    assert all('loading="lazy"' in other for other in pictures[1:])


def test_event_lead_image_sizes_match_the_page_column(client, media_root):
    event = EventFactory(lead_image=photo("Rally"))
    html = client.get(event.get_absolute_url()).content.decode()
    (picture,) = re.findall(r'<figure class="article__image">\s*<picture>.*?</picture>', html, re.S)
    assert 'sizes="(min-width: 72rem) 70rem, calc(100vw - 2rem)"' in picture
    assert "48rem" not in picture


def test_article_lead_image_keeps_the_article_column(client, media_root):
    article = ArticleFactory(lead_image=photo("March"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'sizes="(min-width: 50rem) 48rem, calc(100vw - 2rem)"' in html
