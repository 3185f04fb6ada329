"""The site as deployed: nginx, configured from site_config/deploy/nginx.conf, in front of
gunicorn (2 sync workers, debug off) reading the test database.

nginx runs in the foreground from a prefix of its own in a temporary folder (its own main
configuration, pid, logs and temporary files) on an unprivileged port; the site file is
the template with its placeholders filled in. Without nginx these tests are skipped on a
developer's machine and fail in CI (env CI set): `apt-get install -y nginx`.
"""

import contextlib
import grp
import os
import pwd
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.conftest import collect_static, database_url, server_env
from tests.support.live import ROOT, Gunicorn, fetch
from tests.support.ports import free_port_below_ephemeral

TEMPLATE = ROOT / "site_config" / "deploy" / "nginx.conf"
WORKERS = 2
# The server runs as in production behind this configuration (README: "Deploying behind
# nginx"), with limits low enough to reach in a test.
LOGIN_FAILURE_LIMIT = 3
ENDORSE_LIMIT_PER_IP = 3
# A Redis database index no other test uses (see tests/faults/conftest.py for theirs).
RATELIMIT_CACHE_URL = "redis://127.0.0.1:6379/7"


def nginx_binary():
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
        None,
    )


def require(condition, reason):
    """Skip when a tool is missing, except in CI, where a missing tool is a failure."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


def render(template, values):
    """The template with every `{{NAME}}` replaced; fails on one left unfilled."""
    text = template
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", str(value))
    assert "{{" not in text, f"placeholders left unfilled: {text[text.index('{{') :][:40]}"
    return text


MAIN_CONFIG = """\
daemon off;
master_process on;
worker_processes 1;
{user}
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    {types}
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/placard.conf;
}}
"""


def mime_types():
    """The file types nginx knows: its own list where installed, else those the site uses."""
    installed = Path("/etc/nginx/mime.types")
    if installed.exists():
        return f"include {installed};"
    return (
        "types { text/html html; text/css css; text/javascript js; image/svg+xml svg; "
        "image/png png; image/jpeg jpg jpeg; image/webp webp; font/woff2 woff2; "
        "application/json json; text/plain txt; }"
    )


class Nginx:
    """`nginx` in the foreground with the rendered site file, until `stop()`."""

    def __init__(self, binary, prefix, upstream, static_root, media_root):
        self.binary = binary
        self.prefix = Path(prefix)
        self.upstream = upstream
        self.static_root = static_root
        self.media_root = media_root
        self.process = None
        self.url = None

    def write_config(self, port):
        self.prefix.mkdir(parents=True, exist_ok=True)
        site = render(
            TEMPLATE.read_text(),
            {
                "LISTEN": f"127.0.0.1:{port}",
                "SERVER_NAME": "127.0.0.1 localhost",
                "UPSTREAM": self.upstream,
                "STATIC_ROOT": self.static_root,
                "MEDIA_ROOT": self.media_root,
            },
        )
        (self.prefix / "placard.conf").write_text(site)
        # Run as root (as in a container), nginx's workers would switch to an account that
        # cannot read the test's private folders: they keep the test's own account.
        user = ""
        if os.geteuid() == 0:
            user = f"user {pwd.getpwuid(0).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
        (self.prefix / "nginx.conf").write_text(
            MAIN_CONFIG.format(user=user, prefix=self.prefix, types=mime_types())
        )

    def command(self, *extra):
        return [self.binary, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
                "-e", str(self.prefix / "error.log"), *extra]  # fmt: skip

    def start(self, wait=15):
        for _ in range(5):
            port = free_port_below_ephemeral()
            self.write_config(port)
            checked = subprocess.run(self.command("-t"), capture_output=True, text=True)
            assert checked.returncode == 0, f"nginx -t refused the site file:\n{checked.stderr}"
            with (self.prefix / "nginx.out").open("ab") as log:
                self.process = subprocess.Popen(
                    self.command(), stdout=log, stderr=log, start_new_session=True
                )
            self.url = f"http://127.0.0.1:{port}"
            if self._wait_until_listening(port, wait):
                return self
            self.stop()
            if "Address already in use" not in self.log_tail():
                break
        raise AssertionError(f"nginx did not start:\n{self.log_tail()}")

    def _wait_until_listening(self, port, wait):
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                fetch(self.url, "/robots.txt", timeout=5)
                return True
            except OSError:
                time.sleep(0.1)
        return False

    def log_tail(self, lines=40):
        text = []
        for name in ("nginx.out", "error.log"):
            path = self.prefix / name
            if path.exists():
                text += path.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(text)

    def stop(self):
        """QUIT (finish and stop), TERM if it lingers, then KILL."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig in (signal.SIGQUIT, signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=5)
                return
            except subprocess.TimeoutExpired:
                continue


@dataclass
class DeployedSite:
    url: str  # nginx
    app_url: str  # gunicorn, directly
    nginx: Nginx
    server: Gunicorn
    static_root: Path
    media_root: Path


@pytest.fixture(scope="package")
def deployed_site(django_db_setup, tmp_path_factory):
    binary = nginx_binary()
    require(binary is not None, "nginx is not installed: apt-get install -y nginx")
    workdir = tmp_path_factory.mktemp("deploy")
    settings_dict = connection.settings_dict  # the test database, once set up
    if connection.vendor == "postgresql":
        database = database_url(
            settings_dict,
            settings_dict.get("HOST") or "127.0.0.1",
            settings_dict.get("PORT") or 5432,
        )
    else:
        database = database_url(settings_dict, None, None)
    # Pages in each worker's local memory; rate-limit counters in Redis, where both workers
    # count (tests use addresses of their own, so runs side by side never share a counter);
    # login throttling counts in the database.
    env = server_env(workdir, database, cache_url="", smtp_port=9)
    env.update(
        DJANGO_BEHIND_PROXY="true",
        DJANGO_PROXY_COUNT="1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        RATELIMIT_CACHE_URL=RATELIMIT_CACHE_URL,
        PLACARD_LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
        PLACARD_ENDORSE_LIMIT_PER_IP=str(ENDORSE_LIMIT_PER_IP),
    )
    collect_static(env)
    (workdir / "media").mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        server = Gunicorn(env, workdir / "gunicorn.log", workers=WORKERS, timeout=30)
        stack.callback(server.stop)
        server.start()
        nginx = Nginx(
            binary,
            workdir / "nginx",
            upstream=server.url.removeprefix("http://"),
            static_root=workdir / "static",
            media_root=workdir / "media",
        )
        stack.callback(nginx.stop)
        nginx.start()
        yield DeployedSite(
            url=nginx.url,
            app_url=server.url,
            nginx=nginx,
            server=server,
            static_root=workdir / "static",
            media_root=workdir / "media",
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test shows the end of nginx's and gunicorn's logs beside its own output."""
    report = yield
    site = getattr(item, "funcargs", {}).get("deployed_site")
    if report.failed and site is not None:
        report.sections.append(("nginx log (last lines)", site.nginx.log_tail()))
        report.sections.append(("gunicorn log (last lines)", site.server.log_tail()))
    return report
