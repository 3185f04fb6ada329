"""Log format: one line per event, text by default, JSON lines on request."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Logs a line, then an exception with its traceback, as the site's logging is configured.
SCRIPT = """
import logging
import django
django.setup()
from operations.logs import request_id
request_id.set("req-1")
log = logging.getLogger("statements.tasks")
log.warning("Mail for %s not sent", "endorsement 7")
try:
    raise ConnectionRefusedError("[Errno 111] Connection refused")
except OSError:
    log.exception("Mail server\\nunreachable")
"""


def run(**env):
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
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_text_lines_hold_time_level_logger_request_id_and_fold_the_traceback():
    result = run()
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].endswith(" WARNING statements.tasks [req-1] Mail for endorsement 7 not sent")
    assert " ERROR statements.tasks [req-1] Mail server\\nunreachable\\nTraceback" in lines[1]
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in lines[1]


def test_json_lines_when_asked():
    result = run(PLACARD_LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stderr.splitlines())
    assert first.keys() == {"time", "level", "logger", "request_id", "message"}
    assert first["level"] == "WARNING" and first["logger"] == "statements.tasks"
    assert first["request_id"] == "req-1"
    assert first["message"] == "Mail for endorsement 7 not sent"
    assert first["time"].endswith("Z")
    assert second["message"] == "Mail server\nunreachable"
    assert "ConnectionRefusedError" in second["exception"]


@pytest.mark.parametrize("value", ["xml", "syslog"])
def test_an_unknown_log_format_is_refused(value):
    result = run(PLACARD_LOG_FORMAT=value)
    assert result.returncode != 0
    assert "PLACARD_LOG_FORMAT must be 'text' or 'json'" in result.stderr
