"""Rich text too large or nested too deeply is refused before it is parsed, on every save
path, and stored text is cleaned on output once per process, not on every request."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils.html import escape

from articles.models import Article
from pagecache.versions import content_changed
from richtext import sanitizer
from richtext.limits import check_rich_text, nesting_depth
from tests.factories import ArticleFactory, AuthorFactory
from tests.richtext.test_sanitizer import add_article_form

# The body of the report: 20,000 lists nested inside each other, 160 KB. Cleaning it took
# 20.9 s per save and about 30 s per uncached feed request.
HOSTILE_BODY = "<ul><li>" * 20_000 + "deep" + "</li></ul>" * 20_000
# What real articles do: lists inside quotes inside lists, ten levels, well below the limit.
NESTED_ARTICLE = (
    "<blockquote>" + "<ul><li><p>point</p>" * 10 + "</li></ul>" * 10 + "</blockquote>"
    "<p><strong><em><a href='https://example.org/'>read</a></em></strong></p>"
)


@pytest.fixture(autouse=True)
def _empty_output_memo():
    sanitizer.output_memo.clear()
    yield
    sanitizer.output_memo.clear()


@pytest.fixture
def cleaner_calls(monkeypatch):
    """How many times the sanitiser really parsed a text."""
    calls = []
    real = sanitizer._cleaner

    class CountingCleaner:
        def clean(self, html):
            calls.append(html)
            return real.clean(html)

    monkeypatch.setattr(sanitizer, "_cleaner", CountingCleaner())
    return calls


def test_admin_refuses_deeply_nested_body_keeping_what_was_typed(admin_client):
    author = AuthorFactory()
    started = time.monotonic()

    response = admin_client.post(
        "/admin/articles/article/add/", add_article_form(author, HOSTILE_BODY)
    )

    assert time.monotonic() - started < 5  # was over 20 s
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "nested too deeply (more than 100 levels" in str(form.errors["body"])
    assert "nested too deeply" in response.content.decode()
    assert form["body"].value() == HOSTILE_BODY
    assert escape(HOSTILE_BODY[:400]) in response.content.decode()
    assert not Article.objects.exists()


@override_settings(PLACARD_RICHTEXT_MAX_BYTES=2048)
def test_admin_refuses_body_over_the_size_limit(admin_client):
    body = "<p>" + "Solidarity. " * 400 + "</p>"

    response = admin_client.post(
        "/admin/articles/article/add/", add_article_form(AuthorFactory(), body)
    )

    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["body"])
    assert "5 KB of HTML, and the limit is 2 KB" in errors
    assert not Article.objects.exists()


def test_admin_accepts_real_nesting(admin_client):
    response = admin_client.post(
        "/admin/articles/article/add/", add_article_form(AuthorFactory(), NESTED_ARTICLE)
    )

    assert response.status_code == 302
    assert Article.objects.get().body.count("<li>") == 10


def test_save_from_code_refuses_deep_body_and_stores_nothing(db):
    started = time.monotonic()

    with pytest.raises(ValidationError, match="nested too deeply"):
        ArticleFactory(body=HOSTILE_BODY)

    assert time.monotonic() - started < 5
    assert not Article.objects.exists()


def test_changing_a_body_from_code_to_a_deep_one_keeps_the_stored_body(db):
    article = ArticleFactory(body="<p>Original.</p>")
    article.body = HOSTILE_BODY

    with pytest.raises(ValidationError):
        article.save()

    assert Article.objects.get(pk=article.pk).body == "<p>Original.</p>"


# Markup a parser nests deeper than a naive count of opening and closing tags says: each
# repeats a piece whose closing tags the parser ignores (or never sees as tags).
TRICKS = {
    "closing tags in an attribute": '<ul><li><a title="</a></li></ul>">',
    "closing tags in a comment": "<ul><li><!-- </li></ul> -->",
    "stray closing tag in a table cell": "<ul><li><table><td></ul>",
    "stray closing tag in a select box": "<ul><li><select></ul></li><select>",
    "closing tags in a script": "<ul><li><script><!--<script></script></li></ul></script>",
    "closing tags after a style's comment": "<style><!--</style><ul><li><style>-->",
    "closing tags in CDATA": "<ul><svg><![CDATA[></svg></ul>]]>",
}


@pytest.mark.parametrize("piece", TRICKS.values(), ids=TRICKS.keys())
def test_tricks_that_hide_nesting_are_refused(piece):
    with pytest.raises(ValidationError, match="nested too deeply"):
        check_rich_text(piece * 200)


def test_depth_counts_what_a_parser_builds():
    assert nesting_depth("<p>one<p>two<p>three") == 1  # a paragraph closes the last
    assert nesting_depth("<ul><li>a<li>b</ul><ul><li>c</li></ul>") == 2
    assert nesting_depth("<svg><path/><path d='1'/></svg>") == 2
    assert nesting_depth(NESTED_ARTICLE) == 22


def test_tag_count_is_bounded_whatever_the_nesting():
    with pytest.raises(ValidationError, match="too much formatting"):
        check_rich_text("<b>x</b>" * 20_001)


def test_article_page_and_feeds_clean_a_stored_body_once(client, db, cleaner_calls):
    article = ArticleFactory(body="<p>Stored <strong>once</strong>.</p>")
    cleaner_calls.clear()

    pages = [client.get(article.get_absolute_url(), {"r": n}) for n in range(3)]
    feeds = [client.get("/articles/feed.rss", {"r": n}) for n in range(3)]

    assert all(response.status_code == 200 for response in pages + feeds)
    assert "Stored <strong>once</strong>." in pages[2].content.decode()
    assert "Stored &lt;strong&gt;once&lt;/strong&gt;." in feeds[2].content.decode()
    assert cleaner_calls.count(article.body) == 1


def test_changed_body_is_cleaned_again(client, db, cleaner_calls):
    article = ArticleFactory(body="<p>First.</p>")
    client.get("/articles/feed.rss")
    Article.objects.filter(pk=article.pk).update(body="<p>Second<script>x()</script>.</p>")
    content_changed()  # as every `.update()` path must (junk parameters no longer bypass)

    response = client.get("/articles/feed.rss")

    assert "Second." in response.content.decode()
    assert "x()" not in response.content.decode()
    assert "<p>Second<script>x()</script>.</p>" in cleaner_calls


def test_hostile_body_stored_before_the_limits_is_shown_as_plain_text(client, db):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(body=HOSTILE_BODY.replace("deep", "<b>deep</b>"))
    started = time.monotonic()

    page = client.get(article.get_absolute_url())
    feed = client.get("/articles/feed.rss", {"r": 7})

    assert time.monotonic() - started < 5  # was about 30 s per request
    assert page.status_code == 200 and feed.status_code == 200
    assert "<p>deep</p>" in page.content.decode()
    assert "<ul>" not in page.content.decode().split("article__body")[1]
