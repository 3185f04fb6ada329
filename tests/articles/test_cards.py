"""The article cards of the lists and the home page: links, bylines, dates and languages."""

import datetime

import pytest
from django.utils import translation

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False


def test_a_card_links_its_article_section_and_every_author(client):
    ArticleFactory(
        title="Dockers walk out",
        slug="dockers-walk-out",
        section=SectionFactory(name="News", slug="news"),
        authors=[
            AuthorFactory(name="Ana Pérez", slug="ana-perez"),
            AuthorFactory(name="Tom Li", slug="tom-li"),
            AuthorFactory(name="Jo <Bloggs>", slug="jo-bloggs"),
        ],
    )
    for page in ("/articles/", "/sections/news/", "/"):
        html = client.get(page).content.decode()
        assert '<a href="/articles/dockers-walk-out/">Dockers walk out</a>' in html, page
        byline = (
            'By <a href="/authors/ana-perez/">Ana Pérez</a>, '
            '<a href="/authors/tom-li/">Tom Li</a> and '
            '<a href="/authors/jo-bloggs/">Jo &lt;Bloggs&gt;</a>'
        )
        assert byline in html, page
    assert '<a href="/sections/news/">News</a>' in client.get("/articles/").content.decode()


def test_a_card_dates_its_article_in_the_sites_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/London"
    # 23:30 in UTC is already the next day in London's summer time.
    ArticleFactory(publish_at=datetime.datetime(2025, 6, 14, 23, 30, tzinfo=datetime.UTC))
    html = client.get("/articles/").content.decode()
    assert '<time datetime="2025-06-15T00:30:00+0100">15 June 2025</time>' in html


def test_a_card_in_another_language_than_the_page_says_so(client, settings):
    ArticleFactory(title="Strajk w porcie", language="pl")
    ArticleFactory(title="Strike at the port", language=settings.LANGUAGE_CODE)
    html = client.get("/articles/").content.decode()
    assert '<article class="card" lang="pl">' in html
    assert html.count('<article class="card">') == 1


def test_a_card_speaks_the_language_of_the_page(client, settings):
    settings.LANGUAGE_CODE = "es"
    settings.LANGUAGES = [("es", "Spanish")]
    with translation.override("es"):
        ArticleFactory(
            title="Huelga en el puerto",
            language="es",
            publish_at=datetime.datetime(2025, 6, 14, 10, 0, tzinfo=datetime.UTC),
            authors=[AuthorFactory(name="Ana"), AuthorFactory(name="Tom")],
        )
    html = client.get("/articles/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "14 de junio de 2025" in html
    assert '<article class="card" lang=' not in html


def test_a_card_shows_its_picture_and_leaves_out_a_missing_section(client):
    ArticleFactory(title="Pictured", slug="pictured", lead_image=ImageFactory())
    ArticleFactory(title="No section", section=None)
    html = client.get("/articles/").content.decode()
    pictured = html.split('<a href="/articles/pictured/" class="card__image"')[1].split("</a>")[0]
    assert "<img" in pictured and 'alt=""' in pictured
    unsectioned = html.split("No section")[0].rsplit('<article class="card"', 1)[1]
    assert "card__section" not in unsectioned
