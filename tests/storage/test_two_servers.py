"""Two servers, one bucket, no shared disk: an image uploaded through one server is shown
by the other, original and renditions, as soon as they exist.

Server A and server B are gunicorn processes started as production runs them (debug off,
media on S3, renditions in background tasks), each with a MEDIA_ROOT of its own, sharing
the test database. The renditions are made by `manage.py db_worker` with B's environment
(a third machine, as far as files go). Every picture is fetched over HTTP from the
bucket's URLs that B's pages name.
"""

import io
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from html import unescape

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from PIL import Image as PILImage

from images.models import Image
from tests.factories import ArticleFactory, user_with_role
from tests.images.test_processing import GPS_IFD, gps_photo, parse_tags
from tests.storage.conftest import bucket_keys, s3_env
from tests.support.live import ROOT, AdminSession, Gunicorn, database_url, fetch, production_env

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "two-servers-editor-password"
SECRET_KEY = "two-servers-only-not-a-secret-" + "k" * 30


def server_env(workdir, media_root, storage_env):
    return production_env(
        workdir,
        SECRET_KEY,
        database_url(connection.settings_dict),
        DJANGO_MEDIA_ROOT=str(media_root),
        PLACARD_TASKS="database",
        PLACARD_RENDITIONS="background",
        **storage_env,
    )


def manage(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def post_multipart(session, path, fields, files):
    """A form post with files, as a browser sends it, in `session` (cookies, CSRF)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in {**fields, "csrfmiddlewaretoken": session.csrf_token}.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content_type, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = session._headers({"Content-Type": f"multipart/form-data; boundary={boundary}"})
    request = urllib.request.Request(session.base + path, data=body, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    started = time.monotonic()
    try:
        with opener.open(request, timeout=60) as answer:
            status = answer.status
            location = answer.headers.get("Location", "")
    except urllib.error.HTTPError as redirect:
        status, location = redirect.code, redirect.headers.get("Location", "")
    return status, location, time.monotonic() - started


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_get(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read()


def stored_locally(root):
    return [os.path.join(folder, name) for folder, _d, names in os.walk(root) for name in names]


def lead_image_tag(html, alt):
    return next(tag for tag in parse_tags(html)["img"] if tag.get("alt") == alt)


def test_upload_on_one_server_is_shown_by_the_other(tmp_path, s3_endpoint, bucket):
    storage_env = s3_env(s3_endpoint, bucket)
    env_a = server_env(tmp_path, tmp_path / "media-a", storage_env)
    env_b = server_env(tmp_path, tmp_path / "media-b", storage_env)
    manage(env_a, "collectstatic", "--noinput", "-v0")
    server_a = Gunicorn(env_a, tmp_path / "gunicorn-a.log", workers=1)
    server_b = Gunicorn(env_b, tmp_path / "gunicorn-b.log", workers=1)
    try:
        server_a.start("/robots.txt")
        server_b.start("/robots.txt")
        user = user_with_role("Editor", "editor-a")
        hasher = PBKDF2PasswordHasher()
        user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        user.save(update_fields=["password"])
        editor = AdminSession(server_a.url).login("editor-a", PASSWORD)
        editor.get("/admin/images/image/add/")

        # Upload through server A.
        status, location, upload_seconds = post_multipart(
            editor,
            "/admin/images/image/add/",
            {"title": "Dockers on the quay", "credit": "Photo desk", "focal_x": "", "focal_y": ""},
            {"file": ("quay.jpg", "image/jpeg", gps_photo(1600, 1200))},
        )
        assert (status, location) == (302, "/admin/images/image/"), server_a.log_tail()
        image = Image.objects.get()
        assert (image.renditions, image.crops) == ({}, {})  # queued, not made in the request
        assert bucket_keys(s3_endpoint, bucket) == [image.file.name]
        article = ArticleFactory(lead_image=image, lead_image_alt="Dockers on the quay")

        # Server B, renditions pending: the page shows the original, from the bucket.
        page = fetch(server_b.url, article.get_absolute_url())
        assert page.status == 200
        img = lead_image_tag(page.text, "Dockers on the quay")
        assert img["src"] == f"{s3_endpoint}/{bucket}/{image.file.name}"
        status, data = http_get(img["src"])
        assert status == 200
        with PILImage.open(io.BytesIO(data)) as original:
            assert original.size == (1600, 1200)
            assert not original.getexif().get_ifd(GPS_IFD)

        # The worker runs elsewhere: B's environment, no disk shared with A.
        started = time.monotonic()
        manage(env_b, "db_worker", "--batch", "--interval", "0", "--no-startup-delay")
        worker_seconds = time.monotonic() - started
        image.refresh_from_db()
        assert sorted(image.renditions, key=int) == ["400", "800", "1200", "1600"]

        # Server B now names the renditions; each one is in the bucket.
        page = fetch(server_b.url, article.get_absolute_url())
        img = lead_image_tag(page.text, "Dockers on the quay")
        assert img["src"].startswith(f"{s3_endpoint}/{bucket}/renditions/{image.pk}/")
        candidates = [part.split() for part in unescape(img["srcset"]).split(",")]
        assert [width for _url, width in candidates] == ["400w", "800w", "1200w", "1600w"]
        for url, width in candidates:
            status, data = http_get(url)
            with PILImage.open(io.BytesIO(data)) as rendition:
                assert status == 200 and f"{rendition.width}w" == width
        # And the admin of server B shows the same image to an editor logged in on A.
        editor.base = server_b.url
        change = editor.get(f"/admin/images/image/{image.pk}/change/")
        assert change.status == 200
        assert re.search(rf'src="{re.escape(s3_endpoint)}/{bucket}/images/', change.text)

        assert stored_locally(tmp_path / "media-a") == []
        assert stored_locally(tmp_path / "media-b") == []
        print(
            f"\nupload request on A: {upload_seconds:.2f} s; "
            f"rendition task (worker process, incl. start-up): {worker_seconds:.2f} s"
        )
    finally:
        server_a.stop()
        server_b.stop()
