"""Every page says which language it is in, and which way its text runs, as the feeds do."""

import re

import feedparser
import pytest

from tests.factories import ArticleFactory, StatementFactory

HTML_TAG = re.compile(r"<html lang=\"([^\"]+)\" dir=\"(ltr|rtl)\">")


def html_language(response):
    found = HTML_TAG.search(response.content.decode())
    assert found, response.content[:200]
    return found.groups()


@pytest.fixture
def content(db):
    return {"article": ArticleFactory(), "statement": StatementFactory()}


@pytest.mark.parametrize(
    "code, direction", [("en-gb", "ltr"), ("pl", "ltr"), ("uk", "ltr"), ("ar", "rtl")]
)
def test_pages_say_the_sites_language_and_direction(client, settings, content, code, direction):
    settings.LANGUAGE_CODE = code
    for path in [
        "/",
        "/articles/",
        content["article"].get_absolute_url(),
        content["statement"].get_absolute_url(),
        "/events/",
        "/search/?q=x",
    ]:
        assert html_language(client.get(path)) == (code, direction), path
    assert html_language(client.get("/no-such-page/")) == (code, direction)


def test_the_feed_and_the_pages_agree(client, settings, content):
    settings.LANGUAGE_CODE = "pl"
    feed = feedparser.parse(client.get("/articles/feed.atom").content).feed
    page_language, _direction = html_language(client.get("/articles/"))
    assert page_language == "pl" and feed.language == "pl"


def test_the_server_error_page_says_the_language_too(settings):
    from django.template.loader import render_to_string

    settings.LANGUAGE_CODE = "ar"
    html = render_to_string("500.html")
    assert '<html lang="ar" dir="rtl">' in html
