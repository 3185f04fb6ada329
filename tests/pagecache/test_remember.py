"""Values remembered under the content version, stored when the request ends."""

import hashlib

import pytest
from django.core.cache import cache

from pagecache import versions

pytestmark = pytest.mark.django_db(transaction=True)


class Counted:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"value {self.calls}"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_request_computes_a_value_once_and_stores_it_when_it_ends():
    compute = Counted()
    with versions.recording_scopes():
        assert versions.remember("menu", "header", compute) == "value 1"
        assert versions.remember("menu", "header", compute) == "value 1"
    with versions.recording_scopes():
        assert versions.remember("menu", "header", compute) == "value 1"
    assert compute.calls == 1


def stored(kind, vary, version):
    digest = hashlib.sha256(str(vary).encode()).hexdigest()[:32]
    return cache.get(f"{kind}:{version}:{digest}")


def test_a_change_committed_during_the_request_keeps_the_value_out_of_the_cache():
    compute = Counted()
    with versions.recording_scopes():
        read = versions.content_version()
        assert versions.remember("menu", "header", compute) == "value 1"
        versions.content_changed()  # another editor's save commits meanwhile
    assert stored("menu", "header", read) is None
    with versions.recording_scopes():
        read = versions.content_version()
        assert versions.remember("menu", "header", compute) == "value 2"
    assert stored("menu", "header", read) == "value 2"


def test_outside_a_request_a_value_is_stored_at_once():
    compute = Counted()
    versions.remember("menu", "footer", compute)
    versions.remember("menu", "footer", compute)
    assert compute.calls == 1
