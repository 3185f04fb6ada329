"""Cache keys are bounded: tracking and made-up query parameters never make a new entry."""

import random
import string

import pytest
from django.core.cache import cache

from publishing.models import SiteSettings
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def page_entries():
    return [
        key
        for key in cache._cache
        if ":page-cache:" in key and "next-change" not in key and "version" not in key
    ]


@pytest.fixture(autouse=True)
def _site():
    SiteSettings.objects.get_or_create(pk=1)
    ArticleFactory(title="A piece")


def test_tracking_parameters_share_the_clean_page(client):
    assert client.get("/articles/")["X-Page-Cache"] == "miss"
    tracked = client.get("/articles/?utm_source=x&fbclid=y&gclid=z&ref=mail&_ga=1")
    assert tracked["X-Page-Cache"] == "hit"
    assert len(page_entries()) == 1


def test_parameter_order_and_empty_values_share_one_entry(client):
    assert client.get("/search/?q=piece&type=article")["X-Page-Cache"] == "miss"
    assert client.get("/search/?type=article&q=piece")["X-Page-Cache"] == "hit"
    assert client.get("/search/?type=article&section=&q=piece")["X-Page-Cache"] == "hit"
    assert client.get("/search/?q=other")["X-Page-Cache"] == "miss"  # a parameter used


def test_junk_parameters_add_at_most_one_entry(client):
    rng = random.Random(11)
    for _ in range(500):
        name = "".join(rng.choices(string.ascii_lowercase, k=8))
        response = client.get(f"/articles/?{name}={rng.randint(0, 10**6)}")
        assert response.status_code == 200
    assert len(page_entries()) <= 1


def test_a_page_stored_from_a_tracked_link_carries_no_tracking(client):
    ArticleFactory.create_batch(25)
    first = client.get("/articles/?utm_campaign=spring&page=1")
    clean = client.get("/articles/?page=1")
    assert clean["X-Page-Cache"] == "hit"
    assert "utm_campaign" not in first.content.decode()
    assert clean.content == first.content
