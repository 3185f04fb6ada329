"""Counting a page's queries for tests."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext


def cold_and_warm_queries(client, url):
    """The queries of `url`, cold (every cache emptied) and then warm."""
    costs = []
    for store in [caches.all(), []]:
        for cache in store:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        costs.append(len(captured))
    return costs


def page_queries(client, url):
    """How many queries `url` takes, as the caches stand (its answer must be a 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)
