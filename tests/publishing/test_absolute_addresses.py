"""Absolute addresses in pages' heads and JSON-LD: the site's own short way of building
them gives what Django's `build_absolute_uri` gives, quoting included."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import get_script_prefix, set_script_prefix

from publishing.links import absolute
from tests.factories import ArticleFactory


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


def served(path, script_name):
    """The page at `path` as a WSGI server gives it, mounted at `script_name` (Django's test
    client never sets the URL prefix; the WSGI handler does, on each request)."""
    environ = RequestFactory().get(path).environ
    environ["SCRIPT_NAME"] = script_name
    statuses = []
    # As Django's test client does: the test's database connection stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    previous = get_script_prefix()  # the handler sets it for the thread, as servers do
    try:
        body = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        try:
            return statuses[0], b"".join(body).decode()
        finally:
            body.close()
    finally:
        set_script_prefix(previous)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_a_site_served_under_a_prefix_links_under_it_and_one_without_does_not():
    """The URL prefix is read once per request: each request's own prefix counts."""
    ArticleFactory(title="Under a prefix")
    for prefix in ("/campaign", "", "/other"):
        status, page = served("/articles/under-a-prefix/", prefix)
        assert status == "200 OK"
        assert f'<a class="site-brand" href="{prefix}/">' in page
        assert f'<link rel="manifest" href="{prefix}/site.webmanifest">' in page
        assert f'href="http://testserver{prefix}/articles/under-a-prefix/"' in page
