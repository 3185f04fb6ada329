"""The editors' admin: lists, forms, bulk actions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def article_form(author, **overrides):
    now = timezone.localtime()
    data = {
        "title": "Dockers vote to strike",
        "slug": "dockers-vote-to-strike",
        "standfirst": "A short lead.",
        "body": "<p>Text</p>",
        "status": "published",
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "tags": "pay, strikes",
        "summary": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": str(author.pk),
        "bylines-0-order": "0",
    }
    data.update(overrides)
    return data


def test_changelist_shows_status_section_and_authors(admin_client):
    ArticleFactory(title="Live one", authors=[AuthorFactory(name="Sam Okafor")])
    ArticleFactory(title="Later one", scheduled=True)
    ArticleFactory(title="Unfinished", draft=True)
    page = admin_client.get("/admin/articles/article/").content.decode()
    for text in ["Live one", "Sam Okafor", "Scheduled", "Draft", "Published"]:
        assert text in page
    assert (
        admin_client.get("/admin/articles/article/?q=Okafor")
        .content.decode()
        .count('class="field-title"')
        == 1
    )
    assert admin_client.get("/admin/articles/article/?status__exact=draft").status_code == 200


def test_add_article_with_authors_tags_and_schedule(admin_client, admin_user):
    author = AuthorFactory()
    section = SectionFactory()
    response = admin_client.post(
        "/admin/articles/article/add/", article_form(author, section=str(section.pk))
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.byline_authors() == [author]
    assert sorted(tag.name for tag in article.tags.all()) == ["pay", "strikes"]
    assert article.created_by == admin_user == article.updated_by
    assert article.is_published


def test_a_bad_submission_keeps_what_the_editor_typed(admin_client):
    author = AuthorFactory()
    image = ImageFactory()
    body = "<p>Three paragraphs of careful prose.</p>"
    response = admin_client.post(
        "/admin/articles/article/add/",
        article_form(author, body=body, lead_image=str(image.pk), title="Kept title"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Describe the lead image for people who cannot see it" in page
    assert "Kept title" in page
    assert "Three paragraphs of careful prose." in page
    assert Article.objects.count() == 0


def test_at_least_one_author_is_required(admin_client):
    author = AuthorFactory()
    data = article_form(author, **{"bylines-0-author": ""})
    response = admin_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert Article.objects.count() == 0


def test_the_same_author_twice_is_refused(admin_client):
    author = AuthorFactory()
    data = article_form(
        author,
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-author": str(author.pk),
            "bylines-1-order": "1",
        },
    )
    response = admin_client.post("/admin/articles/article/add/", data)
    assert "Please correct the duplicate data for author" in response.content.decode()
    assert Article.objects.count() == 0


def test_bulk_publish_and_unpublish(admin_client):
    drafts = [ArticleFactory(draft=True) for _ in range(2)]
    future = ArticleFactory(draft=True, publish_at=timezone.now() + timedelta(days=2))
    ids = [str(article.pk) for article in [*drafts, future]]
    response = admin_client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": ids},
        follow=True,
    )
    assert "3 items published." in response.content.decode()
    assert Article.objects.published().count() == 2
    assert Article.objects.scheduled().count() == 1
    admin_client.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": ids})
    assert Article.objects.drafts().count() == 3


def test_view_on_site_and_autocomplete(admin_client):
    article = ArticleFactory()
    page = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "View on site" in page
    assert 'data-tag-autocomplete="true"' in page
    assert "admin-autocomplete" in page
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "Au"},
    )
    assert response.status_code == 200
    assert response.json()["results"]


def test_site_settings_is_one_record(admin_client):
    response = admin_client.get("/admin/publishing/sitesettings/")
    assert response.status_code == 302
    assert response["Location"].endswith("/admin/publishing/sitesettings/1/change/")
    form = admin_client.get(response["Location"])
    assert form.status_code == 200
    assert "Add site settings" not in form.content.decode()
    data = {
        "name": "Harbour Network",
        "tagline": "Together",
        "about": "<p>About us</p>",
        "contact_email": "hello@example.org",
        "footer_text": "Footer words",
        "social_links-TOTAL_FORMS": "1",
        "social_links-INITIAL_FORMS": "0",
        "social_links-MIN_NUM_FORMS": "0",
        "social_links-MAX_NUM_FORMS": "1000",
        "social_links-0-label": "Mastodon",
        "social_links-0-url": "https://social.example/@harbour",
        "social_links-0-order": "0",
    }
    assert admin_client.post(response["Location"], data).status_code == 302
    home = admin_client.get("/").content.decode()
    for text in ["Harbour Network", "Together", "Footer words", "https://social.example/@harbour"]:
        assert text in home


def titles_found(client, query):
    response = client.get("/admin/articles/article/", {"q": query})
    assert response.status_code == 200
    return {article.title for article in response.context["cl"].result_list}


def test_the_search_box_finds_words_by_their_start_in_title_lead_and_bylines(admin_client):
    ArticleFactory(title="Pension fund vote", authors=[AuthorFactory(name="Ana Reyes")])
    ArticleFactory(title="Harbour strike", authors=[AuthorFactory(name="Sam Okafor")])
    ArticleFactory(title="Quay news", standfirst="Our pension campaign goes on.")
    ArticleFactory(title="Unrelated", body="<p>Pension only in the text.</p>", draft=True)
    assert titles_found(admin_client, "pens") == {"Pension fund vote", "Quay news"}
    assert titles_found(admin_client, "pension vote") == {"Pension fund vote"}
    assert titles_found(admin_client, "okafor") == {"Harbour strike"}
    assert titles_found(admin_client, "Sam Okafor") == {"Harbour strike"}
    assert titles_found(admin_client, "ferry") == set()


def list_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_and_its_search_take_the_same_queries_for_more_articles(admin_client):
    urls = ["/admin/articles/article/", "/admin/articles/article/?q=vote"]
    ArticleFactory(title="Strike vote", tags=["pay"])
    ArticleFactory(title="Older vote", publish_at=timezone.now() - timedelta(days=800))
    admin_client.get(urls[0])  # the site settings are cached from the first page on
    before = [list_queries(admin_client, url) for url in urls]
    for number in range(12):
        ArticleFactory(
            title=f"Vote number {number}",
            authors=[AuthorFactory(), AuthorFactory()],
            publish_at=timezone.now() - timedelta(days=200 * number),
        )
    assert [list_queries(admin_client, url) for url in urls] == before
