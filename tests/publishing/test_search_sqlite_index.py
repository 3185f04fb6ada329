"""Search through SQLite's trigram index: what readers find while editors write, and
queries that could be read as the index's own syntax.

The index only narrows which rows are read (`publishing.search._simple_matches`), so the
behaviour tests run on PostgreSQL too: readers must see the same there. The tests of the
index itself (its query plan, its upkeep, the way back without it) are SQLite's.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from publishing import search, sqlite_search
from publishing.prepared import forget_compiled
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ON_SQLITE = connection.vendor == "sqlite"
sqlite_only = pytest.mark.skipif(not ON_SQLITE, reason="the trigram index is SQLite's")
ARTICLES_INDEX = sqlite_search.search_index_table(Article._meta.db_table)


@pytest.fixture(autouse=True)
def _fresh_search(settings):
    """Every search compiled anew, each test's changes seen at once."""
    settings.PLACARD_PAGE_CACHE = False
    sqlite_search.forget_search_indexes()
    forget_compiled()
    yield
    sqlite_search.forget_search_indexes()
    forget_compiled()


def indexed():
    """The content tables whose trigram index searches use."""
    return sqlite_search.indexed_tables(search._searched_tables())


def titles(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [
        line.split(">", 1)[1].split("<", 1)[0]
        for line in response.content.decode().split('<h2 class="card__title"><a href=')[1:]
    ]


def matching(query):
    """The first page of articles matching `query`, and the SQL that found them."""
    _text, terms = search.clean_query(query)
    with CaptureQueriesContext(connection) as queries:
        found = search.matching_rows(query, terms, ["article"], None, None, 0, 20)
    (sql,) = [q["sql"] for q in queries.captured_queries if "kind_order" in q["sql"]]
    return found, sql


def plan_of(query):
    """SQLite's plan of `query`, its steps joined by " / "."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {query}")
        return " / ".join(row[-1] for row in cursor.fetchall())


def article(title, body, **kwargs):
    return ArticleFactory(title=title, standfirst="A short lead.", body=f"<p>{body}</p>", **kwargs)


def test_a_word_only_in_the_text_is_found(client):
    article("Weekly bulletin", "The old lighthouse keeper retired.")
    article("Gardening tips", "Roses and tulips.")
    assert titles(client, "lighthouse") == ["Weekly bulletin"]
    assert titles(client, "LightHouse keeper") == ["Weekly bulletin"]


def test_an_edited_text_is_found_by_its_new_words_only(client):
    item = article("Weekly bulletin", "The old lighthouse keeper retired.")
    assert titles(client, "lighthouse") == ["Weekly bulletin"]
    item.body = "<p>The breakwater was repaired.</p>"
    item.save()
    assert titles(client, "breakwater") == ["Weekly bulletin"]
    assert titles(client, "keeper") == []


def test_deleted_and_unpublished_items_are_not_found(client):
    gone = article("Removed notice", "A notice about the lighthouse.")
    hidden = article("Withdrawn notice", "Another notice about the lighthouse.")
    kept = article("Kept notice", "A third lighthouse notice.")
    assert sorted(titles(client, "lighthouse")) == [
        "Kept notice",
        "Removed notice",
        "Withdrawn notice",
    ]
    gone.delete()
    hidden.status = Article.Status.DRAFT
    hidden.save()
    assert titles(client, "notice lighthouse") == [kept.title]


def test_title_matches_still_rank_above_text_matches(client):
    now = timezone.now()
    article("Lighthouse reopens", "Visitors welcome.", publish_at=now - timedelta(days=5))
    article(
        "Weekly bulletin", "The lighthouse reopens on Monday.", publish_at=now - timedelta(days=1)
    )
    article("Older bulletin", "Repairs at the lighthouse.", publish_at=now - timedelta(days=9))
    assert titles(client, "lighthouse") == [
        "Lighthouse reopens",
        "Weekly bulletin",
        "Older bulletin",
    ]


def test_a_two_letter_word_is_still_searched(client):
    article("Farm notes", "The ox pulls the cart.")
    article("Gardening tips", "Roses and tulips.")
    assert titles(client, "ox") == ["Farm notes"]
    assert titles(client, "ox cart") == ["Farm notes"]


@pytest.mark.parametrize(
    "query",
    [
        '"foo" OR bar*',
        "NEAR(",
        "NEAR(foo bar, 2)",
        "foo AND NOT bar",
        "title:foo",
        "body : foo",
        "^foo",
        "{title body}:foo",
        'foo"bar',
        '"""',
        "foo'bar \"'",
        "foo* + bar*",
    ],
)
def test_queries_in_the_index_syntax_are_read_as_words(client, query):
    article("Foo and bar", "The foo met the bar, for now.")
    article("Gardening tips", "Roses and tulips.")
    found = titles(client, query)
    assert "Gardening tips" not in found


def test_operators_are_searched_as_words(client):
    article("Foo and bar", "The foo met the bar, for now.")
    article("Bar only", "A bar.")
    article("Near the harbour", "Boats.")
    # "or" is in "for"; on PostgreSQL it is an OR of the two words.
    assert "Foo and bar" in titles(client, '"foo" OR bar*')
    assert titles(client, "NEAR(") == ["Near the harbour"]


