"""Review, shareable previews, revisions, edit conflicts, dashboard and audit log."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from publishing.models import AuditEntry, PreviewLink
from tests.factories import ArticleFactory, EndorsementFactory, StatementFactory, user_with_role

pytestmark = pytest.mark.django_db


def form_data(article, **overrides):
    """The article's change form as the browser would post it back."""
    local = timezone.localtime(article.publish_at)
    bylines = list(article.bylines.all())
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
        "section": article.section_id or "",
        "tags": "",
        "summary": "",
        "review_note": article.review_note,
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "loaded_version": article.edit_version,
        "bylines-TOTAL_FORMS": str(len(bylines)),
        "bylines-INITIAL_FORMS": str(len(bylines)),
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    for index, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{index}-id": byline.pk,
                f"bylines-{index}-article": article.pk,
                f"bylines-{index}-author": byline.author_id,
                f"bylines-{index}-order": byline.order,
            }
        )
    data.update(overrides)
    return data


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


@pytest.fixture
def author_client():
    client = Client()
    user = user_with_role("Author", "writer")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor_client():
    client = Client()
    user = user_with_role("Editor", "boss")
    client.force_login(user)
    client.user = user
    return client


# Review ---------------------------------------------------------------------------------


def test_author_submits_editor_sends_back_with_a_note_author_sees_it(author_client, editor_client):
    article = ArticleFactory(draft=True, created_by=author_client.user)
    response = author_client.post(change_url(article), form_data(article, _submit_for_review="1"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.review_state == Article.Review.SUBMITTED

    queue = editor_client.get("/admin/").content.decode()
    assert "Waiting for review" in queue and article.title in queue
    assert "Send back to the author" in editor_client.get(change_url(article)).content.decode()
    editor_client.post(
        change_url(article),
        form_data(article, _send_back="1", review_note="Please add a source for the figures."),
    )
    article.refresh_from_db()
    assert article.review_state == Article.Review.SENT_BACK
    assert article.status == Article.Status.DRAFT
    page = author_client.get(change_url(article)).content.decode()
    assert "Sent back by an editor" in page
    assert "Please add a source for the figures." in page
    assert "Sent back to me" in author_client.get("/admin/").content.decode()
    actions = list(AuditEntry.objects.order_by("at").values_list("action", flat=True))
    assert actions == ["submitted", "sent_back"]


def test_editor_publishes_from_the_queue_and_review_ends(author_client, editor_client):
    article = ArticleFactory(draft=True, created_by=author_client.user)
    author_client.post(change_url(article), form_data(article, _submit_for_review="1"))
    article.refresh_from_db()
    editor_client.post(change_url(article), form_data(article, status="published"))
    article.refresh_from_db()
    assert article.is_published and article.review_state == ""
    entry = AuditEntry.objects.get(action="published")
    assert entry.username == "boss" and entry.object_repr == article.title


# Preview links ------------------------------------------------------------------------------


def share(client, obj):
    client.post(f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/preview-links/")
    return PreviewLink.objects.for_object(obj).latest("created_at")


@pytest.mark.parametrize("factory", [ArticleFactory, StatementFactory])
def test_preview_link_works_without_login_and_is_never_cached(client, editor_client, factory):
    item = factory(draft=True, title="Embargoed text")
    link = share(editor_client, item)
    assert link.expires_at - timezone.now() > timedelta(days=6, hours=23)
    response = client.get(link.preview_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Embargoed text" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    # Read-only: the preview refuses anything but reading.
    assert client.post(link.preview_url).status_code == 405


def test_preview_link_expires_and_can_be_revoked(client, editor_client):
    article = ArticleFactory(draft=True)
    link = share(editor_client, article)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        expired = client.get(link.preview_url)
    assert expired.status_code == 410
    assert "no longer works" in expired.content.decode()
    fresh = share(editor_client, article)
    editor_client.post(f"/admin/articles/article/{article.pk}/preview-links/{fresh.pk}/revoke/")
    assert client.get(fresh.preview_url).status_code == 410
    assert client.get("/preview/not-a-token/").status_code == 404
    assert AuditEntry.objects.filter(action="preview_revoked").count() == 1


def test_preview_links_leak_nowhere(client, editor_client):
    article = ArticleFactory(draft=True, title="Secret draft")
    link = share(editor_client, article)
    client.get(link.preview_url)
    for url in ["/", "/articles/", "/articles/feed.rss", "/articles/feed.atom", "/sitemap.xml"]:
        body = client.get(url).content.decode()
        assert "Secret draft" not in body and link.token not in body, url
    assert client.get(article.get_absolute_url()).status_code == 404


def test_only_people_who_may_change_the_item_can_share_it(author_client):
    theirs = ArticleFactory(draft=True)
    response = author_client.post(f"/admin/articles/article/{theirs.pk}/preview-links/")
    assert response.status_code == 403
    assert not PreviewLink.objects.exists()


# Revisions ------------------------------------------------------------------------------


def test_every_save_keeps_a_version_and_history_shows_who(editor_client):
    article = ArticleFactory(title="First title")
    editor_client.post(change_url(article), form_data(article, title="Second title"))
    article.refresh_from_db()
    editor_client.post(change_url(article), form_data(article, title="Third title"))
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    history = editor_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "boss" in history and "Restore as draft" in history
    newest, older = versions[0], versions[1]
    compare = editor_client.get(
        f"/admin/articles/article/{article.pk}/history/compare/",
        {"old": older.pk, "new": newest.pk},
    ).content.decode()
    assert "<del>Second title</del>" in compare and "<ins>Third title</ins>" in compare


def test_restore_creates_a_draft_and_publishes_nothing(client, editor_client):
    article = ArticleFactory(title="Original words", body="<p>First body</p>")
    editor_client.post(change_url(article), form_data(article, title="Later words"))
    article.refresh_from_db()
    editor_client.post(change_url(article), form_data(article, body="<p>Second body</p>"))
    oldest = Version.objects.get_for_object(article).last()
    assert oldest.field_dict["status"] == "published"
    confirm = editor_client.get(
        f"/admin/articles/article/{article.pk}/history/{oldest.pk}/restore/"
    ).content.decode()
    assert "takes it offline" in confirm
    editor_client.post(f"/admin/articles/article/{article.pk}/history/{oldest.pk}/restore/")
    article.refresh_from_db()
    assert article.title == "Later words" and article.body == "<p>First body</p>"
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert Version.objects.get_for_object(article).count() == 3
    assert AuditEntry.objects.filter(action="restored").exists()


# Conflicts ------------------------------------------------------------------------------


def test_second_save_over_someone_elses_changes_is_refused_and_keeps_the_text(editor_client):
    article = ArticleFactory(title="Agreed title", body="<p>Agreed text</p>")
    other = Client()
    other.force_login(user_with_role("Editor", "colleague"))
    # Both open the form; the colleague saves first.
    loaded = form_data(article)
    other.post(change_url(article), {**loaded, "body": "<p>Colleague's correction</p>"})
    response = editor_client.post(
        change_url(article), {**loaded, "body": "<p>My long careful rewrite</p>"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "colleague saved this item" in page
    assert "My long careful rewrite" in page  # nothing typed is lost
    assert "Colleague&#x27;s correction" in page or "Colleague's correction" in page
    article.refresh_from_db()
    assert article.body == "<p>Colleague's correction</p>"
    # Saving again, knowingly, replaces their changes.
    again = editor_client.post(
        change_url(article),
        {
            **loaded,
            "body": "<p>My long careful rewrite</p>",
            "loaded_version": article.edit_version,
        },
    )
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>My long careful rewrite</p>"


# Dashboard and audit ------------------------------------------------------------------------


def test_dashboard_lists_drafts_scheduled_recent_and_moderation(editor_client):
    ArticleFactory(title="My own draft", draft=True, created_by=editor_client.user)
    ArticleFactory(title="Goes out tomorrow", scheduled=True)
    ArticleFactory(title="Out already")
    statement = StatementFactory(moderated=True)
    EndorsementFactory(statement=statement, status="confirmed")
    page = editor_client.get("/admin/").content.decode()
    for text in ["My own draft", "Goes out tomorrow", "Out already", "1 endorsement to approve"]:
        assert text in page


def test_audit_log_records_publish_unpublish_delete(editor_client):
    article = ArticleFactory(draft=True, title="Audited")
    editor_client.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]}
    )
    editor_client.post(
        "/admin/articles/article/", {"action": "unpublish", "_selected_action": [article.pk]}
    )
    editor_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    actions = list(AuditEntry.objects.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["published", "unpublished", "deleted"]
    log = editor_client.get("/admin/publishing/auditentry/").content.decode()
    assert "Audited" in log and "boss" in log


def test_conflict_names_exactly_what_the_other_editor_changed(editor_client):
    article = ArticleFactory(title="Agreed title", standfirst="Agreed lead")
    editor_client.post(change_url(article), form_data(article))  # a recorded version
    article.refresh_from_db()
    other = Client()
    other.force_login(user_with_role("Editor", "colleague"))
    loaded = form_data(article)
    other.post(change_url(article), {**loaded, "standfirst": "Their sharper lead"})
    page = editor_client.post(change_url(article), {**loaded, "title": "My new title"})
    text = page.content.decode()
    assert "changing: standfirst" in text
    assert "Their changes:" in text
    assert "<del>Agreed lead</del>" in text and "<ins>Their sharper lead</ins>" in text
    assert 'value="My new title"' in text


def test_preview_link_of_a_draft_event(client, editor_client):
    from tests.events.factories import EventFactory

    event = EventFactory(draft=True, title="Secret rally")
    editor_client.post(f"/admin/events/event/{event.pk}/preview-links/")
    link = PreviewLink.objects.for_object(event).get()
    response = client.get(link.preview_url)
    assert response.status_code == 200
    assert "Secret rally" in response.content.decode()
    assert client.get(event.get_absolute_url()).status_code == 404
