"""Tags in any script or in symbols get readable slugs, like titles, and a tag without a
slug never breaks a page (the first "Солидарность" tag made every article carrying it
answer 500)."""

import importlib

from django.apps import apps
from taggit.models import Tag

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory
from tests.richtext.test_sanitizer import add_article_form

tag_slugs_migration = importlib.import_module("publishing.migrations.0003_tag_slugs")


def test_admin_tags_in_cyrillic_and_symbols_get_transliterated_slugs(admin_client, client):
    response = admin_client.post(
        "/admin/articles/article/add/",
        add_article_form(AuthorFactory(), "<p>Body.</p>", tags="Солидарность, ✊"),
    )
    assert response.status_code == 302

    assert dict(Tag.objects.values_list("name", "slug")) == {
        "Солидарность": "solidarnost",
        "✊": "fist",
    }
    client.logout()
    page = client.get(Article.objects.get().get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert '<a href="/tags/solidarnost/">Солидарность</a>' in html
    assert '<a href="/tags/fist/">✊</a>' in html
    tag_page = client.get("/tags/solidarnost/")
    assert tag_page.status_code == 200
    assert "Marching orders" in tag_page.content.decode()


def test_tag_from_code_gets_a_transliterated_slug(db):
    article = ArticleFactory()
    article.tags.add("Łódź strike", "中文")

    assert set(Tag.objects.values_list("slug", flat=True)) == {"lodz-strike", "zhongwen"}


def test_tag_slugs_stay_unique(db):
    Tag.objects.create(name="Solidarnost")
    ArticleFactory(tags=["Солидарность", "★", "★★"])

    assert Tag.objects.get(name="Солидарность").slug == "solidarnost-2"
    # Nothing to transliterate: a plain word rather than an empty slug.
    assert Tag.objects.get(name="★").slug == "tag"
    assert Tag.objects.get(name="★★").slug == "tag-2"


def test_a_chosen_slug_is_kept(db):
    assert Tag.objects.create(name="Солидарность", slug="solidarity").slug == "solidarity"


def test_article_with_a_tag_without_slug_still_shows(client, db):
    article = ArticleFactory(tags=["Солидарность"])
    Tag.objects.update(slug="")  # as stored before tags got transliterated slugs

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<li>Солидарность</li>" in response.content.decode()


def test_migration_gives_empty_slugs_a_transliterated_one(db):
    ArticleFactory(tags=["Солидарность", "✊"])
    Tag.objects.filter(name="Солидарность").update(slug="")

    tag_slugs_migration.fill_empty_tag_slugs(apps, None)

    assert dict(Tag.objects.values_list("name", "slug")) == {
        "Солидарность": "solidarnost",
        "✊": "fist",
    }
