"""Search on PostgreSQL stems each item in its own language and reads the query in the
page's language, with `simple` (no stemming) for languages PostgreSQL has no stemmer for;
an item in another language is found by its exact words."""

import pytest
from django.db import connection
from django.utils import translation

from publishing import search
from tests.factories import ArticleFactory, StatementFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="stemming is a PostgreSQL feature"
    ),
]


def found(text, language):
    """Titles of what a search for `text` finds on a page in `language`, with snippets."""
    terms = search.clean_query(text)[1]
    with translation.override(language):
        rows = search.matching_rows(text, terms, None, None, None, 0, 20)
        results = search.load_results(rows, text, terms)
    return {result.object.title: str(result.snippet) for result in results}


@pytest.fixture
def corpus():
    return {
        "es": ArticleFactory(
            language="es",
            title="Vivienda digna para todos",
            standfirst="Una campaña de los inquilinos.",
            body="<p>La campaña empieza el lunes en todos los barrios.</p>",
        ),
        "ru": StatementFactory(
            language="ru",
            title="Солидарность с портовиками",
            standfirst="",
            summary="",
            body="<p>Забастовка докеров продолжается третью неделю.</p>",
        ),
        "uk": ArticleFactory(
            language="uk",
            title="Страйк шахтарів",
            standfirst="Шахтарі вимагають безпеки.",
            body="<p>Профспілка підтримує страйк.</p>",
        ),
        "en": ArticleFactory(
            language="en-gb",
            title="Harbour pilots strike for safety",
            standfirst="A report.",
            body="<p>The pilots walked out on Monday.</p>",
        ),
    }


def test_a_spanish_plural_finds_the_singular_in_a_spanish_item(corpus):
    results = found("campañas", "es")
    assert list(results) == ["Vivienda digna para todos"]
    assert "<mark>campaña</mark>" in results["Vivienda digna para todos"]
    # Read with English stemming the plural is another word: the item was indexed in Spanish.
    assert found("campañas", "en-gb") == {}


def test_russian_stemming_finds_other_forms_of_a_word(corpus):
    assert list(found("забастовки", "ru")) == ["Солидарность с портовиками"]
    assert list(found("докера", "ru")) == ["Солидарность с портовиками"]


def test_ukrainian_is_matched_word_for_word(corpus):
    assert list(found("шахтарів", "uk")) == ["Страйк шахтарів"]
    assert list(found("страйк", "uk")) == ["Страйк шахтарів"]
    # No Ukrainian stemmer: another form of the word is another word.
    assert found("шахтар", "uk") == {}


def test_english_still_stems(corpus):
    assert list(found("striking pilot", "en-gb")) == ["Harbour pilots strike for safety"]
    assert found("striking pilot", "uk") == {}


def test_an_item_in_another_language_is_found_by_its_exact_words(corpus):
    # On an English page, the Ukrainian item's own words (indexed as they are).
    assert list(found("шахтарів", "en-gb")) == ["Страйк шахтарів"]
    # An exclusion is read in the page's language alone: "-strikes" leaves out "strike".
    assert "Harbour pilots strike for safety" not in found("pilots -strikes", "en-gb")
    assert "Harbour pilots strike for safety" in found("pilots -vivienda", "en-gb")


def plan_of(queryset, *settings):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_queries_read_the_stored_words(corpus):
    with translation.override("es"):
        ranked = search.matches("campañas", [], kinds=["article"])
        counted = search.matches("campañas", [], kinds=["article"], fields=("kind_order", "pk"))
    # Matching and ranking read each row's stored words, never stem its text again (which
    # plan finds the candidates depends on the table's size: tests/bench/scale.py).
    for plan in (plan_of(ranked), plan_of(counted)):
        assert "search_words @@" in plan
        assert "to_tsvector(CASE" not in plan
    assert "ts_rank(articles_article.search_words" in plan_of(ranked)


def test_every_searched_table_keeps_its_words_indexed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes")
        indexes = dict(cursor.fetchall())
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        triggers = {name for (name,) in cursor.fetchall()}
    for item in search.searchables():
        table = item.model_class._meta.db_table
        assert "(search_words)" in indexes[f"{table}_words_idx"]
        assert f"{table}_search_words" in triggers
        assert f"{table}_lang_search_idx" not in indexes  # searches no longer use it


def test_stored_words_follow_edits(corpus):
    article = corpus["en"]
    article.title = "Dockers strike"
    article.save()
    assert list(found("dockers", "en-gb")) == ["Dockers strike"]
    assert found("harbour", "en-gb") == {}
    assert list(found("walking", "en-gb")) == ["Dockers strike"]  # "walked", stemmed
    article.language = "uk"
    article.save()
    # Now read word for word (no Ukrainian stemmer): "walked" no longer stems to "walk".
    assert found("walking", "en-gb") == {}
    assert list(found("walked", "en-gb")) == ["Dockers strike"]
