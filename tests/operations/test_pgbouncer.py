"""The site behind PgBouncer in transaction mode (`DATABASE_TRANSACTION_POOLING=true`).

PostgreSQL only, and only where `pgbouncer` is installed (Debian: `apt-get install -y
pgbouncer`); skipped otherwise, except in CI. The site runs in a process of its own,
connected through a PgBouncer started for the test."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import ArticleFactory
from tests.support.ports import free_port_below_ephemeral

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"

SCRIPT = """
import json
import django
django.setup()
from django.db import connection, transaction
from django.test import Client
from articles.models import Article

found = {"no_server_side_cursors": connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"]}
found["client_limit"] = connection.call_limit
found["outside"] = [a.title for a in Article.objects.order_by("pk").iterator(chunk_size=2)]
with transaction.atomic():
    found["inside"] = [a.title for a in Article.objects.order_by("pk").iterator(chunk_size=2)]
client = Client()
found["readyz"] = client.get("/readyz").status_code
article = Article.objects.order_by("pk").first()
found["page"] = client.get(article.get_absolute_url()).status_code
print(json.dumps(found))
"""


@pytest.fixture
def pgbouncer():
    if connection.vendor != "postgresql":
        pytest.skip("PgBouncer pools PostgreSQL connections")
    if not os.path.exists(PGBOUNCER):
        if os.environ.get("CI"):
            pytest.fail("pgbouncer is required in CI")
        pytest.skip("pgbouncer not installed")
    settings_dict = connection.settings_dict
    port = free_port_below_ephemeral()
    # A folder PgBouncer's own user can reach (pytest's temporary folders are private).
    tmp_path = Path(tempfile.mkdtemp(prefix="placard-pgbouncer-"))
    config = tmp_path / "pgbouncer.ini"
    config.write_text(
        "[databases]\n"
        f"* = host={settings_dict['HOST'] or '127.0.0.1'} port={settings_dict['PORT'] or 5432}"
        f" user={settings_dict['USER']}"
        + (f" password={settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else "")
        + "\n\n[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nauth_type = any\n"
        "pool_mode = transaction\ndefault_pool_size = 2\nunix_socket_dir =\n"
        f"logfile = {tmp_path / 'pgbouncer.log'}\npidfile = {tmp_path / 'pgbouncer.pid'}\n"
    )
    tmp_path.chmod(0o777)
    config.chmod(0o644)
    # PgBouncer refuses to run as root.
    command = [PGBOUNCER, *(["-u", "postgres"] if os.geteuid() == 0 else []), str(config)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        assert process.poll() is None, process.stdout.read().decode(errors="replace")
        yield f"postgres://{settings_dict['USER']}@127.0.0.1:{port}/{settings_dict['NAME']}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        shutil.rmtree(tmp_path, ignore_errors=True)


def run_site(database_url, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "PLACARD_"))
    }
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "site_config.settings",
            "DJANGO_DEBUG": "true",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": database_url,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_the_setting_pgbouncer_refuses_the_statement_timeout_option(pgbouncer):
    result = run_site(pgbouncer)
    assert result.returncode != 0
    assert "unsupported startup parameter: options" in result.stderr


def test_with_transaction_pooling_the_site_works_through_pgbouncer(pgbouncer):
    titles = [ArticleFactory(title=f"Pooled {number}").title for number in range(5)]
    result = run_site(pgbouncer, DATABASE_TRANSACTION_POOLING="true")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["no_server_side_cursors"] is True
    assert found["client_limit"] == 17  # DATABASE_STATEMENT_TIMEOUT_MS (15 s) plus 2 s
    assert found["outside"] == titles and found["inside"] == titles
    assert (found["readyz"], found["page"]) == (200, 200)
