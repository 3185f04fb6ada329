"""Slugs: readable ASCII from any script, unique, and old addresses that keep working."""

import re

import pytest

from articles.models import Article
from publishing.slugs import FALLBACK_SLUG, slug_from_title
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

ASCII_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Солидарность с Украиной", "solidarnost-s-ukrainoy"),
        ("Solidarność z Łodzią", "solidarnosc-z-lodzia"),
        ("Straße der Pariser Kommune", "strasse-der-pariser-kommune"),
        ("Αλληλεγγύη", "allileggyi"),
    ],
    ids=["russian", "polish", "german", "greek"],
)
def test_slug_from_title_transliterates_to_readable_ascii(title, slug):
    assert slug_from_title(title) == slug


@pytest.mark.parametrize("title", ["!!! ??? ***", "— · —", "   ", ""])
def test_slug_from_title_falls_back_when_nothing_is_left(title):
    assert slug_from_title(title) == FALLBACK_SLUG


def test_slug_from_title_respects_max_length_without_trailing_hyphen():
    slug = slug_from_title("word " * 100, max_length=42)

    assert len(slug) <= 42
    assert ASCII_SLUG.match(slug)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Солидарность с Украиной", "solidarnost-s-ukrainoy"),
        ("Solidarność z Łodzią", "solidarnosc-z-lodzia"),
    ],
    ids=["russian", "polish"],
)
def test_article_from_non_latin_title_gets_readable_address(client, db, title, slug):
    article = ArticleFactory(title=title)

    assert article.slug == slug
    assert ASCII_SLUG.match(article.slug)
    response = client.get(f"/articles/{slug}/")
    assert response.status_code == 200
    assert title in response.content.decode()


def test_article_added_in_admin_with_empty_slug_gets_one_from_title(admin_client):
    author = AuthorFactory()

    response = admin_client.post(
        "/admin/articles/article/add/",
        {
            "title": "Солидарность с Украиной",
            "slug": "",
            "body": "<p>Text</p>",
            "status": Article.Status.DRAFT,
            "publish_at_0": "2025-03-01",
            "publish_at_1": "09:00:00",
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "0",
            "bylines-MIN_NUM_FORMS": "1",
            "bylines-MAX_NUM_FORMS": "1000",
            "bylines-0-author": str(author.pk),
            "bylines-0-order": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().slug == "solidarnost-s-ukrainoy"


def test_duplicate_titles_get_numbered_slugs(client, db):
    first = ArticleFactory(title="Solidarność z Łodzią")
    second = ArticleFactory(title="Solidarność z Łodzią")
    third = ArticleFactory(title="Solidarnosc z Lodzia")  # same slug without the diacritics

    assert [first.slug, second.slug, third.slug] == [
        "solidarnosc-z-lodzia",
        "solidarnosc-z-lodzia-2",
        "solidarnosc-z-lodzia-3",
    ]
    for article in (first, second, third):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert response.context["article"] == article


def test_long_duplicate_titles_stay_unique_within_the_field(db):
    title = ("Долгий заголовок " * 14).strip()  # 237 characters, within the title field
    first, second = ArticleFactory(title=title), ArticleFactory(title=title)

    assert first.slug != second.slug
    assert second.slug.endswith("-2")
    max_length = Article._meta.get_field("slug").max_length
    assert len(first.slug) <= max_length and len(second.slug) <= max_length


def test_all_symbol_titles_get_fallback_slugs(client, db):
    first = ArticleFactory(title="!!! ??? ***")
    second = ArticleFactory(title="★ ★ ★")

    assert first.slug == FALLBACK_SLUG
    assert second.slug == f"{FALLBACK_SLUG}-2"
    assert client.get(second.get_absolute_url()).status_code == 200


def test_other_models_get_slugs_from_non_latin_names(db):
    assert SectionFactory(name="Профсоюзы").slug == "profsoyuzy"
    assert AuthorFactory(name="Łucja Żółć").slug == "lucja-zolc"


# Old addresses ---------------------------------------------------------------------------


def change_slug(article, slug):
    """Change the slug as the admin does: on an instance loaded from the database."""
    article = Article.objects.get(pk=article.pk)
    article.slug = slug
    article.save()
    return article


def test_changed_slug_redirects_old_address_permanently(client, db):
    article = ArticleFactory(title="Strike vote")
    change_slug(article, "strike-vote-result")

    response = client.get("/articles/strike-vote/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/strike-vote-result/"
    assert client.get("/articles/strike-vote-result/").status_code == 200


def test_every_old_address_redirects_straight_to_the_current_one(client, db):
    article = ArticleFactory(title="Strike vote")
    change_slug(article, "strike-vote-result")
    change_slug(article, "strike-vote-won")

    for old in ("strike-vote", "strike-vote-result"):
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/strike-vote-won/"


def test_changing_slug_back_does_not_create_a_loop(client, db):
    article = ArticleFactory(title="Strike vote")
    change_slug(article, "strike-vote-result")
    change_slug(article, "strike-vote")

    current = client.get("/articles/strike-vote/")
    assert current.status_code == 200
    assert current.context["article"] == article

    response = client.get("/articles/strike-vote-result/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/articles/strike-vote/", 301)]


def test_old_slug_of_draft_does_not_reveal_it(client, db):
    article = ArticleFactory(title="Secret plan", draft=True)
    change_slug(article, "secret-plan-v2")

    assert client.get("/articles/secret-plan/").status_code == 404
    assert client.get("/articles/secret-plan-v2/").status_code == 404


def test_old_slug_of_scheduled_article_does_not_reveal_it(client, db):
    article = ArticleFactory(title="Embargoed statement", scheduled=True)
    change_slug(article, "embargoed-statement-final")

    assert client.get("/articles/embargoed-statement/").status_code == 404


def test_old_slug_of_unpublished_article_stops_redirecting(client, db):
    article = ArticleFactory(title="Withdrawn")
    article = change_slug(article, "withdrawn-2025")
    assert client.get("/articles/withdrawn/").status_code == 301

    article.status = Article.Status.DRAFT
    article.save()

    assert client.get("/articles/withdrawn/").status_code == 404


def test_changed_slug_redirects_even_without_reloading(client, db):
    article = ArticleFactory(title="Strike vote")
    article.slug = "strike-vote-result"
    article.save()

    assert client.get("/articles/strike-vote/").status_code == 301
