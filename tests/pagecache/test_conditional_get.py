"""Conditional GET on cached pages: `ETag` and `Last-Modified` give 304 answers until the
content changes."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Dockers win their pay claim")


def validators(client, url):
    first = client.get(url)
    second = client.get(url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert first["ETag"] == second["ETag"] and first["Last-Modified"] == second["Last-Modified"]
    return second["ETag"], second["Last-Modified"]


def test_if_none_match_gets_an_empty_304(client, article):
    etag, _ = validators(client, article.get_absolute_url())
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_gets_an_empty_304(client, article):
    _, last_modified = validators(client, article.get_absolute_url())
    response = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304
    assert response.content == b""


def test_a_changed_article_answers_the_old_validators_in_full(client, article):
    url = article.get_absolute_url()
    etag, last_modified = validators(client, url)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        article.title = "Dockers win their pay claim in full"
        article.save()
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=etag)
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert by_etag.status_code == 200
    assert "Dockers win their pay claim in full" in by_etag.content.decode()
    assert by_etag["ETag"] != etag
    assert by_date.status_code == 200
    assert "Dockers win their pay claim in full" in by_date.content.decode()


def test_the_validators_are_not_shared_between_pages(client, article):
    etag, _ = validators(client, article.get_absolute_url())
    other = ArticleFactory(title="Another story")
    response = client.get(other.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Another story" in response.content.decode()
