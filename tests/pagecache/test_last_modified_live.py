"""`If-Modified-Since` under gunicorn, as in production (two workers, each with a page
cache of its own): after an author is renamed, every worker answers a conditional GET
made with the old `Last-Modified` with the new page, though the article itself was not
saved, and answers the new `Last-Modified` with a 304."""

import time

import pytest
from django.db import connection
from django.utils.http import parse_http_date

from tests.factories import ArticleFactory, AuthorFactory
from tests.support.live import Gunicorn, collect_static, database_url, fetch, production_env

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_KEY = "last-modified-live-test-only-not-a-secret-" + "k" * 20
# Enough requests that both workers answer some, and each has its own copy cached.
ROUNDS = 8


def test_every_worker_answers_an_old_if_modified_since_with_the_renamed_byline(tmp_path):
    author = AuthorFactory(name="Maria Kowalczyk")
    article = ArticleFactory(title="Dockers win their pay claim", authors=[author])
    env = production_env(
        tmp_path, SECRET_KEY, database_url(connection.settings_dict),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
    )  # fmt: skip
    collect_static(env)
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2)
    url = article.get_absolute_url()
    try:
        server.start("/robots.txt")
        before = [fetch(server.url, url) for _ in range(ROUNDS)]
        time.sleep(1.1)  # `Last-Modified` counts whole seconds
        author.name = "Maria Kowalczyk-Nowak"
        author.save()  # committed: the test's database is the server's
        old = before[-1].headers["Last-Modified"]
        after = [fetch(server.url, url, headers={"If-Modified-Since": old}) for _ in range(ROUNDS)]
        new = after[-1].headers["Last-Modified"]
        again = [fetch(server.url, url, headers={"If-Modified-Since": new}) for _ in range(ROUNDS)]
    finally:
        server.stop()
    assert {answer.status for answer in before} == {200}
    assert {answer.headers["X-Page-Cache"] for answer in before} >= {"hit"}
    assert len({answer.headers["Last-Modified"] for answer in before}) == 1  # both workers
    assert {answer.status for answer in after} == {200}, "a 304 for a changed page"
    assert all("Maria Kowalczyk-Nowak" in answer.text for answer in after)
    assert parse_http_date(new) > parse_http_date(old)
    assert {answer.status for answer in again} == {304}
