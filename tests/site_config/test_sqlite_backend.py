"""The SQLite backend (site_config/sqlite3): placeholders converted once per query text."""

import pytest
from django.db import connection, connections

from site_config.sqlite3.base import qmark_style

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend only"),
]


def test_the_site_runs_on_its_own_sqlite_backend():
    assert type(connections["default"]).__module__ == "site_config.sqlite3.base"


def test_placeholders_and_percent_signs_are_converted_as_django_writes_them():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s, '100%%', %s || '%%s'", [7, "a"])
        assert cursor.fetchone() == (7, "100%", "a%s")
        cursor.execute("SELECT %(first)s + %(second)s", {"first": 2, "second": 3})
        assert cursor.fetchone() == (5,)


def test_a_query_text_is_converted_once():
    qmark_style.cache_clear()
    query = "SELECT %s AS once_only"
    with connection.cursor() as cursor:
        for value in range(3):
            cursor.execute(query, [value])
            assert cursor.fetchone() == (value,)
    assert qmark_style.cache_info().misses == 1
    assert qmark_style.cache_info().hits == 2
