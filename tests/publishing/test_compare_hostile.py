"""Comparing versions and warning of an edit conflict work whatever a field holds: "<!["
in a text field once made both answer 500 (Django's strip_tags raised on it)."""

import pytest
from django.test import Client
from reversion.models import Version

from tests.factories import ArticleFactory, user_with_role
from tests.publishing.test_workflow import change_url, editor_client, form_data  # noqa: F401

pytestmark = pytest.mark.django_db

ODD_TITLE = "Wages <![x]]> up"
ODD_LEAD = "Rally <![ now>"


def test_compare_view_shows_fields_holding_marked_sections(editor_client):  # noqa: F811
    article = ArticleFactory(title="Plain title", standfirst="Plain lead")
    editor_client.post(change_url(article), form_data(article))
    article.refresh_from_db()
    editor_client.post(
        change_url(article),
        form_data(article, title=ODD_TITLE, standfirst=ODD_LEAD, body="<p>Body <b>bold</b></p>"),
    )
    newest, older = Version.objects.get_for_object(article)[:2]

    response = editor_client.get(
        f"/admin/articles/article/{article.pk}/history/compare/",
        {"old": older.pk, "new": newest.pk},
    )

    assert response.status_code == 200
    page = response.content.decode()
    # Plain fields are compared as typed; rich text as prose.
    assert "<ins>Wages &lt;![x]]&gt; up</ins>" in page
    assert "<ins>Rally &lt;![ now&gt;</ins>" in page
    assert "<ins>Body bold</ins>" in page


def test_conflict_message_names_fields_holding_marked_sections(editor_client):  # noqa: F811
    article = ArticleFactory(title="Agreed title", standfirst="Agreed lead")
    editor_client.post(change_url(article), form_data(article))
    article.refresh_from_db()
    other = Client()
    other.force_login(user_with_role("Editor", "colleague"))
    loaded = form_data(article)
    other.post(change_url(article), {**loaded, "title": ODD_TITLE, "standfirst": ODD_LEAD})

    response = editor_client.post(change_url(article), {**loaded, "title": "My title <![y]]>"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "colleague saved this item" in page
    assert "changing: standfirst, tags, title" in page
    assert "<ins>Rally &lt;![ now&gt;</ins>" in page
    assert 'value="My title &lt;![y]]&gt;"' in page


def test_conflict_with_an_item_made_outside_the_admin_compares_what_was_typed(
    editor_client,  # noqa: F811
):
    article = ArticleFactory(title="Imported title")
    loaded = form_data(article)
    article.title = ODD_TITLE
    article.save()  # by code: no recorded version to compare with

    response = editor_client.post(change_url(article), {**loaded, "title": "Mine <![z]]>"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone saved this item" in page
    assert "changing: publish time, title." in page
