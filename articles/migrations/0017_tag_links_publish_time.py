"""A tag's articles in the order of their publication, read from an index of the tag's
links (PostgreSQL only).

Each link of a tag to an article (taggit's tagged items) keeps, in a column of its own,
`article_publish_at`, the article's publish time while the article is published, and
nothing otherwise (a draft, a deleted article, a link to another type of content). An
index by tag, type, that time and the article's key then holds every tag's published
articles newest first, so that any page of a tag's list, and its count, are read from it
alone, however many articles the tag has (on a one-language site: see
`articles.views.TagDetailView`, which otherwise walks the newest articles).

Triggers keep the column right on every path, whatever writes the rows (the admin,
workflow actions, bulk updates, imports, raw SQL), so that nothing in Django has to know
about it:

- a link added, or pointed at another item, takes the article's state, read under a
  share lock on the article's row: a change of the article under way in another
  transaction is waited for, and one that starts meanwhile waits for the link's, so that
  neither misses the other;
- an article added, deleted, published, unpublished or rescheduled passes its state to
  its links.

The column is added empty (no default: nothing is rewritten), filled a block of links at
a time (each statement commits on its own, so that no row is locked for long) and
indexed concurrently. Nothing on SQLite, whose lists keep the plans they have.
"""

from django.db import migrations

COLUMN = "article_publish_at"
INDEX = "taggit_taggeditem_article_order_idx"
LINK_FUNCTION = "taggit_taggeditem_article_publish_at"
ARTICLE_FUNCTION = "articles_article_tag_links"
BATCH = 5000  # links filled a statement
PUBLISHED = "published"  # `Publishable.Status.PUBLISHED`


def article_type():
    """The key of the articles' content type, as SQL (read when the trigger runs: the
    type may be created after this migration, as it is in a new database)."""
    return "(SELECT id FROM django_content_type WHERE app_label = 'articles' AND model = 'article')"


def link_function_sql(articles):
    return f"""
CREATE OR REPLACE FUNCTION {LINK_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    article_status text;
    article_time timestamptz;
BEGIN
    NEW.{COLUMN} := NULL;
    IF NEW.content_type_id = {article_type()} THEN
        SELECT status, publish_at INTO article_status, article_time
        FROM {articles} WHERE id = NEW.object_id FOR SHARE;
        IF article_status = '{PUBLISHED}' THEN
            NEW.{COLUMN} := article_time;
        END IF;
    END IF;
    RETURN NEW;
END $$"""


def article_function_sql(links):
    return f"""
CREATE OR REPLACE FUNCTION {ARTICLE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    listed timestamptz;
    article bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        article := OLD.id;
    ELSE
        article := NEW.id;
        IF NEW.status = '{PUBLISHED}' THEN
            listed := NEW.publish_at;
        END IF;
    END IF;
    UPDATE {links} SET {COLUMN} = listed
    WHERE content_type_id = {article_type()} AND object_id = article
        AND {COLUMN} IS DISTINCT FROM listed;
    RETURN NULL;
END $$"""


def fill(schema_editor, links, articles):
    """The column of the links there before the triggers, a block of keys at a time.
    Links and articles written meanwhile are kept right by the triggers."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {links}")
        first, last = cursor.fetchone()
        if first is None:
            return
        for start in range(first, last + 1, BATCH):
            cursor.execute(
                f"UPDATE {links} AS link SET {COLUMN} = article.publish_at "
                f"FROM {articles} AS article "
                f"WHERE link.id >= %s AND link.id < %s "
                f"AND link.content_type_id = {article_type()} "
                f"AND article.id = link.object_id AND article.status = '{PUBLISHED}' "
                f"AND link.{COLUMN} IS DISTINCT FROM article.publish_at",
                [start, start + BATCH],
            )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    links = apps.get_model("taggit", "TaggedItem")._meta.db_table
    articles = apps.get_model("articles", "Article")._meta.db_table
    schema_editor.execute(f"ALTER TABLE {links} ADD COLUMN IF NOT EXISTS {COLUMN} timestamptz")
    schema_editor.execute(link_function_sql(articles))
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {LINK_FUNCTION} ON {links}")
    schema_editor.execute(
        f"CREATE TRIGGER {LINK_FUNCTION} BEFORE INSERT OR UPDATE OF content_type_id, object_id "
        f"ON {links} FOR EACH ROW EXECUTE FUNCTION {LINK_FUNCTION}()"
    )
    schema_editor.execute(article_function_sql(links))
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {ARTICLE_FUNCTION} ON {articles}")
    schema_editor.execute(
        f"CREATE TRIGGER {ARTICLE_FUNCTION} AFTER INSERT OR DELETE OR UPDATE OF status, "
        f"publish_at ON {articles} FOR EACH ROW EXECUTE FUNCTION {ARTICLE_FUNCTION}()"
    )
    fill(schema_editor, links, articles)
    # An earlier attempt that failed leaves an invalid index under the name.
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY {INDEX} ON {links} "
        f"(tag_id, content_type_id, {COLUMN} DESC, object_id DESC) "
        f"WHERE {COLUMN} IS NOT NULL"
    )
    # Filling the column left a dead version of each link: made reusable, and the
    # planner given the new column's statistics, without waiting for autovacuum.
    schema_editor.execute(f"VACUUM ANALYZE {links}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    links = apps.get_model("taggit", "TaggedItem")._meta.db_table
    articles = apps.get_model("articles", "Article")._meta.db_table
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {ARTICLE_FUNCTION} ON {articles}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {ARTICLE_FUNCTION}()")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {LINK_FUNCTION} ON {links}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {LINK_FUNCTION}()")
    schema_editor.execute(f"ALTER TABLE {links} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY runs outside a transaction, and each block commits.
    atomic = False

    dependencies = [
        ("articles", "0016_list_order_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
