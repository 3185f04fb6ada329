"""The site under gunicorn, as in production, with its services behind fault proxies.

One server serves every test of this folder: gunicorn with 2 sync workers and debug off,
reading the test database pytest-django created (tests are `transaction=True`, so their
rows are committed and gunicorn sees them), Redis (a database index of its own) through a
proxy, a loopback SMTP server through a proxy and, on PostgreSQL, the database through a
proxy too. Each test starts with every proxy passing and the server answering.
"""

import contextlib
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import user_with_role
from tests.support.live import ROOT, AdminSession, Gunicorn, database_url, production_env
from tests.support.proxy import FaultProxy
from tests.support.smtp import SMTPServer

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Redis database indexes of the kit's own: one per database engine and test process, so
# that runs side by side (SQLite and PostgreSQL, xdist workers) never flush each other's
# entries. Others are taken: 0 by default, 10 by the benchmarks, 12 to 15 by
# `shared_cache` in tests/conftest.py.
REDIS_DBS = {"sqlite": (11, 1, 2, 3), "postgresql": (9, 4, 5, 6)}
PASSWORD = "fault-kit-editor-password"
SECRET_KEY = "fault-kit-only-not-a-secret-" + "k" * 30
# A stalled database must fail a request in seconds: a connect timeout, and a server-side
# limit on any statement.
DATABASE_CONNECT_TIMEOUT = 2
DATABASE_STATEMENT_TIMEOUT_MS = 3000


def server_env(workdir, database, cache_url, smtp_port):
    return production_env(
        workdir,
        SECRET_KEY,
        database,
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DATABASE_CONNECT_TIMEOUT=str(DATABASE_CONNECT_TIMEOUT),
        DATABASE_STATEMENT_TIMEOUT_MS=str(DATABASE_STATEMENT_TIMEOUT_MS),
        CACHE_URL=cache_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        DEFAULT_FROM_EMAIL="campaign@example.org",
        PLACARD_TASKS="database",
    )


@dataclass
class FaultSite:
    url: str
    server: Gunicorn
    env: dict
    redis: FaultProxy
    smtp: FaultProxy
    database: FaultProxy | None  # None on SQLite: a file has no socket to stall
    inbox: object
    redis_db: int
    served_a_test: bool = False

    @property
    def proxies(self):
        return [proxy for proxy in (self.redis, self.smtp, self.database) if proxy is not None]

    def heal(self):
        for proxy in self.proxies:
            proxy.pass_()

    def flush_cache(self):
        """Empty the site's Redis database, directly (not through the proxy).

        Rows made by the test process bump the content version in the database but tell
        only the test process's own cache; the server would trust its cached copy of the
        version for up to 3 s more."""
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=self.redis_db)
        try:
            client.flushdb()
        finally:
            client.close()

    def editor(self, username):
        """An account in the Editor role, logged in through the admin's form."""
        user = user_with_role("Editor", username)
        # The server checks passwords with the production hashers, not the test suite's;
        # few iterations here, the server upgrades the hash at the first login.
        hasher = PBKDF2PasswordHasher()
        user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        user.save(update_fields=["password"])
        return AdminSession(self.url).login(username, PASSWORD)

    def manage(self, *args, timeout=60):
        """`python3 manage.py ...` with the server's environment."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def collect_static(env):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"collectstatic failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="package")
def fault_site(django_db_setup, tmp_path_factory):
    settings_dict = connection.settings_dict  # the test database, once set up
    vendor = connection.vendor
    workdir = tmp_path_factory.mktemp("faults")
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    indexes = REDIS_DBS["postgresql" if vendor == "postgresql" else "sqlite"]
    redis_db = indexes[worker % len(indexes)]
    with contextlib.ExitStack() as stack:
        mail = SMTPServer()
        mail.start()
        stack.callback(mail.stop)
        redis_proxy = stack.enter_context(FaultProxy(REDIS_HOST, REDIS_PORT, "redis"))
        smtp_proxy = stack.enter_context(FaultProxy("127.0.0.1", mail.port, "smtp"))
        database_proxy = None
        if vendor == "postgresql":
            database_proxy = stack.enter_context(
                FaultProxy(
                    settings_dict.get("HOST") or "127.0.0.1",
                    settings_dict.get("PORT") or 5432,
                    "postgresql",
                )
            )
            database = database_url(settings_dict, "127.0.0.1", database_proxy.port)
        else:
            database = database_url(settings_dict, None, None)
        cache_url = f"redis://127.0.0.1:{redis_proxy.port}/{redis_db}"
        env = server_env(workdir, database, cache_url, smtp_proxy.port)
        collect_static(env)
        server = Gunicorn(env, workdir / "gunicorn.log", workers=2, timeout=30)
        stack.callback(server.stop)  # registered last: stops before the proxies close
        site = FaultSite(
            server=server,
            url="",
            env=env,
            redis=redis_proxy,
            smtp=smtp_proxy,
            database=database_proxy,
            inbox=mail.inbox,
            redis_db=redis_db,
        )
        site.flush_cache()
        server.start()
        site.url = server.url
        yield site


@pytest.fixture
def site(fault_site):
    """The live site, every proxy passing and fresh workers answering, for one test.

    Between two tests pytest-django empties the database, and the content types come
    back under new ids; workers that served the previous test would still hold the old
    ids in memory (Django caches them per process), so each test gets new workers, as
    after a deploy."""
    fault_site.heal()
    if fault_site.served_a_test:
        fault_site.server.reload()
    fault_site.served_a_test = True
    fault_site.server.wait_until_answering("/robots.txt", wait=60)
    yield fault_site
    fault_site.heal()
    fault_site.inbox.messages.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing fault test shows the end of gunicorn's log beside its own output."""
    report = yield
    site = getattr(item, "funcargs", {}).get("fault_site")
    if report.failed and site is not None:
        report.sections.append(("gunicorn log (last lines)", site.server.log_tail()))
    return report
