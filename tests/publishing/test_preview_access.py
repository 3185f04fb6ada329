"""Who may preview what: authors their own work, editors everything, readers nothing unpublished.

The admin's "view on site" shortcut (/admin/r/<content type>/<id>/) sends any staff member
to an item's address, so the item's page itself must refuse what the admin would not show,
and nothing reachable through the shortcut may carry a preview link's secret token.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from publishing import previews
from publishing.models import PreviewLink, Publishable
from tests.events.factories import EventFactory, SpeakerFactory
from tests.factories import ArticleFactory, StatementFactory, user_with_role

pytestmark = pytest.mark.django_db

BANNER = "Preview: readers cannot see this"
FACTORIES = [ArticleFactory, StatementFactory, EventFactory]


def logged_in(user):
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def author_client():
    return logged_in(user_with_role("Author", "writer"))


@pytest.fixture
def other_author():
    return user_with_role("Author", "colleague")


@pytest.fixture
def editor_client():
    return logged_in(user_with_role("Editor", "boss"))


def shortcut(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


def follow_shortcut(client, obj):
    return client.get(shortcut(obj), follow=True)


@pytest.mark.parametrize("factory", FACTORIES)
def test_author_cannot_read_another_authors_draft_through_the_shortcut(
    author_client, other_author, factory
):
    draft = factory(draft=True, title="Embargoed plan", created_by=other_author)
    response = follow_shortcut(author_client, draft)
    assert response.status_code == 404
    assert "Embargoed plan" not in response.content.decode()
    # Straight to the address: the same answer a reader gets.
    direct = author_client.get(draft.get_absolute_url())
    assert direct.status_code == 404
    assert "Embargoed plan" not in direct.content.decode()


@pytest.mark.parametrize("factory", FACTORIES)
def test_the_shortcut_does_not_tell_an_author_where_another_persons_draft_lives(
    author_client, other_author, editor_client, factory
):
    draft = factory(draft=True, title="Embargoed plan", created_by=other_author)
    response = author_client.get(shortcut(draft))
    assert response.status_code == 404
    assert draft.slug not in response.get("Location", "")
    assert draft.slug not in response.content.decode()
    # Editors, and the author of their own draft, are still sent to the page.
    assert editor_client.get(shortcut(draft))["Location"].endswith(draft.get_absolute_url())
    own = factory(draft=True, title="My own plan", created_by=author_client.user)
    assert author_client.get(shortcut(own))["Location"].endswith(own.get_absolute_url())


@pytest.mark.parametrize("factory", FACTORIES)
def test_author_cannot_read_another_authors_scheduled_or_submitted_item(
    author_client, other_author, factory
):
    scheduled = factory(scheduled=True, title="Tomorrow's news", created_by=other_author)
    submitted = factory(
        draft=True,
        title="Waiting for the editor",
        created_by=other_author,
        review_state=Publishable.Review.SUBMITTED,
    )
    for item in (scheduled, submitted):
        response = follow_shortcut(author_client, item)
        assert response.status_code == 404
        assert item.title not in response.content.decode()


def test_author_cannot_reach_another_authors_draft_event_through_its_speaker(
    author_client, other_author
):
    event = EventFactory(draft=True, title="Secret rally", created_by=other_author)
    speaker = SpeakerFactory(event=event)
    response = follow_shortcut(author_client, speaker)
    assert response.status_code == 404
    assert "Secret rally" not in response.content.decode()


@pytest.mark.parametrize("factory", FACTORIES)
def test_author_previews_their_own_draft_submitted_and_scheduled_items(author_client, factory):
    own = author_client.user
    draft = factory(draft=True, title="My own draft", created_by=own)
    submitted = factory(
        draft=True,
        title="My submitted draft",
        created_by=own,
        review_state=Publishable.Review.SUBMITTED,
    )
    scheduled = factory(scheduled=True, title="My scheduled piece", created_by=own)
    for item in (draft, submitted, scheduled):
        response = follow_shortcut(author_client, item)
        assert response.status_code == 200
        page = response.content.decode()
        assert item.title in page
        assert BANNER in page
        assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("factory", FACTORIES)
def test_editor_still_previews_everyone_s_drafts(editor_client, other_author, factory):
    draft = factory(draft=True, title="Colleague's draft", created_by=other_author)
    response = follow_shortcut(editor_client, draft)
    assert response.status_code == 200
    assert "Colleague's draft" in response.content.decode()
    assert BANNER in response.content.decode()


def test_readers_still_get_404_for_any_draft(client, other_author):
    draft = ArticleFactory(draft=True, title="Embargoed plan", created_by=other_author)
    assert client.get(draft.get_absolute_url()).status_code == 404


# Preview links -------------------------------------------------------------------------


def test_author_gets_no_token_from_the_shortcut_to_a_preview_link(
    author_client, editor_client, other_author
):
    draft = ArticleFactory(draft=True, created_by=other_author)
    link = previews.share_preview(draft, editor_client.user)
    response = follow_shortcut(author_client, link)
    assert response.status_code in (403, 404)
    assert all(link.token not in hop for hop, _status in response.redirect_chain)
    assert link.token not in response.content.decode()
    # The link is not on the author's own pages either.
    for url in ("/admin/", "/admin/publishing/previewlink/", shortcut(draft)):
        page = author_client.get(url, follow=True)
        assert link.token not in page.content.decode()
        assert all(link.token not in hop for hop, _status in page.redirect_chain)


def test_author_may_not_list_or_open_preview_links_in_the_admin(author_client, editor_client):
    draft = ArticleFactory(draft=True, created_by=author_client.user)
    link = previews.share_preview(draft, editor_client.user)
    listing = author_client.get("/admin/publishing/previewlink/")
    change = author_client.get(f"/admin/publishing/previewlink/{link.pk}/change/")
    assert listing.status_code == 403
    assert change.status_code == 403
    assert link.token not in listing.content.decode() + change.content.decode()


def test_author_still_shares_and_sees_links_on_their_own_drafts_edit_page(author_client):
    draft = ArticleFactory(draft=True, created_by=author_client.user)
    author_client.post(f"/admin/articles/article/{draft.pk}/preview-links/")
    link = PreviewLink.objects.for_object(draft).get()
    page = author_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert link.preview_url in page
    assert Client().get(link.preview_url).status_code == 200
