"""nginx in front of gunicorn, as site_config/deploy/nginx.conf sets it up: slow clients
never hold a worker, the client's own address reaches the rate limits and cannot be forged,
and cache headers reach the browser (the app's pass through, static files are kept long).
"""

import contextlib
import http.client
import json
import random
import re
import select
import socket
import statistics
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest

from tests.deploy.conftest import ENDORSE_LIMIT_PER_IP, LOGIN_FAILURE_LIMIT, TEMPLATE, WORKERS
from tests.factories import StatementFactory
from tests.support.live import fetch

pytestmark = [pytest.mark.deploy, pytest.mark.django_db(transaction=True)]

SLOW_CLIENTS = 50
# nginx's client_header_timeout in the template: a header must be complete by then.
HEADER_TIMEOUT = int(re.search(r"client_header_timeout (\d+)s;", TEMPLATE.read_text()).group(1))
NORMAL_REQUESTS = 10


# Slow clients -------------------------------------------------------------------------------


class Trickle:
    """`count` connections to `base`, each sending a few more bytes of a request header
    every `interval` seconds, never finishing it, until `__exit__`. `open` counts those
    still connected, `closed_after` holds the seconds each took to be closed by the
    server."""

    def __init__(self, base, count=SLOW_CLIENTS, interval=0.5):
        parts = urlsplit(base)
        self.address = (parts.hostname, parts.port)
        self.count = count
        self.interval = interval
        self.sockets = {}
        self.closed_after = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self):
        self.started = time.monotonic()
        for _ in range(self.count):
            sock = socket.create_connection(self.address, timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sock.setblocking(False)
            self.sockets[sock] = 0
        self._thread.start()
        return self

    @property
    def open(self):
        return len(self.sockets)

    def _close(self, sock):
        self.sockets.pop(sock, None)
        sock.close()
        self.closed_after.append(time.monotonic() - self.started)

    def _trickle(self):
        while not self._stop.wait(self.interval):
            readable, _, _ = select.select(list(self.sockets), [], [], 0)
            for sock in readable:  # the server answered (408) or closed: either ends it
                self._close(sock)
            for sock in list(self.sockets):
                try:
                    sock.send(b"X-Slow: " if self.sockets[sock] % 2 == 0 else b"1\r\n")
                    self.sockets[sock] += 1
                except OSError:
                    self._close(sock)

    def wait_until_all_closed(self, timeout):
        deadline = time.monotonic() + timeout
        while self.sockets and time.monotonic() < deadline:
            time.sleep(0.1)
        return not self.sockets

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(timeout=5)
        for sock in list(self.sockets):
            sock.close()
        self.sockets.clear()


def timed(base, path, timeout):
    """Seconds to answer `path`, or None if no answer came within `timeout`."""
    started = time.monotonic()
    try:
        answer = fetch(base, path, timeout=timeout)
    except (OSError, http.client.HTTPException):
        return None
    assert answer.status == 200, answer.status
    return time.monotonic() - started


def test_slow_clients_do_not_hold_the_workers(deployed_site):
    site = deployed_site
    alone = [timed(site.app_url, "/", timeout=5) for _ in range(NORMAL_REQUESTS)]
    assert None not in alone, f"gunicorn does not answer on its own: {alone}"
    with Trickle(site.url) as slow:
        time.sleep(1)  # every slow connection has sent something and is waiting
        assert slow.open == SLOW_CLIENTS
        through_nginx = [timed(site.url, "/", timeout=5) for _ in range(NORMAL_REQUESTS)]
        assert None not in through_nginx, f"unanswered through nginx: {through_nginx}"
        assert max(through_nginx) < 2, through_nginx
        # nginx cuts each of them once the header timeout has passed.
        assert slow.wait_until_all_closed(timeout=HEADER_TIMEOUT + 5), (
            f"{slow.open} slow clients still connected after {HEADER_TIMEOUT + 5} s"
        )
        cut_after = (min(slow.closed_after), max(slow.closed_after))
        assert cut_after[0] >= HEADER_TIMEOUT - 1, slow.closed_after

    # The same clients straight at gunicorn hold both sync workers: what nginx prevents.
    with Trickle(site.app_url):
        time.sleep(1)
        direct = timed(site.app_url, "/", timeout=5)
    site.server.wait_until_answering("/robots.txt", wait=60)
    assert direct is None or direct > 2, (
        f"gunicorn answered in {direct:.2f} s despite {SLOW_CLIENTS} slow clients: "
        "the slow clients in this test do not do what they should"
    )
    print(
        f"\nNo slow clients, straight to gunicorn: median {statistics.median(alone) * 1000:.0f} ms."
        f"\n{SLOW_CLIENTS} slow clients: through nginx, a normal request answered in median "
        f"{statistics.median(through_nginx) * 1000:.0f} ms, max {max(through_nginx) * 1000:.0f} ms; "
        f"nginx cut the slow clients after {cut_after[0]:.1f}-{cut_after[1]:.1f} s; straight to "
        f"gunicorn ({WORKERS} sync workers): "
        f"{'no answer within 5 s' if direct is None else f'{direct:.1f} s'}"
    )


# The client's address --------------------------------------------------------------------


class Client:
    """A browser at its own loopback address (127.0.0.x), with its own cookies."""

    def __init__(self, base, address):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.address = address
        self.cookies = {}

    def request(self, method, path, data=None, headers=None):
        headers = dict(headers or {})
        body = None
        if isinstance(data, bytes):
            body = data
        elif data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=10, source_address=(self.address, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def csrf_token(self, path):
        status, text = self.request("GET", path)
        assert status == 200, status
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)

    def failed_login(self, username, forwarded_for=None):
        """A wrong password for `username`; the status of the answer."""
        token = self.csrf_token("/admin/login/")
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        status, _ = self.request(
            "POST",
            "/admin/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": "wrong"},
            headers,
        )
        return status


