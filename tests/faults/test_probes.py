"""Health probes on the site under gunicorn while its services fail: `/healthz` keeps
answering, `/readyz` says "unavailable" within its limit, and both come back with the
service. Log lines of a request carry its id."""

import re
import time

import pytest

from tests.support.live import fetch

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

# PLACARD_READY_TIMEOUT's default (2 s) plus the time to answer.
READY_LIMIT = 3


def probe(site, path):
    answer = fetch(site.url, path, timeout=15)
    return answer.status, answer.text, answer.seconds


def check_while(site, proxy):
    assert probe(site, "/readyz")[:2] == (200, "ok\n")
    proxy.stall()
    try:
        status, text, seconds = probe(site, "/readyz")
        assert (status, text) == (503, "unavailable\n")
        assert seconds < READY_LIMIT, f"/readyz took {seconds:.2f} s"
        live = probe(site, "/healthz")
        assert live[:2] == (200, "ok\n") and live[2] < 0.5
    finally:
        proxy.pass_()
    deadline = time.monotonic() + 15
    while probe(site, "/readyz")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert probe(site, "/readyz")[:2] == (200, "ok\n")
    return seconds


def test_readyz_reports_a_stalled_redis_and_healthz_keeps_answering(site):
    seconds = check_while(site, site.redis)
    print(f"\nRedis stalled: /readyz answered 503 in {seconds:.2f} s")


def test_readyz_reports_a_stalled_database_and_healthz_keeps_answering(site):
    if site.database is None:
        pytest.skip("SQLite: a file has no socket to stall")
    seconds = check_while(site, site.database)
    print(f"\nPostgreSQL stalled: /readyz answered 503 in {seconds:.2f} s")


def test_probes_answer_a_load_balancer_by_address_over_plain_http(site):
    # Production settings redirect to HTTPS and check the host: not for probes.
    page = fetch(site.url, "/robots.txt", headers={"Host": "10.0.0.5"})
    assert page.status == 400
    for path in ("/healthz", "/readyz"):
        answer = fetch(site.url, path, headers={"Host": "10.0.0.5"})
        assert (answer.status, answer.text) == (200, "ok\n")


def test_a_request_id_reaches_the_response_and_the_log(site):
    answer = fetch(site.url, "/no-such-page-at-all/", headers={"X-Request-ID": "probe-4711"})
    assert answer.status == 404
    assert answer.headers["X-Request-ID"] == "probe-4711"
    time.sleep(0.5)
    log = site.server.log_path.read_text(errors="replace")
    line = re.search(r".*\[probe-4711\].*", log)
    assert line and "WARNING django.request" in line.group(0), site.server.log_tail()
