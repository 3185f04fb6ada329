"""Shared fixtures. Browser fixtures (Playwright with Debian's Chromium) live here too."""

import os
import shutil

import pytest
from django.core.cache import caches

from site_config.settings import cache_from_url
from tests.factories import UserFactory

CHROMIUM = os.environ.get("PLACARD_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Every alias: the rate-limit counters live apart from the page cache.
    for store in caches.all():
        store.clear()
    yield
    for store in caches.all():
        store.clear()


@pytest.fixture
def shared_cache(settings):
    """The page cache in Redis, as on a production site with several workers: one copy
    that every process sees. A database index of its own for each test process."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    settings.CACHES = {
        **settings.CACHES,
        "default": cache_from_url(f"redis://127.0.0.1:6379/{12 + worker % 4}"),
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True, scope="session")
def record_jinja_renders():
    """Let the test client see the context of pages rendered with Jinja2, as it does for
    Django's templates (`response.context`), by sending the same signal."""
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    original = backend.Template.render

    def render(self, context=None, request=None):
        template_rendered.send(sender=self, template=self, context=dict(context or {}))
        return original(self, context, request)

    backend.Template.render = render
    yield
    backend.Template.render = original