def loopback_address():
    """A loopback address (127.x.y.z) of this test's own, so that counters kept from other
    runs never apply to it."""
    return f"127.{random.randint(1, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def test_login_throttling_counts_the_address_nginx_saw_and_ignores_a_forged_one(
    deployed_site,
):
    attacker = Client(deployed_site.url, loopback_address())
    # Each attempt claims another address, and another account: neither helps.
    for n in range(LOGIN_FAILURE_LIMIT - 1):
        assert attacker.failed_login(f"guess{n}", forwarded_for=f"203.0.113.{n + 1}") == 200
    # The failure that reaches the limit is answered with the lockout page already.
    assert attacker.failed_login("guess-more", forwarded_for="198.51.100.77") == 429
    assert attacker.failed_login("guess-again") == 429
    # Another reader at another address, through the same nginx, is not locked out.
    colleague = Client(deployed_site.url, loopback_address())
    assert colleague.failed_login("someone") == 200


def test_endorsement_limits_count_the_address_nginx_saw_and_ignore_a_forged_one(
    deployed_site,
):
    deployed_site.server.reload()  # workers that know this test's content types
    statement = StatementFactory()
    path = f"/statements/{statement.slug}/sign/"

    def sign(client, n, forwarded_for=None):
        data = {
            "kind": "individual",
            "name": f"Signer {n}",
            "country": "PL",
            "email": f"signer{n}@example.org",
            "consent_listed": "on",
        }
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        return client.request("POST", path, data, headers)[0]

    signer = Client(deployed_site.url, loopback_address())
    for n in range(ENDORSE_LIMIT_PER_IP):
        assert sign(signer, n, forwarded_for=f"203.0.113.{n + 1}") == 302
    assert sign(signer, "more", forwarded_for="198.51.100.8") == 429
    assert sign(signer, "again") == 429
    neighbour = Client(deployed_site.url, loopback_address())
    assert sign(neighbour, "neighbour") == 302


# Cache headers -----------------------------------------------------------------------------


