"""The permission matrix: anonymous, author, editor, administrator × admin actions.

Roles are enforced on the server: an author's forged POST changes nothing it may not.
"""

import pytest
from django.utils import timezone

from articles.models import Article, Byline
from images.models import Image
from publishing.models import SiteSettings
from statements.models import Endorsement, Statement
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EndorsementFactory,
    ImageFactory,
    StatementFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "Author", "Editor", "Administrator"]


@pytest.fixture
def as_role(client):
    def login(role):
        if role != "anonymous":
            client.force_login(user_with_role(role))
        return client

    return login


def status(client, url, method="get", data=None):
    return getattr(client, method)(url, data or {}).status_code


# Who may open which admin pages -----------------------------------------------------------

PAGES = {
    "/admin/": {"anonymous": 302, "Author": 200, "Editor": 200, "Administrator": 200},
    "/admin/articles/article/": {"anonymous": 302, "Author": 200, "Editor": 200, "Administrator": 200},
    "/admin/articles/article/add/": {"anonymous": 302, "Author": 200, "Editor": 200, "Administrator": 200},
    "/admin/statements/statement/": {"anonymous": 302, "Author": 200, "Editor": 200, "Administrator": 200},
    "/admin/statements/endorsement/": {"anonymous": 302, "Author": 403, "Editor": 200, "Administrator": 200},
    "/admin/images/image/add/": {"anonymous": 302, "Author": 200, "Editor": 200, "Administrator": 200},
    "/admin/publishing/auditentry/": {"anonymous": 302, "Author": 403, "Editor": 200, "Administrator": 200},
    "/admin/publishing/sitesettings/1/change/": {"anonymous": 302, "Author": 403, "Editor": 403, "Administrator": 200},
    "/admin/auth/user/": {"anonymous": 302, "Author": 403, "Editor": 403, "Administrator": 200},
    "/admin/articles/section/add/": {"anonymous": 302, "Author": 403, "Editor": 200, "Administrator": 200},
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(PAGES))
def test_admin_pages_by_role(as_role, role, url):
    SiteSettings.objects.get_or_create(pk=1)
    assert status(as_role(role), url) == PAGES[url][role]


@pytest.mark.parametrize("role", ["Author", "Editor", "Administrator"])
def test_event_admin_by_role(as_role, role):
    client = as_role(role)
    assert client.get("/admin/events/event/").status_code == 200
    assert client.get("/admin/events/event/add/").status_code == 200


# Authors: their own drafts only ----------------------------------------------------------


def author_and_client(client):
    author = user_with_role("Author", "writer")
    client.force_login(author)
    return author, client


def test_author_sees_and_changes_only_their_own_drafts(client):
    author, client = author_and_client(client)
    mine = ArticleFactory(title="Mine", draft=True, created_by=author)
    theirs = ArticleFactory(title="Theirs", draft=True)
    mine_live = ArticleFactory(title="Mine live", created_by=author)
    page = client.get("/admin/articles/article/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.get(f"/admin/articles/article/{mine.pk}/change/").status_code == 200
    # Another person's item is not even found; a published one of theirs is read-only.
    assert client.get(f"/admin/articles/article/{theirs.pk}/change/").status_code == 302
    response = client.post(f"/admin/articles/article/{mine_live.pk}/change/", {"title": "X"})
    assert response.status_code == 403
    assert client.post(
        f"/admin/articles/article/{theirs.pk}/delete/", {"post": "yes"}
    ).status_code in (302, 403)
    assert Article.objects.filter(pk=theirs.pk, title="Theirs").exists()
    assert Article.objects.get(pk=mine_live.pk).title == "Mine live"


def article_post(**overrides):
    now = timezone.localtime()
    data = {
        "title": "An author's piece",
        "slug": "an-authors-piece",
        "standfirst": "Lead",
        "body": "<p>Body</p>",
        "tags": "",
        "summary": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "status": "published",
        "publish_at_0": "2020-01-01",
        "publish_at_1": "00:00:00",
        "is_highlight": "on",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": "",
        "bylines-0-order": "0",
        "_now": now.isoformat(),
    }
    data.update(overrides)
    return data


def test_author_forged_post_cannot_publish_highlight_or_set_bylines(client):
    author, client = author_and_client(client)
    someone = AuthorFactory(name="Someone Else")
    response = client.post(
        "/admin/articles/article/add/", article_post(**{"bylines-0-author": str(someone.pk)})
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert not article.is_highlight
    assert article.publish_at.year != 2020
    assert [a.user for a in article.byline_authors()] == [author]
    assert not Byline.objects.filter(author=someone).exists()
    assert not Article.objects.published().exists()


def test_author_forged_bulk_publish_is_refused(client):
    author, client = author_and_client(client)
    draft = ArticleFactory(draft=True, created_by=author)
    client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [str(draft.pk)]},
    )
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    statement = StatementFactory(draft=True, created_by=author)
    client.post(
        "/admin/statements/statement/",
        {"action": "publish", "_selected_action": [str(statement.pk)]},
    )
    assert Statement.objects.get(pk=statement.pk).status == Statement.Status.DRAFT


