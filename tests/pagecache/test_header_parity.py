"""A cached page carries the same headers as the page it was stored from: security
headers above all (a hit without `X-Frame-Options` could be framed)."""

import pytest

from publishing.models import SiteSettings
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "X-Frame-Options",
    "Content-Security-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
)
# Differ by nature between two responses: when, whether it came from the cache, and the
# request's own id.
PER_RESPONSE = {"date", "x-page-cache", "x-request-id"}


def headers(response):
    return {name.lower(): value for name, value in response.items()}


def test_every_header_is_the_same_on_a_hit_and_a_miss(client):
    SiteSettings.objects.get_or_create(pk=1)
    article = ArticleFactory(title="Framed piece")
    urls = ["/", "/articles/", article.get_absolute_url(), "/articles/feed.atom", "/sitemap.xml"]
    urls += [StatementFactory().get_absolute_url(), EventFactory().get_absolute_url()]
    for url in urls:
        miss, hit = client.get(url), client.get(url)
        assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit"), url
        for name in SECURITY_HEADERS:
            assert name in miss, (url, name)
            assert hit.get(name) == miss[name], (url, name)
        expected = {k: v for k, v in headers(miss).items() if k not in PER_RESPONSE}
        assert {k: v for k, v in headers(hit).items() if k not in PER_RESPONSE} == expected, url