def test_apostrophes_and_hyphens_stay_in_words(client):
    article("O'Brien's anti-war speech", "Read it here.")
    assert titles(client, "o'brien's anti-war") == ["O&#39;Brien&#39;s anti-war speech"]


@sqlite_only
def test_the_search_looks_the_word_up_in_the_index():
    article("Weekly bulletin", "The old lighthouse keeper retired.")
    found, query = matching("lighthouse")
    assert len(found) == 1
    plan = plan_of(query)
    assert f"SCAN {ARTICLES_INDEX} VIRTUAL TABLE" in plan
    assert "SCAN articles_article " not in f"{plan} "


@sqlite_only
def test_rows_the_index_finds_are_read_by_their_keys():
    """Not every published row walked by date and checked against the index's keys: the
    few rows found are read by key, then checked for being published."""
    article("Weekly bulletin", "The old lighthouse keeper retired.")
    article("Draft notes", "The lighthouse again.", draft=True)
    article("Gardening tips", "Roses.")
    found, query = matching("lighthouse")
    assert len(found) == 1
    plan = plan_of(query)
    assert "SEARCH articles_article USING INTEGER PRIMARY KEY" in plan
    assert "article_newest_idx" not in plan


@sqlite_only
def test_tagged_items_are_read_by_the_tags_that_match():
    """The tags whose name holds the word are found first, then only their items: not
    every tagged item of the kind, each checked for its tag (0.36 ms of 4,000 tags, twice
    a kind, even when no tag matches)."""
    article("Weekly bulletin", "Nothing else.").tags.add("Pensions")
    article("Gardening tips", "Roses.").tags.add("Gardens")
    found, query = matching("pension")
    assert len(found) == 1
    plan = plan_of(query)
    assert "(tag_id=?)" in plan
    assert "(content_type_id=?)" not in plan


@sqlite_only
def test_a_number_is_looked_up_with_the_longest_word_and_decides_without_the_text(client):
    """A number is in few texts: it is looked up in the index together with the longest
    word, so the rows holding the word are not all read through by LIKE for the number."""
    long_text = " ".join(["The committee met again and talked about solidarity."] * 400)
    article("Motion 1625 carried", long_text)
    article("Harbour notes", long_text)
    article("Solidarity fund", "Motion 1625 on the agenda.", draft=True)
    found, query = matching("solidarity 1625")
    assert len(found) == 1
    assert "replace('1625'" in query  # looked up in the index, with the word
    assert "SEARCH articles_article USING INTEGER PRIMARY KEY" in plan_of(query)
    assert titles(client, "solidarity 1625") == ["Motion 1625 carried"]
    assert titles(client, "solidarity 1626") == []


@sqlite_only
def test_words_looked_up_together_may_each_be_in_the_tags_instead(client):
    article("Weekly bulletin", "Solidarity with the strikers.").tags.add("Motion 1625")
    article("Motion 1625", "Carried unanimously.").tags.add("Solidarity")
    article("Unrelated", "Solidarity again.").tags.add("Motion 1626")
    article("Half tagged", "Nothing about it.").tags.add("Solidarity")
    tagged_both = article("Tagged twice", "Nothing in the text.")
    tagged_both.tags.add("Solidarity", "Motion 1625")
    assert sorted(titles(client, "solidarity 1625")) == [
        "Motion 1625",
        "Tagged twice",
        "Weekly bulletin",
    ]
    assert titles(client, "solidarity 1625 strikers") == ["Weekly bulletin"]


@sqlite_only
def test_short_words_are_not_looked_up_in_the_index():
    _text, terms = search.clean_query("ox")
    with CaptureQueriesContext(connection) as queries:
        search.matching_rows("ox", terms, ["article"], None, None, 0, 20)
    assert ARTICLES_INDEX not in "".join(q["sql"] for q in queries.captured_queries)


@sqlite_only
def test_the_index_only_narrows_what_like_finds(client):
    item = article("Canal notes", "Work on the ÉCLUSE starts today.")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {ARTICLES_INDEX} WHERE {ARTICLES_INDEX} MATCH 'écluse'")
        assert cursor.fetchall() == [(item.pk,)]  # the index folds case beyond ASCII
    # SQLite's LIKE, which decides, does not: the same results as without the index.
    assert titles(client, "écluse") == []


@sqlite_only
def test_an_ascii_word_is_decided_by_the_index_without_reading_the_text(client):
    """The index folds ASCII's case as LIKE does: for such a word its rows are the answer,
    and no text is read again, however long. A word with other letters is still checked
    by LIKE (see above)."""
    long_text = " ".join(["The committee met again and talked for hours."] * 400)
    article("Docks report", f"{long_text} Then the pension question came up.")
    article("Harbour notes", long_text)
    article("PENSION rights", "Short.")
    found, query = matching("pension")
    assert len(found) == 2
    assert '"articles_article"."body" LIKE' not in query
    assert titles(client, "pension") == ["PENSION rights", "Docks report"]
    assert titles(client, "Écluse") == []
    found, query = matching("écluse")
    assert '"articles_article"."body" LIKE' in query


