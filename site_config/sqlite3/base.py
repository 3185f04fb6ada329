"""SQLite whose cursors remember how each query's placeholders were converted.

Django writes `%s` placeholders and its SQLite cursor rewrites them to `?` with a regular
expression on every call: a page's few long queries (the home page's are 9,000 characters
together) cost it about a twentieth of the page. The same SQL comes back on every request
(most of it from queries compiled once, `publishing.prepared`), so the converted text is
kept by the text it came from, a bounded number of them.
"""

from functools import lru_cache

from django.db.backends.sqlite3 import base

CONVERTED_QUERIES = 2048  # distinct queries kept converted, per process


@lru_cache(maxsize=CONVERTED_QUERIES)
def qmark_style(query):
    """`query` with "format" placeholders (`%s`, `%%`) in SQLite's "qmark" style."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class CursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return qmark_style(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=CursorWrapper)
