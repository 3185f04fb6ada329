"""An S3-compatible server on loopback for the storage tests: moto in server mode, in its
own process, so that the test process and any gunicorn it starts reach it over HTTP as
they would reach real object storage."""

import contextlib
import http.client
import itertools
import json
import random
import subprocess
import time

import boto3
import pytest

from tests.support.ports import free_port_below_ephemeral

ACCESS_KEY, SECRET_KEY, REGION = "placard-test-key", "placard-test-secret", "us-east-1"
BUCKET_NUMBERS = itertools.count()


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    port = free_port_below_ephemeral()
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["moto_server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            connection.close()
            break
        except (OSError, http.client.HTTPException):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"moto_server did not start:\n{log.read_text()}") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    if process.poll() is None:
        process.kill()


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


@pytest.fixture
def bucket(s3_endpoint):
    """A new, empty bucket for one test."""
    name = f"placard-test-{next(BUCKET_NUMBERS)}-{random.randint(0, 10**6)}"
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket=name)
    # Media are public, as on a production bucket: anyone may read, only the site writes.
    public_read = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{name}/*",
    }
    client.put_bucket_policy(
        Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [public_read]})
    )
    return name


def bucket_keys(endpoint, name):
    listing = s3_client(endpoint).list_objects_v2(Bucket=name)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def s3_env(endpoint, bucket_name, **extra):
    """The environment variables that put a site's media in `bucket_name`."""
    return {
        "PLACARD_MEDIA_STORAGE": "s3",
        "PLACARD_S3_BUCKET": bucket_name,
        "PLACARD_S3_ENDPOINT_URL": endpoint,
        "PLACARD_S3_REGION": REGION,
        "PLACARD_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "PLACARD_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        **extra,
    }
