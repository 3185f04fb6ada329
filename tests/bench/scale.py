#!/usr/bin/env python3
"""Scale benchmark: the site with 100,000 articles on PostgreSQL, measured in-process.

    python3 tests/bench/scale.py [--articles 100000] [--reuse] [--rounds 10] [--only NAME]
        [--database-url postgres://postgres@127.0.0.1:5432/placard_bench_scale]

Builds the database with bulk inserts (under a minute for 100,000 articles, about four
minutes for a million on two shared cores), or with `--reuse` keeps one that already
holds that many articles, and applies any new migration either way. Then, with the page
and fragment caches off, it times with Django's test client: the sitemap index and every
sitemap it lists, pages 1, 50 and 1,000 of the public lists (articles, a section, a tag,
statements, search results), the article changelist and its search box, and the admin
home page with its dashboard. Each page is requested
`--rounds` times warm (counts and settings kept in the cache) and as many times cold (the
cache emptied before each request, as after a content change or for a crawler). Prints ms
at p50 and p95, the process's CPU ms (steadier on a shared machine) and the queries of one
request, so that two runs compare. `--only NAME` measures the pages whose name holds NAME
("sitemap", "admin", …).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/placard_bench_scale"
SEARCH_WORD = "pension"
SECTIONS = ["News", "Analysis", "Speeches", "International"]
AUTHORS = 40
TAGS = 20
STATEMENTS = 2000
PAGES = 30
EVENTS = 100
DEEP_PAGES = (1, 50, 1000)


def configure(database_url):
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
            "DATABASE_URL": database_url,
            "DATABASE_STATEMENT_TIMEOUT_MS": "0",  # the build runs long statements
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="placard-bench-static-"),
            "PLACARD_PAGE_CACHE": "off",
            "PLACARD_FRAGMENT_CACHE": "off",
            "PLACARD_TASKS": "immediate",
        }
    )
    import django

    django.setup()


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# Building ---------------------------------------------------------------------------------


def server_url(database_url):
    parts = urlsplit(database_url)
    return parts._replace(path="/postgres").geturl(), parts.path.lstrip("/")


def existing_articles(database_url):
    """How many articles the database holds, or None if it does not exist."""
    import psycopg

    admin_url, name = server_url(database_url)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            return None
    with psycopg.connect(database_url) as connection:
        try:
            return connection.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        except psycopg.errors.UndefinedTable:
            return 0


def recreate_database(database_url):
    """Drop and create the database; a session still using it makes this fail, by design."""
    import psycopg

    admin_url, name = server_url(database_url)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def insert_series(model, count, expressions):
    """INSERT … SELECT over generate_series(1, count) AS i: `expressions` gives the SQL of
    some columns (by field name, without parameters), every other field its default."""
    from django.db import connection

    columns, values, defaults = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in expressions:
            values.append(expressions[field.name])
            continue
        values.append("%s")
        default = field.get_default() if field.has_default() else None
        if default is None and not field.null:
            default = ""
        defaults.append(field.get_db_prep_save(default, connection))
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM generate_series(1, %s) AS i"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*defaults, count])


def sql_array(values):
    return "ARRAY[" + ", ".join(str(value) for value in values) + "]"


def build(articles):
    from django.contrib.auth.models import Group, User
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Author, Byline, Section
    from pages.models import Page
    from publishing.models import AuditEntry, record
    from statements.models import Statement
    from tests.bench.content import WORDS, public_meeting

    now = timezone.now()
    with transaction.atomic():
        sections = [Section.objects.create(name=name, order=i) for i, name in enumerate(SECTIONS)]
        authors = [Author.objects.create(name=f"Bench Author {i}") for i in range(AUTHORS)]
        tags = [Tag.objects.create(name=word, slug=word) for word in WORDS[:TAGS]]
        editor = User.objects.create_user("bench-editor", is_staff=True, first_name="Bench")
        editor.groups.add(Group.objects.get(name="Editor"))
    words = "ARRAY[" + ", ".join(f"'{word}'" for word in WORDS) + "]"

    def word(offset):
        return f"({words})[1 + mod(i * {offset} + {offset}, {len(WORDS)})]"

    title = f"initcap({word(1)}) || ' ' || {word(7)} || ' and the ' || {word(13)}"
    title += " || ', report ' || i"
    # One in a hundred is a draft (some waiting for review), one in 250 is scheduled.
    status = "CASE WHEN mod(i, 100) = 0 THEN 'draft' ELSE 'published' END"
    publish_at = (
        "CASE WHEN mod(i, 250) = 7 THEN now() + i * interval '1 minute' "
        "ELSE now() - i * interval '30 minutes' - interval '5 minutes' END"
    )
    log(f"inserting {articles:,} articles")
    insert_series(
        Article,
        articles,
        {
            "title": title,
            "slug": "'bench-article-' || i",
            "standfirst": f"{title} || ': a short lead shown under the title and on lists.'",
            "body": (
                f"'<p>' || {title} || ' — members met on the quay at dawn about ' || {word(3)} "
                f"|| ' and ' || {word(5)} || '.</p><h2>What comes next</h2><ul><li>A public "
                f"meeting about ' || {word(11)} || '</li><li>Letters to the port authority</li>"
                "</ul><p>We stand together, or we do not stand at all.</p>'"
            ),
            "status": status,
            "publish_at": publish_at,
            "review_state": "CASE WHEN mod(i, 300) = 0 THEN 'submitted' ELSE '' END",
            "edit_version": "1",
            "created_at": "now() - i * interval '30 minutes'",
            "updated_at": "now() - i * interval '30 minutes'",
            "created_by": f"CASE WHEN mod(i, 100) = 0 THEN {editor.pk} END",
            "section": f"({sql_array(s.pk for s in sections)})[1 + mod(i, {len(sections)})]",
            "is_highlight": "mod(i, 97) = 0",
        },
    )
    article_type = ContentType.objects.get_for_model(Article)
    author_ids, tag_ids = sql_array(a.pk for a in authors), sql_array(t.pk for t in tags)
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        log("bylines and tags")
        cursor.execute(
            f'INSERT INTO {Byline._meta.db_table} (article_id, author_id, "order") '
            f"SELECT id, ({author_ids})[1 + mod(id, {AUTHORS})], 0 FROM {table} "
            f"UNION ALL SELECT id, ({author_ids})[1 + mod(id + 7, {AUTHORS})], 1 "
            f"FROM {table} WHERE mod(id, 4) = 0"
        )
        cursor.execute(
            f"INSERT INTO {TaggedItem._meta.db_table} (tag_id, content_type_id, object_id) "
            f"SELECT DISTINCT ({tag_ids})[1 + mod(t, {TAGS})], %s, id FROM {table}, "
            "LATERAL (VALUES (id), (id * 3 + 1)) AS pair(t)",
            [article_type.pk],
        )
    log(f"{STATEMENTS:,} statements, {PAGES} pages, {EVENTS} events")
    insert_series(
        Statement,
        STATEMENTS,
        {
            "title": f"'Declaration on ' || {word(2)} || ' and ' || {word(9)} || ', ' || i",
            "slug": "'bench-statement-' || i",
            "standfirst": "'Join the declaration.'",
            "body": "'<p>We declare our solidarity with the ' || " + word(4) + " || '.</p>'",
            "status": status,
            "publish_at": "now() - i * interval '7 hours'",
            "edit_version": "1",
            "created_at": "now() - i * interval '7 hours'",
            "updated_at": "now() - i * interval '7 hours'",
            "issuing_body": "'Adopted by the conference of the network'",
            "adopted_place": "'Rome'",
        },
    )
    with transaction.atomic():
        for index in range(PAGES):
            Page.objects.create(
                title=f"About the network {index}",
                body="<p>Who we are.</p>",
                status=Page.Status.PUBLISHED,
                publish_at=now,
            )
        for index in range(EVENTS):
            public_meeting(index, now).save()
        for article in Article.objects.order_by("-pk")[:12]:
            record(editor, AuditEntry.Action.PUBLISHED, article)
    log("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare(args):
    from django.core.management import call_command
    from django.db import connections

    found = existing_articles(args.database_url)
    if args.reuse and found == args.articles:
        log(f"reusing the database with {found:,} articles")
        call_command("migrate", verbosity=1)
        return
    log("creating the database")
    connections.close_all()
    recreate_database(args.database_url)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    build(args.articles)
    log(f"built in {time.monotonic() - started:.0f} s")


# Measuring --------------------------------------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(client, url, rounds, cold):
    from django.core.cache import caches

    times, cpu = [], []
    for _ in range(rounds):
        if cold:
            for cache in caches.all():
                cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return response.status_code, times, cpu


def queries_of(client, url, cold):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold:
        for cache in caches.all():
            cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def measure(name, client, url, rounds):
    client.get(url)  # the process warmed: templates loaded, connection open
    status, cold, cold_cpu = timed(client, url, rounds, cold=True)
    _status, warm, _warm_cpu = timed(client, url, rounds, cold=False)
    return {
        "page": name,
        "status": status,
        "cold p50": percentile(cold, 0.5),
        "cold p95": percentile(cold, 0.95),
        "warm p50": percentile(warm, 0.5),
        "warm p95": percentile(warm, 0.95),
        "cold cpu p50": percentile(cold_cpu, 0.5),
        "queries cold": queries_of(client, url, cold=True),
        "queries warm": queries_of(client, url, cold=False),
    }


def sitemap_files(client):
    """The sitemaps the index lists (none if /sitemap.xml is a single sitemap)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(client.get("/sitemap.xml").content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    if root.tag != f"{namespace}sitemapindex":
        return []
    return [urlsplit(node.text) for node in root.iter(f"{namespace}loc")]


def pages_to_measure(client):
    from django.contrib.auth.models import User
    from django.test import Client
    from taggit.models import Tag

    from articles.models import Section

    section = Section.objects.order_by("order").first()
    tag = Tag.objects.get(slug=SEARCH_WORD)
    yield "sitemap.xml", client, "/sitemap.xml"
    yield "sitemap.xml?p=2", client, "/sitemap.xml?p=2"
    for location in sitemap_files(client):
        address = location.path + (f"?{location.query}" if location.query else "")
        yield f"sitemap {address}", client, address
    lists = {
        "article list": "/articles/",
        "section list": section.get_absolute_url(),
        "tag list": f"/tags/{tag.slug}/",
        "statement list": "/statements/",
        "search": f"/search/?q={SEARCH_WORD}&",
    }
    for name, url in lists.items():
        for number in DEEP_PAGES:
            joiner = "" if url.endswith("&") else "?"
            yield f"{name} p{number}", client, f"{url}{joiner}page={number}"
    editor = Client()
    editor.force_login(User.objects.get(username="bench-editor"))
    yield "changelist", editor, "/admin/articles/article/"
    yield f"admin search {SEARCH_WORD}", editor, f"/admin/articles/article/?q={SEARCH_WORD}"
    yield "admin search author", editor, "/admin/articles/article/?q=Bench+Author+27"
    yield "admin search rare", editor, "/admin/articles/article/?q=report+99999"
    yield "admin home", editor, "/admin/"


def dashboard_queries():
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from publishing.dashboard import dashboard

    editor = User.objects.get(username="bench-editor")
    with CaptureQueriesContext(connection) as captured:
        dashboard(editor)
    return len(captured)


def print_table(rows, rounds, dashboard_count):
    headings = ["page", "status", "cold p50", "cold p95", "warm p50", "warm p95", "cold cpu p50"]
    headings += ["queries cold", "queries warm"]
    print("| " + " | ".join(headings) + " |")
    print("|" + "---|" * len(headings))
    for row in rows:
        cells = [row["page"], str(row["status"])]
        cells += [f"{row[key]:.1f}" for key in headings[2:7]]
        cells += [str(row["queries cold"]), str(row["queries warm"])]
        print("| " + " | ".join(cells) + " |")
    print(f"\nms at p50/p95 over {rounds} requests each; cold: the cache emptied before each;")
    print("cpu: this process's CPU time (Django's side, without the database server's).")
    print(f"The dashboard alone (publishing.dashboard): {dashboard_count} queries.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep a database already built")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", help="measure only pages whose name contains this")
    args = parser.parse_args()
    configure(args.database_url)
    prepare(args)

    from django.test import Client
    from django.test.utils import override_settings

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rows = []
    with override_settings(STORAGES=plain_static):
        for name, client, url in pages_to_measure(Client()):
            if args.only and args.only not in name:
                continue
            log(f"{name}: {url}")
            rows.append(measure(name, client, url, args.rounds))
        print_table(rows, args.rounds, dashboard_queries())


if __name__ == "__main__":
    main()
