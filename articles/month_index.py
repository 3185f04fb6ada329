"""The published articles' index by month, in the site's time zone (PostgreSQL only).

The archive's sitemap looks each month up in it (`articles.sitemaps.ArticleListsSitemap`):
the newest change of a month is the top of that month's part of the index. Its months are
those of the time zone the site had when it was built (`TIME_ZONE`), as Django writes them
in the archive's queries, so a site whose time zone changes needs it built again. The
next `manage.py migrate` does that (`build_for_time_zone`); until then the sitemap reads
every article, as it does without the index. Built concurrently both times (articles
migration 0018 and here), so that editors can go on saving meanwhile.
"""

import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

NAME = "article_month_changed_idx"
TABLE = "articles_article"


def create_sql(schema_editor, table=TABLE):
    """The index's definition, for the time zone in `TIME_ZONE` now."""
    zone = schema_editor.quote_value(settings.TIME_ZONE)
    month = f"date_trunc('month', publish_at AT TIME ZONE {zone})"
    return (
        f"CREATE INDEX CONCURRENTLY {NAME} ON {table} "
        f"({month}, GREATEST(updated_at, publish_at)) INCLUDE (publish_at) "
        "WHERE status = 'published'"
    )


def definition(connection):
    """The index as PostgreSQL gives it back, or None where there is none."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [NAME])
        row = cursor.fetchone()
    return row[0] if row else None


def _for_zone(indexdef, zone):
    return indexdef is not None and f"'{zone}'" in indexdef


@functools.cache
def serves(using, zone):
    """Whether database `using` has the index by month in time zone `zone`. Looked up
    once a process (and again after `build_for_time_zone` has built it)."""
    return _for_zone(definition(connections[using]), zone)


def build_for_time_zone(using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """After `migrate`: the index, where migration 0018 made it for another time zone
    than the site's, dropped and built again for the site's."""
    connection = connections[using]
    found = definition(connection)
    if found is None or _for_zone(found, settings.TIME_ZONE):
        return
    if connection.in_atomic_block:  # CONCURRENTLY cannot run in a transaction
        return
    if verbosity:
        print(f"  Building the articles' index by month again, for {settings.TIME_ZONE}...")
    with connection.schema_editor(atomic=False) as editor:
        editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
        editor.execute(create_sql(editor))
    serves.cache_clear()