def test_author_cannot_use_list_editable_or_change_sections(client):
    _author, client = author_and_client(client)
    from tests.factories import SectionFactory

    section = SectionFactory(name="News", order=1)
    response = client.post(
        "/admin/articles/section/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(section.pk),
            "form-0-order": "99",
            "_save": "Save",
        },
    )
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.order == 1


def test_author_cannot_see_or_export_endorsers(client):
    _author, client = author_and_client(client)
    endorsement = EndorsementFactory(email="private@example.org")
    assert client.get("/admin/statements/endorsement/").status_code == 403
    assert client.get(f"/admin/statements/endorsement/{endorsement.pk}/change/").status_code == 403
    response = client.post(
        "/admin/statements/statement/",
        {"action": "export_endorsements_csv", "_selected_action": [str(endorsement.statement.pk)]},
    )
    assert b"private@example.org" not in response.content
    forged = client.post(
        "/admin/statements/endorsement/",
        {"action": "approve", "_selected_action": [str(endorsement.pk)]},
    )
    assert forged.status_code == 403
    assert Endorsement.objects.get().status == Endorsement.Status.CONFIRMED


def test_author_uploads_images_but_changes_only_their_own(client):
    author, client = author_and_client(client)
    theirs = ImageFactory(title="Theirs")
    mine = ImageFactory(title="Mine", uploaded_by=author)
    assert client.get(f"/admin/images/image/{mine.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/images/image/{theirs.pk}/change/", {"title": "Renamed", "credit": ""}
    )
    assert response.status_code == 403
    assert Image.objects.get(pk=theirs.pk).title == "Theirs"


# Editors and administrators --------------------------------------------------------------


def test_editor_publishes_moderates_and_exports(client):
    client.force_login(user_with_role("Editor"))
    draft = ArticleFactory(draft=True)
    client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [draft.pk]})
    assert Article.objects.get(pk=draft.pk).status == Article.Status.PUBLISHED
    endorsement = EndorsementFactory(email="private@example.org")
    client.post(
        "/admin/statements/endorsement/",
        {"action": "approve", "_selected_action": [str(endorsement.pk)]},
    )
    assert Endorsement.objects.get().status == Endorsement.Status.APPROVED
    response = client.post(
        "/admin/statements/statement/",
        {"action": "export_endorsements_csv", "_selected_action": [endorsement.statement.pk]},
    )
    assert b"private@example.org" in response.content


def test_editor_cannot_change_site_settings_or_users(client):
    client.force_login(user_with_role("Editor"))
    SiteSettings.objects.get_or_create(pk=1)
    response = client.post("/admin/publishing/sitesettings/1/change/", {"name": "Hijacked"})
    assert response.status_code == 403
    assert SiteSettings.objects.get().name != "Hijacked"
    assert client.post("/admin/auth/user/add/", {"username": "x"}).status_code == 403


def test_administrator_manages_users_and_site_settings(client):
    client.force_login(user_with_role("Administrator"))
    assert client.get("/admin/auth/group/").status_code == 200
    assert client.get("/admin/publishing/sitesettings/1/change/").status_code == 200


def test_author_forged_publish_of_an_event_changes_nothing(client):
    from events.models import Event
    from tests.events.factories import EventFactory

    author, client = author_and_client(client)
    mine = EventFactory(draft=True, created_by=author)
    theirs = EventFactory(draft=True)
    client.post("/admin/events/event/", {"action": "publish", "_selected_action": [mine.pk]})
    assert Event.objects.get(pk=mine.pk).status == Event.Status.DRAFT
    assert client.get(f"/admin/events/event/{theirs.pk}/change/").status_code == 302
    assert client.post(f"/admin/events/event/{theirs.pk}/delete/", {"post": "yes"}).status_code in (
        302,
        403,
    )
    assert Event.objects.filter(pk=theirs.pk).exists()
    page = client.get(f"/admin/events/event/{mine.pk}/change/").content.decode()
    assert 'name="status"' not in page  # shown read-only to authors


def test_author_cannot_see_the_audit_log_or_preview_links_of_others(client):
    _author, client = author_and_client(client)
    assert client.get("/admin/publishing/auditentry/").status_code == 403
    assert client.get("/admin/publishing/previewlink/").status_code == 403
