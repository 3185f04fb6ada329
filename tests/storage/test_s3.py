"""Media on S3-compatible object storage: chosen by environment variables, written and
read through Django's storage API, served from the bucket's or the CDN's URLs.

The bucket is moto's S3 server on loopback (see conftest.py); its files are fetched over
HTTP as a reader's browser would fetch them.
"""

import io
import os
import subprocess
import sys
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from PIL import Image as PILImage

from images.models import Image
from images.processing import rendition_files
from tests.factories import jpeg_bytes
from tests.images.test_processing import GPS_IFD, gps_photo, parse_tags
from tests.storage.conftest import ACCESS_KEY, REGION, SECRET_KEY, bucket_keys, s3_env
from tests.support.tasks import run_queued_tasks

ROOT = Path(__file__).resolve().parents[2]


def http_get(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.headers.get("Content-Type"), answer.read()


@pytest.fixture
def s3_storage(settings, s3_endpoint, bucket, tmp_path):
    """This test process's media in `bucket`, as PLACARD_MEDIA_STORAGE=s3 configures it,
    and a MEDIA_ROOT that must stay empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    return bucket


def library_image(data=None, name="quay.jpg"):
    image = Image(title="Quay")
    image.file = ContentFile(data or jpeg_bytes(1000, 750), name=name)
    image.save()
    return Image.objects.get(pk=image.pk)


def test_original_and_renditions_go_to_the_bucket(db, s3_storage, s3_endpoint, settings):
    image = library_image(gps_photo(1000, 750))

    keys = bucket_keys(s3_endpoint, s3_storage)
    assert image.file.name in keys
    assert set(rendition_files(image.renditions, image.crops)) <= set(keys)
    assert not settings.MEDIA_ROOT.exists()  # nothing on the local disk

    status, content_type, data = http_get(image.file.url)
    assert image.file.url.startswith(f"{s3_endpoint}/{s3_storage}/images/")
    assert (status, content_type) == (200, "image/jpeg")
    assert not PILImage.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)


def test_picture_tag_points_at_the_bucket(db, s3_storage, s3_endpoint):
    image = library_image()

    html = Template("{% load images %}{% picture image 'Quay' %}").render(Context({"image": image}))

    (img,) = parse_tags(html)["img"]
    (source,) = parse_tags(html)["source"]
    candidates = [part.split() for part in img["srcset"].split(",") + source["srcset"].split(",")]
    assert len(candidates) == 6
    assert img["src"].startswith(f"{s3_endpoint}/{s3_storage}/renditions/")
    for url, width in candidates:
        assert url.startswith(f"{s3_endpoint}/{s3_storage}/")
        status, _type, data = http_get(url)
        with PILImage.open(io.BytesIO(data)) as picture:
            assert status == 200 and f"{picture.width}w" == width


def test_cdn_base_url_replaces_the_bucket_in_media_urls(db, s3_storage, settings):
    settings.STORAGES["default"]["OPTIONS"].update(
        custom_domain="cdn.example.org/media", url_protocol="https:"
    )
    settings.STORAGES = {**settings.STORAGES}  # a new value resets the storage
    image = library_image()

    assert image.file.url.startswith("https://cdn.example.org/media/images/")
    name = image.renditions["400"]["webp"]
    assert image.file.storage.url(name) == f"https://cdn.example.org/media/{name}"


def test_background_renditions_are_written_to_the_bucket(db, s3_storage, s3_endpoint, settings):
    settings.PLACARD_RENDITIONS = "background"
    image = library_image()
    assert bucket_keys(s3_endpoint, s3_storage) == [image.file.name]

    assert run_queued_tasks() == ["made"]

    image.refresh_from_db()
    keys = bucket_keys(s3_endpoint, s3_storage)
    assert set(rendition_files(image.renditions, image.crops)) <= set(keys)


def test_remove_orphan_renditions_works_on_the_bucket(db, s3_storage, s3_endpoint):
    kept = library_image()
    gone = library_image(name="gone.jpg")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Image._meta.db_table} WHERE id = %s", [gone.pk])
    gone_files = {gone.file.name, *rendition_files(gone.renditions, gone.crops)}

    out = StringIO()
    call_command("remove_orphan_renditions", "--min-age", "0", stdout=out)

    assert f"{len(gone_files)} files named by no image deleted" in out.getvalue()
    keys = set(bucket_keys(s3_endpoint, s3_storage))
    assert keys == {kept.file.name, *rendition_files(kept.renditions, kept.crops)}


def storage_seen_by_the_site(env):
    """What `default_storage` is, and a media URL, in a fresh process with `env`."""
    code = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__); print(s.url('images/2026/11/quay.jpg'))"
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PLACARD_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env={
            **keep,
            "DJANGO_SETTINGS_MODULE": "site_config.settings",
            "DJANGO_SECRET_KEY": "storage-test-only-not-a-secret",
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-2:]  # after what `shell` says it imported


def test_environment_chooses_the_storage(s3_endpoint):
    assert storage_seen_by_the_site({}) == ["LocalMediaStorage", "/media/images/2026/11/quay.jpg"]
    assert storage_seen_by_the_site(s3_env(s3_endpoint, "media")) == [
        "S3Storage",
        f"{s3_endpoint}/media/images/2026/11/quay.jpg",
    ]
    cdn = s3_env(s3_endpoint, "media", PLACARD_MEDIA_CDN_URL="https://cdn.example.org/m/")
    assert storage_seen_by_the_site(cdn) == [
        "S3Storage",
        "https://cdn.example.org/m/images/2026/11/quay.jpg",
    ]
    prefixed = s3_env(s3_endpoint, "media", PLACARD_S3_PREFIX="site-a")
    assert storage_seen_by_the_site(prefixed)[1] == (
        f"{s3_endpoint}/media/site-a/images/2026/11/quay.jpg"
    )
