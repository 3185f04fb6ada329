"""Compressed responses (pagecache/compression.py): brotli or gzip as the client asks,
never an encoding it did not ask for, from the page cache as well as fresh."""

import gzip

import brotli
import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory

from pagecache.compression import CompressionMiddleware, accepted_coding
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BR = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}


@pytest.fixture
def article():
    ArticleFactory.create_batch(3)
    return ArticleFactory(title="Dockers win their pay claim")


def decoded(response):
    coding = response.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(response.content)
    if coding == "gzip":
        return gzip.decompress(response.content)
    assert coding is None
    return response.content


def test_gzip_and_brotli_bodies_decode_to_the_same_page(client, article):
    url = article.get_absolute_url()
    plain = client.get(url)
    by_br = client.get(url, **BR)
    by_gzip = client.get(url, **GZIP)
    assert by_br["Content-Encoding"] == "br"
    assert by_gzip["Content-Encoding"] == "gzip"
    assert decoded(by_br) == decoded(by_gzip) == plain.content
    assert "Dockers win their pay claim" in plain.content.decode()
    assert len(by_br.content) < len(plain.content) / 2
    assert int(by_br["Content-Length"]) == len(by_br.content)
    assert int(by_gzip["Content-Length"]) == len(by_gzip.content)


def test_no_encoding_without_accept_encoding_but_vary_is_set(client, article):
    response = client.get(article.get_absolute_url())
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert not response["ETag"].startswith("W/")


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0", None),
        ("identity", None),
        ("*", "gzip"),
        ("BR", "br"),
        ("gzip;q=bogus, br;q=0.5", "br"),
        ("", None),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, coding):
    assert accepted_coding(header) == coding


def test_refused_codings_are_not_sent(client, article):
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0")
    assert not response.has_header("Content-Encoding")
    assert "Dockers win their pay claim" in response.content.decode()


@pytest.mark.parametrize("first", ["br", "gzip", "identity"])
def test_a_cached_page_is_served_to_every_kind_of_client_in_its_own_encoding(first, article):
    url = article.get_absolute_url()
    headers = {"br": BR, "gzip": GZIP, "identity": {}}
    order = [first, *(kind for kind in headers if kind != first)]
    bodies, states = {}, []
    for kind in order:
        response = Client().get(url, **headers[kind])
        states.append(response["X-Page-Cache"])
        assert response.get("Content-Encoding") == (None if kind == "identity" else kind)
        bodies[kind] = decoded(response)
    assert states == ["miss", "hit", "hit"]
    assert bodies["br"] == bodies["gzip"] == bodies["identity"]
    # and back to the first kind of client, from the cache
    again = Client().get(url, **headers[first])
    assert again.get("Content-Encoding") == (None if first == "identity" else first)
    assert decoded(again) == bodies["identity"]


def test_a_hit_sends_the_body_encoded_when_stored(client, article):
    url = article.get_absolute_url()
    miss = client.get(url, **BR)
    hit = client.get(url, **BR)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.content == miss.content  # the same stored bytes, not compressed again


def test_conditional_get_still_answers_304_on_encoded_pages(client, article):
    url = article.get_absolute_url()
    client.get(url, **BR)
    first = client.get(url, **BR)
    assert first["ETag"].startswith('W/"')
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **BR)
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert "Accept-Encoding" in again["Vary"]
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **GZIP)
    assert by_date.status_code == 304


def test_feeds_calendars_and_the_sitemap_are_compressed(client, article):
    EventFactory.create_batch(2)
    for url in [
        "/articles/feed.atom",
        "/articles/feed.rss",
        "/events/calendar.ics",
        "/sitemap.xml",
    ]:
        plain = client.get(url)
        assert plain.status_code == 200, url
        for headers, coding in ((BR, "br"), (GZIP, "gzip")):
            response = client.get(url, **headers)
            assert response["Content-Encoding"] == coding, url
            assert decoded(response) == plain.content, url
            assert response["Content-Type"] == plain["Content-Type"]


def test_staff_pages_are_never_compressed(admin_client, article):
    """The admin holds secrets and reflects input: no BREACH oracle."""
    response = admin_client.get("/admin/", **BR)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    page = admin_client.get(article.get_absolute_url(), **BR)
    assert not page.has_header("Content-Encoding")


def middleware_answer(response, **headers):
    request = RequestFactory().get("/", **headers)
    return CompressionMiddleware(lambda request: response)(request)


def test_small_streaming_encoded_and_cookie_setting_bodies_are_sent_as_they_are():
    text = "<p>" + "Solidarity forever. " * 40 + "</p>"
    small = middleware_answer(HttpResponse("<p>Short</p>"), **BR)
    streaming = middleware_answer(StreamingHttpResponse(iter([text])), **BR)
    encoded = HttpResponse(gzip.compress(text.encode()))
    encoded["Content-Encoding"] = "gzip"
    encoded = middleware_answer(encoded, **BR)
    with_cookie = HttpResponse(text)
    with_cookie.set_cookie("csrftoken", "x")
    with_cookie = middleware_answer(with_cookie, **BR)
    private = HttpResponse(text, headers={"Cache-Control": "private"})
    private = middleware_answer(private, **BR)
    image = middleware_answer(HttpResponse(b"\0" * 1000, content_type="image/png"), **BR)
    assert small.get("Content-Encoding") is None and small.content == b"<p>Short</p>"
    assert streaming.get("Content-Encoding") is None
    assert b"".join(streaming.streaming_content) == text.encode()
    assert (
        encoded["Content-Encoding"] == "gzip" and gzip.decompress(encoded.content) == text.encode()
    )
    assert with_cookie.get("Content-Encoding") is None and with_cookie.content == text.encode()
    assert private.get("Content-Encoding") is None
    assert image.get("Content-Encoding") is None
    plain = middleware_answer(HttpResponse(text), **BR)
    assert plain["Content-Encoding"] == "br"
    assert brotli.decompress(plain.content) == text.encode()
