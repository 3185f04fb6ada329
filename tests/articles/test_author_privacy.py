"""Staff usernames and authors with nothing published never reach readers."""

import pytest
from django.test import Client

from articles.models import Article, Author
from pagecache.versions import content_changed
from tests.factories import ArticleFactory, AuthorFactory, user_with_role
from tests.support.sitemaps import sitemap_addresses

pytestmark = pytest.mark.django_db


def author_pages(author):
    base = f"/authors/{author.slug}/"
    return [base, f"{base}feed.rss", f"{base}feed.atom"]


def public_pages(client):
    """Everything a reader can fetch that might name an author."""
    pages = ["/authors/", "/articles/feed.rss", "/articles/feed.atom", "/"]
    texts = [client.get(url).content.decode() for url in pages]
    return "".join([*texts, *sitemap_addresses(client)])


# Profiles made from staff accounts ------------------------------------------------------


def write_as_author(user):
    """An author saves a new article; the admin adds their own byline."""
    client = Client()
    client.force_login(user)
    form = {
        "title": "Night shift",
        "slug": "night-shift",
        "standfirst": "Lead",
        "body": "<p>Body</p>",
        "tags": "",
        "summary": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/admin/articles/article/add/", form)
    assert response.status_code == 302
    return Article.objects.get(title="Night shift")


def test_an_authors_own_byline_uses_their_full_name():
    user = user_with_role("Author", "mkowalczyk")
    user.first_name, user.last_name = "Maria", "Kowalczyk"
    user.save()
    article = write_as_author(user)
    [byline] = article.byline_authors()
    assert byline.name == "Maria Kowalczyk"
    assert byline.user == user
    assert "mkowalczyk" not in byline.slug


def test_an_account_without_a_name_never_signs_with_its_username(client):
    user = user_with_role("Author", "jdoe_login")
    article = write_as_author(user)
    [byline] = article.byline_authors()
    assert byline.name == "Staff writer"
    assert byline.user == user  # editors still see whose byline it is
    assert "jdoe" not in byline.slug

    # Once an editor publishes it, the username appears on no public page.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    article.refresh_from_db()
    assert article.is_published
    pages = [article.get_absolute_url(), *author_pages(byline)]
    responses = [client.get(url) for url in pages]
    assert [response.status_code for response in responses] == [200, 200, 200, 200]
    text = "".join(r.content.decode() for r in responses) + public_pages(client)
    assert "Staff writer" in text
    assert "jdoe_login" not in text


# Authors with nothing published -----------------------------------------------------------


@pytest.mark.parametrize(
    "articles",
    [
        pytest.param({}, id="no-articles"),
        pytest.param({"draft": True}, id="draft-only"),
        pytest.param({"scheduled": True}, id="scheduled-only"),
    ],
)
def test_an_author_with_nothing_published_is_nowhere_public(client, articles):
    hidden = AuthorFactory(name="Quiet Colleague")
    if articles:
        ArticleFactory(authors=[hidden], **articles)
    ArticleFactory(authors=[AuthorFactory(name="Published Person")])

    listing = client.get("/authors/").content.decode()
    assert "Published Person" in listing
    assert "Quiet Colleague" not in listing
    for url in author_pages(hidden):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Quiet Colleague" not in response.content.decode()
    assert "Quiet Colleague" not in public_pages(client)
    assert hidden.slug not in public_pages(client)


def test_an_author_appears_once_an_article_is_published_and_goes_when_it_is_withdrawn(client):
    author = AuthorFactory(name="Returning Writer")
    article = ArticleFactory(authors=[author])
    assert "Returning Writer" in client.get("/authors/").content.decode()
    assert all(client.get(url).status_code == 200 for url in author_pages(author))

    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    content_changed()
    assert "Returning Writer" not in client.get("/authors/").content.decode()
    assert all(client.get(url).status_code == 404 for url in author_pages(author))


def test_authors_list_counts_only_authors_with_published_work(client):
    for n in range(3):
        AuthorFactory(name=f"Unpublished {n}")
    ArticleFactory(authors=[AuthorFactory(name="Only One")])
    response = client.get("/authors/")
    assert list(response.context["object_list"]) == list(Author.objects.filter(name="Only One"))
    assert response.context["paginator"].count == 1
