"""Absolute addresses in pages' heads and JSON-LD: the site's own short way of building
them gives what Django's `build_absolute_uri` gives, quoting included."""

import pytest
from django.test import RequestFactory

from publishing.links import absolute


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
