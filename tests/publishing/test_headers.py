"""Content-Security-Policy and Permissions-Policy: strict on readers' pages, cached pages
included; the admin allows inline styles and exactly the editor's import map."""

import base64
import hashlib
import re

import pytest
from django.template import loader

from publishing.headers import SecurityHeadersMiddleware
from tests.factories import ArticleFactory
from tests.site_config.test_public_pages_self_contained import PAGES, site  # noqa: F401
from tests.support.wsgi import served

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("page", PAGES)
def test_public_pages_send_a_strict_policy(client, site, page):  # noqa: F811
    response = client.get(page.format(**site))
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    features = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in features


@pytest.mark.parametrize("page", PAGES)
def test_public_pages_need_no_inline_style_the_policy_would_block(client, site, page):  # noqa: F811
    html = client.get(page.format(**site)).content.decode()
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)


def test_the_500_page_needs_no_inline_style():
    html = loader.get_template("500.html").render()
    assert "<style" not in html and "style=" not in html
    assert 'rel="stylesheet"' in html


def test_a_page_served_from_the_cache_carries_the_same_headers(client):
    ArticleFactory(title="Cached piece")
    first = client.get("/")
    second = client.get("/")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "Permissions-Policy"):
        assert second[header] == first[header]
        assert "'self'" in second["Content-Security-Policy"]


def test_media_on_another_host_may_be_shown(client, settings):
    settings.MEDIA_URL = "https://media.example.org/placard/"
    policy = directives(client.get("/"))
    assert policy["img-src"] == ["'self'", "https://media.example.org", "data:"]
    assert policy["script-src"] == policy["style-src"] == ["'self'"]  # uploads never run


def test_the_admin_allows_exactly_the_editors_import_map(admin_client):
    response = admin_client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.DOTALL)
    assert len(inline) == 1 and '"imports"' in inline[0]  # the editor's import map
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    policy = directives(response)
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_login_page_gets_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in directives(response)["script-src"]


def test_a_policy_a_view_sets_itself_is_kept(rf):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("feed")
        response["Content-Security-Policy"] = "sandbox"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "sandbox"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("prefix", ["", "/campaign"])
def test_the_admin_policy_follows_the_admin_under_a_prefix(prefix):
    _status, admin_headers, _body = served("/admin/login/", prefix)
    _status, public_headers, _body = served("/articles/", prefix)
    assert "'unsafe-inline'" in admin_headers["Content-Security-Policy"]  # its styles
    assert "'unsafe-inline'" not in public_headers["Content-Security-Policy"]
