"""Every public page runs a fixed, small number of queries, whatever it lists."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Section
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

# One of them reads the content version's row: the tests' cache is each process's own,
# which cannot be trusted with it (see `pagecache.versions`).
MAX_QUERIES = 9
PAGES = [
    "/",
    "/articles/",
    "/articles/{slug}/",
    "/sections/news/",
    "/authors/maria-kowalczyk/",
    "/authors/",
    "/tags/pay/",
    "/archive/",
    "/archive/{year}/",
    "/archive/{year}/{month:02d}/",
    "/articles/feed.rss",
    "/articles/feed.atom",
    "/sections/news/feed.atom",
    "/authors/maria-kowalczyk/feed.rss",
    "/tags/pay/feed.atom",
    "/sitemap.xml",
]


def build_site(count):
    """`count` published articles in one section, month and tag, with images and bylines."""
    section = SectionFactory(name="News")
    SectionFactory(name="Analysis")
    lead = AuthorFactory(name="Maria Kowalczyk", photo=ImageFactory())
    image = ImageFactory()
    start = timezone.now().replace(day=1, hour=12) - timedelta(days=40)
    articles = []
    for index in range(count):
        co_author = AuthorFactory()
        articles.append(
            ArticleFactory(
                section=section,
                authors=[lead, co_author],
                tags=["pay", f"topic-{index}"],
                lead_image=image,
                lead_image_alt="A crowd",
                is_highlight=index < 3,
                publish_at=start + timedelta(minutes=index),
            )
        )
    return articles[0]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def page_counts(client, article):
    stamp = timezone.localtime(article.publish_at)
    client.get("/")  # site settings are cached from the first page on
    return {
        page: count_queries(
            client, page.format(slug=article.slug, year=stamp.year, month=stamp.month)
        )
        for page in PAGES
    }


@pytest.fixture(autouse=True)
def _uncached(settings):
    """These count the queries of rendering a page, so the page and fragment caches stay out."""
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False


def test_query_counts_do_not_grow_with_the_number_of_items(client):
    small = page_counts(client, build_site(1))
    Article.objects.all().delete()
    Author.objects.all().delete()
    Section.objects.all().delete()
    large = page_counts(client, build_site(40))
    for page, count in large.items():
        print(f"queries {count:>2}  {page}")  # shown with -s, for the record
    assert large == small
    too_many = {page: count for page, count in large.items() if count > MAX_QUERIES}
    assert too_many == {}
