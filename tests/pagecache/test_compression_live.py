"""Compression under gunicorn, as in production (debug off, whitenoise, the page cache):
a reader's browser asking for `br, gzip` gets brotli, from a fresh render and from the
cache alike, and a client asking for nothing gets the plain page."""

import gzip
import http.client
from urllib.parse import urlsplit

import brotli
import pytest
from django.db import connection

from tests.factories import ArticleFactory
from tests.support.live import Gunicorn, collect_static, database_url, production_env

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_KEY = "compression-live-test-only-not-a-secret-" + "k" * 20


def get(base, path, headers):
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_a_page_is_sent_brotli_encoded_by_gunicorn(tmp_path):
    article = ArticleFactory(title="Dockers win their pay claim")
    env = production_env(
        tmp_path, SECRET_KEY, database_url(connection.settings_dict),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
    )  # fmt: skip
    collect_static(env)
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=1)
    try:
        server.start("/robots.txt")
        url = article.get_absolute_url()
        answers = [get(server.url, url, {"Accept-Encoding": "br, gzip"}) for _ in range(2)]
        status, plain_headers, plain = get(server.url, url, {})
        _status, gzip_headers, gzipped = get(server.url, url, {"Accept-Encoding": "gzip"})
    finally:
        server.stop()
    assert status == 200 and "Dockers win their pay claim" in plain.decode()
    assert plain_headers.get("Content-Encoding") is None
    assert [headers["X-Page-Cache"] for _s, headers, _b in answers] == ["miss", "hit"]
    for answer_status, headers, body in answers:
        assert answer_status == 200
        assert headers["Content-Encoding"] == "br"
        assert "Accept-Encoding" in headers["Vary"]
        assert int(headers["Content-Length"]) == len(body)
        assert brotli.decompress(body) == plain
    assert gzip_headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped) == plain
