"""The site under real gunicorn, and the clients that talk to it over real sockets.

`Gunicorn` runs `site_config.wsgi` as production does (sync workers, debug off) in its
own process group, on a socket bound here and handed over, so that no other process can
take the port between choosing it and listening on it. `fetch()` makes one request over
a connection of its own; `AdminSession` logs in through the admin's own form and posts
forms with their CSRF token; `Readers` are threads that request pages one after another
and keep every answer with the moment its request started and ended.
"""

import contextlib
import http.client
import http.cookies
import math
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
# Variables of the test process that must not reach a server it starts: each server gets
# its own below.
OWN_PREFIXES = ("DJANGO_", "DATABASE_", "CACHE_", "EMAIL_", "PLACARD_", "RATELIMIT_")


# A server's environment -------------------------------------------------------------------


def database_url(settings_dict, host=None, port=None):
    """The URL a server process uses to reach the test database, optionally through a
    proxy at `host`:`port` (PostgreSQL only: a SQLite file has no socket)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = host or settings_dict.get("HOST") or "127.0.0.1"
    port = port or settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def production_env(workdir, secret_key, database, **settings):
    """The environment of a server run as production runs it (debug off), on `database`,
    with its static files under `workdir` and any further `settings` variables."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(OWN_PREFIXES)}
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DATABASE_URL=database,
        PYTHONPATH=str(ROOT),
        **settings,
    )
    return env


def collect_static(env):
    """Run `collectstatic` for a server of environment `env`, as a deploy does first."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"collectstatic failed:\n{result.stdout}\n{result.stderr}"


# One request ------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str
    started: float  # time.monotonic() when the request was sent
    finished: float

    @property
    def seconds(self):
        return self.finished - self.started

    @property
    def location(self):
        return self.headers.get("Location", "")


def fetch(base, path, method="GET", data=None, headers=None, timeout=10):
    """One request over a connection of its own; redirects are returned, not followed."""
    parts = urlsplit(base)
    headers = dict(headers or {})
    body = None
    if data is not None:
        body = urlencode(data, doseq=True).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    return Answer(response.status, response.headers, text, started, time.monotonic())


def wait_for_cache_hit(base, path, timeout=5):
    """Until `path` comes from the page cache (so that a copy of it is stored)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = fetch(base, path)
        if answer.headers.get("X-Page-Cache") == "hit":
            return answer
        time.sleep(0.05)
    raise AssertionError(f"{path} never came from the page cache")


# The server -------------------------------------------------------------------------------


class Gunicorn:
    """`python3 -m gunicorn site_config.wsgi` with `env`, until `stop()`."""

    def __init__(self, env, log_path, workers=2, timeout=30):
        self.env = env
        self.log_path = Path(log_path)
        self.workers_wanted = workers
        self.timeout = timeout
        self.process = None
        self.url = None

    def start(self, ready_path="/", wait=60):
        listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        listener.set_inheritable(True)
        port = listener.getsockname()[1]
        command = [
            sys.executable, "-m", "gunicorn", "site_config.wsgi",
            "--workers", str(self.workers_wanted), "--worker-class", "sync",
            "--timeout", str(self.timeout), "--graceful-timeout", "3",
            "--bind", f"fd://{listener.fileno()}", "--no-control-socket",
            "--log-level", "warning",
        ]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
                pass_fds=(listener.fileno(),),
                start_new_session=True,
            )
        listener.close()  # gunicorn holds its own copy
        self.url = f"http://127.0.0.1:{port}"
        self.wait_until_answering(ready_path, wait)
        return self

    def wait_until_answering(self, path="/", wait=60):
        """Until `path` answers 200; fails with gunicorn's log if it never does."""
        deadline = time.monotonic() + wait
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                answer = fetch(self.url, path, timeout=5)
                if answer.status == 200:
                    return answer
                last = f"status {answer.status}"
            except OSError as error:
                last = repr(error)
            time.sleep(0.2)
        raise AssertionError(
            f"gunicorn did not answer {path} with 200 within {wait} s ({last}):\n{self.log_tail()}"
        )

    def workers(self):
        """The process ids of the running workers (the arbiter's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return {int(pid) for pid in children.read_text().split()}
        return set()

    def reload(self, ready_path="/robots.txt", wait=60):
        """Replace every worker with a fresh one (SIGHUP), as a deploy does; returns once
        only new workers run and the server answers."""
        old = self.workers()
        os.kill(self.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            current = self.workers()
            if len(current) == self.workers_wanted and not current & old:
                break
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"gunicorn did not replace its workers:\n{self.log_tail()}")
        return self.wait_until_answering(ready_path, wait)

    def log_tail(self, lines=60):
        if not self.log_path.exists():
            return "(no log)"
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self):
        """TERM the whole process group, KILL it if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


