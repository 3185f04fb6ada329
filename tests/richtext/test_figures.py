"""Rich text holds figures of the site's own images, and no image from anywhere else."""

import pytest

from richtext.fields import EDITOR_EXTENSIONS
from richtext.sanitizer import sanitize_html
from tests.factories import ArticleFactory

FIGURE = (
    '<figure><img src="/media/images/march.jpg" alt="Marchers on the bridge" width="800" '
    'height="533"><figcaption>The march crosses the <em>bridge</em>.</figcaption></figure>'
)


def test_figure_of_a_library_image_is_kept_with_lazy_loading():
    assert sanitize_html(FIGURE) == (
        '<figure><img src="/media/images/march.jpg" alt="Marchers on the bridge" width="800"'
        ' height="533" loading="lazy" decoding="async"><figcaption>The march crosses the'
        " <em>bridge</em>.</figcaption></figure>"
    )


def test_cleaning_a_figure_twice_changes_nothing():
    once = sanitize_html(FIGURE)

    assert sanitize_html(once) == once
    assert once.count('loading="lazy"') == 1


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/pixel.gif",
        "//tracker.example/media/pixel.gif",
        "http://tracker.example/media/x.jpg",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert('img-src')",
        "/static/css/site.css",
        "x.jpg",
        "/mediafake/x.jpg",
        "\\\\tracker.example\\media\\x.jpg",
    ],
)
def test_image_from_elsewhere_is_removed_with_its_tag(src):
    cleaned = sanitize_html(f'<figure><img src="{src}" alt="A picture"><figcaption>Caption'
                            "</figcaption></figure><p>After</p>")  # fmt: skip

    assert "<img" not in cleaned
    assert "tracker.example" not in cleaned and "javascript" not in cleaned
    assert "<figcaption>Caption</figcaption>" in cleaned
    assert cleaned.endswith("<p>After</p>")


def test_image_on_an_absolute_media_url_is_kept(settings):
    settings.MEDIA_URL = "https://media.example.org/uploads/"

    kept = sanitize_html('<img src="https://media.example.org/uploads/a.jpg" alt="">')
    dropped = sanitize_html('<img src="/media/a.jpg" alt=""><p>x</p>')

    assert kept == (
        '<img src="https://media.example.org/uploads/a.jpg" alt="" loading="lazy" decoding="async">'
    )
    assert dropped == "<p>x</p>"


def test_image_handlers_styles_and_odd_sizes_are_removed():
    cleaned = sanitize_html(
        '<img src="/media/a.jpg" alt="A" width="100%" height="12" onerror="alert(1)" '
        'style="position:fixed" class="wp-image-3" srcset="https://t.example/a.jpg 2x" '
        'loading="eager">'
    )

    assert cleaned == '<img src="/media/a.jpg" alt="A" height="12" loading="lazy" decoding="async">'


def test_alt_text_that_looks_like_markup_stays_text():
    cleaned = sanitize_html('<img src="/media/a.jpg" alt="&quot; src=&quot;https://t.example/">')

    assert cleaned == (
        '<img src="/media/a.jpg" alt="&quot; src=&quot;https://t.example/" loading="lazy"'
        ' decoding="async">'
    )


def test_an_imported_figure_shows_on_the_article_page(client, db):
    article = ArticleFactory(body=FIGURE + '<p>Text <img src="https://t.example/p.gif"></p>')

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<img src="/media/images/march.jpg" alt="Marchers on the bridge"' in page
    assert "<figcaption>The march crosses the <em>bridge</em>.</figcaption>" in page
    assert "t.example" not in page


def test_the_editor_can_hold_figures():
    # Without these the editor would drop an imported article's figures when it is saved.
    assert {"Figure", "Caption", "Image"} <= EDITOR_EXTENSIONS.keys()
