"""After a change, one request renders each page; the others wait for its entry instead
of all rendering the same page at once (real threads, each with its own connection)."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from pagecache import middleware
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 8


@pytest.fixture
def renders(monkeypatch):
    """Each full render of a page, made slow enough for the others to arrive meanwhile."""
    seen = []
    real = middleware.cacheable_response

    def slow(response):
        seen.append(response.status_code)
        time.sleep(0.3)
        return real(response)

    monkeypatch.setattr(middleware, "cacheable_response", slow)
    return seen


def all_at_once(url):
    barrier = threading.Barrier(READERS)
    responses = [None] * READERS
    finished = [None] * READERS

    def read(index):
        try:
            barrier.wait(10)
            responses[index] = Client().get(url)
            finished[index] = time.monotonic()
        finally:
            connection.close()

    threads = [threading.Thread(target=read, args=(index,)) for index in range(READERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return responses, max(finished) - started


def test_readers_arriving_together_get_one_render(renders):
    ArticleFactory(title="Breaking piece")
    responses, _ = all_at_once("/")
    assert len(renders) == 1
    assert [r.status_code for r in responses] == [200] * READERS
    assert sorted(r["X-Page-Cache"] for r in responses) == ["hit"] * (READERS - 1) + ["miss"]
    assert len({r.content for r in responses}) == 1
    assert "Breaking piece" in responses[0].content.decode()


def test_readers_do_not_wait_for_a_page_that_is_never_stored(renders, monkeypatch):
    monkeypatch.setattr(middleware, "RENDER_WAIT_SECONDS", 20)
    responses, took = all_at_once("/articles/no-such-piece/")
    assert [r.status_code for r in responses] == [404] * READERS
    # Each waiter renders as soon as the one before it gives up its claim: not 20 s.
    assert took < 10