def test_the_apps_cache_headers_pass_through(deployed_site):
    direct = fetch(deployed_site.app_url, "/")
    proxied = fetch(deployed_site.url, "/")
    assert proxied.status == direct.status == 200
    assert proxied.headers["Cache-Control"] == direct.headers["Cache-Control"]
    assert "must-revalidate" in proxied.headers["Cache-Control"]
    etag = proxied.headers["ETag"]
    assert etag
    again = fetch(deployed_site.url, "/", headers={"If-None-Match": etag})
    assert again.status == 304


def hashed_static_file(static_root):
    """(original name, hashed name) of a collected stylesheet, from whitenoise's manifest."""
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    name = next(name for name in sorted(manifest) if name.endswith(".css"))
    return name, manifest[name]


def test_static_files_are_served_by_nginx_with_long_cache_for_hashed_names(deployed_site):
    original, hashed = hashed_static_file(deployed_site.static_root)
    answer = fetch(deployed_site.url, f"/static/{hashed}")
    assert answer.status == 200
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert answer.text == (deployed_site.static_root / hashed).read_text()
    assert answer.headers["Server"] == "nginx"  # not gunicorn's (whitenoise's) answer
    # A name without a hash may change content at the next deploy: kept for an hour.
    plain = fetch(deployed_site.url, f"/static/{original}")
    assert plain.status == 200
    assert plain.headers["Cache-Control"] == "max-age=3600"
    # The compressed copy that collectstatic wrote, for clients that accept it.
    if (deployed_site.static_root / f"{hashed}.gz").exists():
        compressed = fetch_raw(deployed_site.url, f"/static/{hashed}", {"Accept-Encoding": "gzip"})
        assert compressed.getheader("Content-Encoding") == "gzip"
    missing = fetch(deployed_site.url, "/static/css/nothing.0123456789ab.css")
    assert missing.status == 404
    assert "immutable" not in missing.headers.get("Cache-Control", "")


def fetch_raw(base, path, headers):
    """The response itself, for headers that `fetch` would decode away."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    with contextlib.closing(connection):
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response


def test_media_files_are_served_by_nginx_cached_and_inert(deployed_site):
    upload = deployed_site.media_root / "images" / "poster.svg"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    answer = fetch(deployed_site.url, "/media/images/poster.svg")
    assert answer.status == 200
    assert answer.headers["Cache-Control"] == "max-age=604800"
    assert "sandbox" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_requests_for_other_hosts_never_reach_the_site_but_health_probes_do(deployed_site):
    for host in ("evil.example", "192.0.2.10"):
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            fetch(deployed_site.url, "/", headers={"Host": host})
    # A load balancer asks by address.
    for path in ("/healthz", "/readyz"):
        answer = fetch(deployed_site.url, path, headers={"Host": "192.0.2.10"})
        assert (answer.status, answer.text.strip()) == (200, "ok")


def test_an_upload_up_to_the_image_limit_reaches_the_app_and_a_larger_one_is_refused(
    deployed_site,
):
    # A form with a file of PLACARD_IMAGE_MAX_BYTES (15 MiB by default): Django reads it
    # all and answers (the login form again: no username given).
    client = Client(deployed_site.url, loopback_address())
    token = client.csrf_token("/admin/login/")
    boundary = "placard-upload-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="poster.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + b"x" * (15 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    status, text = client.request("POST", "/admin/login/", body, headers)
    assert status == 200, text[:500]
    assert 'name="username"' in text
    # Beyond client_max_body_size nginx refuses it from the Content-Length alone.
    assert header_only_post(deployed_site.url, "/admin/login/", 17 * 1024 * 1024) == 413


def header_only_post(base, path, size):
    """The status of the answer to a POST that announces `size` bytes and sends none."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    with contextlib.closing(connection):
        connection.putrequest("POST", path)
        connection.putheader("Content-Length", str(size))
        connection.putheader("Content-Type", "application/octet-stream")
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status
