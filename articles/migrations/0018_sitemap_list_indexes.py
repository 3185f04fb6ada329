"""Indexes for the sitemap's lists (PostgreSQL only; the models do not declare them, so
that the other databases keep the plans they have):

- an author's bylines by article (`byline_author_article_idx`): whether an author has a
  published article is read from the first of their bylines whose article is, where the
  index by author alone made PostgreSQL gather every byline of the author first;
- the published articles by the month of their publication, in the site's time zone,
  then by their last change (`article_month_changed_idx`): the newest change of each
  month of the archive is the top of its part of the index (see
  `articles.sitemaps.ArticleListsSitemap`).

The month is that of the time zone the site has when this migration runs (`TIME_ZONE`);
a later `migrate` builds the index again when the site's time zone has changed
(`articles.month_index`).

Built concurrently, so that editors can save during the deploy.
"""

from django.db import migrations

from articles import month_index

BYLINE_INDEX = "byline_author_article_idx"
MONTH_INDEX = month_index.NAME


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    bylines = apps.get_model("articles", "Byline")._meta.db_table
    articles = apps.get_model("articles", "Article")._meta.db_table
    # An earlier attempt that failed leaves an invalid index under the name.
    for name in (BYLINE_INDEX, MONTH_INDEX):
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY {BYLINE_INDEX} ON {bylines} (author_id, article_id)"
    )
    schema_editor.execute(month_index.create_sql(schema_editor, articles))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (BYLINE_INDEX, MONTH_INDEX):
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction.
    atomic = False

    dependencies = [("articles", "0017_tag_links_publish_time")]

    operations = [migrations.RunPython(add_indexes, drop_indexes)]
