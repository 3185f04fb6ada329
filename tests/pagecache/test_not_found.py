"""Addresses that lead nowhere take no room in the page cache: anyone can make up
thousands of them, and each would push a real page out."""

import pytest
from django.core.cache import caches

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_store(settings):
    """A local-memory cache large enough that nothing is evicted, so every key counts."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pagecache-not-found-tests",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
    store = caches["default"]
    store.clear()
    yield store
    store.clear()


def page_entries(store):
    return [key for key in store._cache if "page-cache:" in key]


def test_six_hundred_made_up_addresses_add_no_page_to_the_cache(client, page_store):
    article = ArticleFactory(title="A real page")
    client.get("/")  # the content version and other remembered values exist from here on
    before = len(page_entries(page_store))
    for n in range(600):
        response = client.get(f"/junk-{n}/?x={n}")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
    assert len(page_entries(page_store)) == before

    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert "A real page" in second.content.decode()
    assert len(page_entries(page_store)) == before + 1


def test_a_missing_page_is_answered_afresh_each_time(client, page_store):
    first = client.get("/no-such-page/")
    second = client.get("/no-such-page/")
    assert first.status_code == second.status_code == 404
    assert "X-Page-Cache" not in second
