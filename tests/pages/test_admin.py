"""The pages admin: the change list, the edit form with its messages, and the roles and
review workflow shared with the other content types."""

import pytest
from django.utils import timezone

from pages.models import Page
from publishing.models import Publishable
from publishing.roles import AUTHOR, EDITOR
from tests.factories import user_with_role
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


def page_form(**overrides):
    now = timezone.localtime()
    data = {
        "title": "Join the network",
        "slug": "join",
        "parent": "",
        "order": "0",
        "body": "<p>How to join.</p>",
        "status": "published",
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "summary": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
    }
    data.update(overrides)
    return data


def test_changelist_shows_place_status_and_order(admin_client):
    about = PageFactory(title="About us", slug="about")
    PageFactory(title="Our team", slug="team", parent=about, order=3)
    PageFactory(title="Unfinished", draft=True)
    hidden_parent = PageFactory(title="Hidden parent", slug="hidden", draft=True)
    PageFactory(title="Under a draft", parent=hidden_parent)
    page = admin_client.get("/admin/pages/page/").content.decode()
    for text in ["About us", "Our team", "/about/", "Draft", "Published",
                 "hidden: a page above it is not published"]:  # fmt: skip
        assert text in page, text
    assert page.index("About us") < page.index("Our team")  # tree order, by address
    found = admin_client.get("/admin/pages/page/?q=team").content.decode()
    assert found.count('class="field-title"') == 1
    top = admin_client.get("/admin/pages/page/?place=top").content.decode()
    assert "Our team" not in top and "About us" in top
    under = admin_client.get("/admin/pages/page/?place=under").content.decode()
    assert "Our team" in under and "Unfinished" not in under
    assert admin_client.get("/admin/pages/page/?status__exact=draft").status_code == 200


def test_add_a_nested_page(admin_client, admin_user, client):
    about = PageFactory(title="About us", slug="about")
    response = admin_client.post(
        "/admin/pages/page/add/", page_form(title="Our team", slug="team", parent=str(about.pk))
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="team")
    assert page.path == "about/team" and page.is_published
    assert page.created_by == admin_user
    assert client.get("/about/team/").status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"slug": "articles"},
            "The address /articles/ already belongs to another part of the site.",
        ),
        ({"slug": "admin"}, "The address /admin/ already belongs to another part of the site."),
        ({"slug": "about"}, "Another page already has the address /about/."),
        ({"slug": "not a slug"}, "Enter a valid “slug”"),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(admin_client, overrides, message):
    PageFactory(title="About us", slug="about")
    response = admin_client.post("/admin/pages/page/add/", page_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Page.objects.count() == 1


def test_a_page_cannot_be_moved_under_its_own_subpage(admin_client):
    about = PageFactory(title="About us", slug="about")
    team = PageFactory(title="Our team", slug="team", parent=about)
    response = admin_client.post(
        f"/admin/pages/page/{about.pk}/change/",
        page_form(title="About us", slug="about", parent=str(team.pk), loaded_version=""),
    )
    assert response.status_code == 200
    assert "A page cannot be placed under itself or under one of its own subpages." in (
        response.content.decode()
    )
    about.refresh_from_db()
    assert about.parent is None


def test_parent_choices_show_addresses(admin_client):
    about = PageFactory(title="About us", slug="about")
    PageFactory(title="Our team", slug="team", parent=about)
    form = admin_client.get("/admin/pages/page/add/").content.decode()
    assert "About us (/about/)" in form
    assert "Our team (/about/team/)" in form


def test_authors_draft_and_submit_editors_publish(client):
    author = user_with_role(AUTHOR)
    client.force_login(author)
    response = client.post("/admin/pages/page/add/", page_form(status="published"))
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.status == Publishable.Status.DRAFT  # authors cannot publish
    assert page.created_by == author
    change = client.get(f"/admin/pages/page/{page.pk}/change/").content.decode()
    assert "Save and submit for review" in change
    client.post(
        f"/admin/pages/page/{page.pk}/change/",
        page_form(loaded_version=str(page.edit_version), _submit_for_review="1"),
    )
    page.refresh_from_db()
    assert page.review_state == Publishable.Review.SUBMITTED
    # Authors see only their own pages; other people's drafts stay out of their choices.
    PageFactory(title="Someone else's draft", draft=True)
    assert "Someone else" not in client.get("/admin/pages/page/").content.decode()
    assert "Someone else" not in client.get("/admin/pages/page/add/").content.decode()

    editor = user_with_role(EDITOR)
    client.force_login(editor)
    change = client.get(f"/admin/pages/page/{page.pk}/change/").content.decode()
    assert "Send back to the author" in change
    client.post(
        f"/admin/pages/page/{page.pk}/change/",
        page_form(loaded_version=str(page.edit_version), status="published"),
    )
    page.refresh_from_db()
    assert page.is_published


def test_history_and_preview_links_work_for_pages(admin_client):
    page = PageFactory(title="About us", slug="about")
    assert admin_client.get(f"/admin/pages/page/{page.pk}/history/").status_code == 200
    response = admin_client.post(f"/admin/pages/page/{page.pk}/preview-links/")
    assert response.status_code == 302
    assert page.__class__.objects.get(pk=page.pk)