# A logged-in editor -------------------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class AdminSession:
    """A browser-like admin session: its own cookies, the CSRF token from the last form."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.csrf_token = None

    def _headers(self, extra=None):
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, answer):
        for header in answer.headers.get_all("Set-Cookie") or ():
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        found = CSRF_INPUT.search(answer.text)
        if found:
            self.csrf_token = found.group(1)
        return answer

    def get(self, path, timeout=20):
        return self._keep(fetch(self.base, path, headers=self._headers(), timeout=timeout))

    def post(self, path, data, timeout=20):
        data = {**data, "csrfmiddlewaretoken": self.csrf_token}
        answer = fetch(
            self.base, path, method="POST", data=data, headers=self._headers(), timeout=timeout
        )
        return self._keep(answer)

    def login(self, username, password):
        self.get("/admin/login/")
        answer = self.post(
            "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
        )
        assert answer.status == 302, f"login of {username} failed: {answer.status}"
        assert "sessionid" in self.cookies
        self.get("/admin/")  # the token is new after a login
        return self


# Readers ------------------------------------------------------------------------------------


@dataclass
class Reading:
    path: str
    started: float
    finished: float
    status: int | None  # None: no answer (timeout, connection refused or reset)
    seen: object = None  # what `observe` made of the page
    cache: str = ""  # the X-Page-Cache header: hit, miss or empty
    error: str = ""

    @property
    def seconds(self):
        return self.finished - self.started


@dataclass
class Readers:
    """`threads` readers requesting `paths` in turn, each request over its own connection,
    from `__enter__` until `__exit__`. `observe(path, answer)` says what a page showed;
    its result is kept in `Reading.seen`."""

    base: str
    paths: list
    threads: int = 8
    observe: object = None
    timeout: float = 10
    readings: list = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers = []

    def _read(self, offset):
        turn = offset
        while not self._stop.is_set():
            path = self.paths[turn % len(self.paths)]
            turn += 1
            started = time.monotonic()
            try:
                answer = fetch(self.base, path, timeout=self.timeout)
            except (OSError, http.client.HTTPException) as error:
                reading = Reading(path, started, time.monotonic(), None, error=repr(error))
            else:
                seen = self.observe(path, answer) if self.observe else None
                reading = Reading(
                    path,
                    answer.started,
                    answer.finished,
                    answer.status,
                    seen,
                    answer.headers.get("X-Page-Cache", ""),
                )
            with self._lock:
                self.readings.append(reading)

    def __enter__(self):
        for offset in range(self.threads):
            worker = threading.Thread(target=self._read, args=(offset,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=self.timeout + 5)
        alive = [worker for worker in self._workers if worker.is_alive()]
        assert not alive, f"{len(alive)} reader threads did not end"

    def wait_for_readings(self, count, timeout=10):
        """Until at least `count` answers are in (so that a phase is really observed)."""
        deadline = time.monotonic() + timeout
        while len(self.readings) < count and time.monotonic() < deadline:
            time.sleep(0.02)


def percentile(values, share):
    """The value below which `share` (0..1) of `values` lie (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]
