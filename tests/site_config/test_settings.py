"""Settings refuse unsafe production values; `check --deploy` is clean with safe ones."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "site_config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run(["-c", "import django; django.setup()"], DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_refuses_a_wildcard_host_when_debug_is_off():
    result = run(
        ["-c", "import django; django.setup()"],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="*",
    )
    assert result.returncode != 0
    assert "'*' is refused" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="campaign.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
