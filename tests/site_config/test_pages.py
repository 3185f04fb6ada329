"""Site-wide pages: 404, 500 without a database, robots, empty states."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/")
print(response.status_code)
print(response.content.decode())
"""


@pytest.mark.django_db
def test_unknown_address_gives_a_friendly_404(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/articles/"' in page


def test_500_page_renders_with_the_database_down():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    # Nothing listens on port 9: every query fails to connect.
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/placard",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    status, _, body = result.stdout.partition("\n")
    assert status == "500", result.stderr
    assert "Something went wrong" in body
    assert "try again" in body


@pytest.mark.django_db
def test_empty_site_shows_friendly_empty_states(client):
    assert "Nothing has been published yet." in client.get("/").content.decode()
    assert "No articles have been published here yet." in client.get("/articles/").content.decode()
    assert client.get("/archive/2020/").status_code == 404


@pytest.mark.django_db
def test_out_of_range_page_number_is_404(client):
    assert client.get("/articles/?page=99").status_code == 404
    assert client.get("/articles/?page=abc").status_code == 404


@pytest.mark.django_db
def test_the_favicon_address_serves_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response).startswith(b"\x00\x00\x01\x00")  # an ICO file's header
