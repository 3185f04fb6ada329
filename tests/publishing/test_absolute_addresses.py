"""Absolute addresses in pages' heads and JSON-LD: the site's own short way of building
them gives what Django's `build_absolute_uri` gives, quoting included."""

import pytest
from django.test import RequestFactory

from publishing.links import absolute
from tests.factories import ArticleFactory
from tests.support.wsgi import served


@pytest.mark.parametrize(
    "location",
    [
        "/",
        "/articles/pay-rise_2026/",
        "/search/?q=pay+rise&page=2#results",
        "/media/images/x%20y.png",
        "/a:b/@c/;d=e/",
        "/grève-générale/",  # quoted
        "/a b/",
        '/x?q="quoted"',
        "/a\\b|c{d}^e`f",
        "/a/./b/",  # resolved
        "/a/../b/",
        "//elsewhere.example/x",  # scheme-relative: the other host
        "https://cdn.example/pictures/a.png",  # already absolute
    ],
)
@pytest.mark.parametrize("secure", [False, True])
def test_an_absolute_address_is_what_django_builds(location, secure):
    request = RequestFactory().get("/page/", secure=secure)
    expected = request.build_absolute_uri(location)
    assert absolute(request, location) == expected
    assert expected.startswith(("http://", "https://"))


def test_without_a_request_an_address_stays_as_it_is():
    assert absolute(None, "/articles/pay-rise/") == "/articles/pay-rise/"


@pytest.mark.django_db
def test_a_site_served_under_a_prefix_links_under_it_and_one_without_does_not():
    """The URL prefix is read once per request: each request's own prefix counts."""
    ArticleFactory(title="Under a prefix")
    for prefix in ("/campaign", "", "/other"):
        status, _headers, page = served("/articles/under-a-prefix/", prefix)
        assert status == "200 OK"
        assert f'<a class="site-brand" href="{prefix}/">' in page
        assert f'<link rel="manifest" href="{prefix}/site.webmanifest">' in page
        assert f'href="http://testserver{prefix}/articles/under-a-prefix/"' in page