@sqlite_only
def test_the_index_reads_the_long_s_as_an_s(client):
    """The one way the index finds more than LIKE for an ASCII word: it folds the long s
    (and the Kelvin sign) into ASCII letters. Such a text is found, its snippet taken from
    its start."""
    article("Old print", "A ſtrike of the dockers.")
    assert titles(client, "strike") == ["Old print"]


def test_letters_match_in_either_case(client):
    article("PENSION Fund news", "Trustees met.")
    article("Pensioners' club", "Tea on Tuesdays.")
    assert titles(client, "pension fund") == ["PENSION Fund news"]
    assert titles(client, "Pension FUND") == ["PENSION Fund news"]


@sqlite_only
def test_an_underscore_matches_only_itself(client):
    # PostgreSQL reads "half_price" as two words; SQLite matches the text as typed.
    article("Half_price tickets", "For members.")
    article("Half price tickets", "For everyone.")
    assert titles(client, "half_price") == ["Half_price tickets"]


@sqlite_only
def test_the_search_gives_sqlite_no_pattern_to_plan_again(client):
    """SQLite plans a statement again on each run when a LIKE pattern is a bare
    parameter: the patterns are given as `+?`, which it does not take for one."""
    article("Weekly bulletin", "The old lighthouse keeper retired.")
    with CaptureQueriesContext(connection) as queries:
        assert titles(client, "lighthouse keeper") == ["Weekly bulletin"]
    (query,) = [q["sql"] for q in queries.captured_queries if "kind_order" in q["sql"]]
    assert " LIKE +'%keeper%'" in query  # the query as run, with its values
    assert " LIKE '" not in query


def _integrity_check(table):
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


@sqlite_only
def test_the_index_keeps_in_step_with_every_change():
    first = article("Weekly bulletin", "The old lighthouse keeper retired.")
    second = article("Farm notes", "The ox pulls the cart.")
    first.body = "<p>The breakwater was repaired.</p>"
    first.save()
    second.status = Article.Status.DRAFT  # the words unchanged: the index left as it is
    second.save()
    Article.objects.filter(pk=second.pk).update(title="Farm notes again")
    first.delete()
    _integrity_check(ARTICLES_INDEX)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {ARTICLES_INDEX} WHERE {ARTICLES_INDEX} MATCH 'again'")
        assert cursor.fetchall() == [(second.pk,)]


class _Editor:
    """What the migration's functions use of a schema editor (a real one refuses to work
    inside the test's transaction on SQLite)."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _index_operation():
    (operation,) = sqlite_search.sqlite_search_index_operations(
        "articles.Article", Article.search_fields
    )
    return operation


@sqlite_only
def test_the_migration_can_be_undone_and_done_again(client):
    article("Weekly bulletin", "The old lighthouse keeper retired.")
    operation = _index_operation()
    operation.reverse_code(apps, _Editor())
    sqlite_search.forget_search_indexes()
    forget_compiled()
    assert Article._meta.db_table not in indexed()
    assert titles(client, "lighthouse") == ["Weekly bulletin"]  # read row by row

    operation.code(apps, _Editor())  # fills the index with what is there
    sqlite_search.forget_search_indexes()
    forget_compiled()
    assert Article._meta.db_table in indexed()
    _integrity_check(ARTICLES_INDEX)
    assert titles(client, "lighthouse") == ["Weekly bulletin"]


@sqlite_only
def test_an_index_without_its_triggers_is_not_used(client):
    item = article("Weekly bulletin", "The old lighthouse keeper retired.")
    with connection.cursor() as cursor:
        # What rebuilding the table in a later migration would do.
        cursor.execute(f"DROP TRIGGER {ARTICLES_INDEX}_au")
    sqlite_search.forget_search_indexes()
    forget_compiled()
    item.body = "<p>The breakwater was repaired.</p>"
    item.save()  # the index is now behind
    assert titles(client, "breakwater") == ["Weekly bulletin"]
    assert titles(client, "lighthouse") == []


@sqlite_only
def test_without_fts5_searches_read_every_row(client, monkeypatch):
    monkeypatch.setattr(sqlite_search, "sqlite_trigram_available", lambda connection: False)
    sqlite_search.forget_search_indexes()
    forget_compiled()
    article("Weekly bulletin", "The old lighthouse keeper retired.")
    with CaptureQueriesContext(connection) as queries:
        assert titles(client, "lighthouse") == ["Weekly bulletin"]
    assert ARTICLES_INDEX not in "".join(q["sql"] for q in queries.captured_queries)


@sqlite_only
def test_every_searched_table_is_indexed_after_the_migrations():
    """A later migration that rebuilds a content table drops its triggers, and searches
    quietly read every row again: such a migration must make the index anew
    (`sqlite_search_index_operations`)."""
    assert indexed() == search._searched_tables()
