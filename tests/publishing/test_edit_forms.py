"""The edit forms on the server (issue 12, items 6 and 9): submitting for review on an
author's first save, the editor's note only in review, named date and time inputs, the
rich-text widget, bylines in order, the image chooser's thumbnail and the byline's name.

What only a browser shows (heights, dragging, the copy of unsaved text) is tested in
`tests/e2e/test_edit_forms.py` and `tests/e2e/test_event_form.py`.
"""

import re

import pytest
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.files.base import ContentFile
from django.test import Client
from reversion.models import Version

from articles.admin import author_profile
from articles.models import Article, Author, Byline
from publishing import workflow
from publishing.models import AuditEntry, Publishable
from publishing.widgets import date_and_time_labels
from richtext.fields import RichTextField
from richtext.widgets import AdminRichTextWidget
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    StatementFactory,
    UserFactory,
    jpeg_bytes,
    user_with_role,
)
from tests.publishing.test_workflow import change_url, form_data

pytestmark = pytest.mark.django_db

ADD_ARTICLE = "/admin/articles/article/add/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def new_article(**extra):
    return {
        "title": "Night shift",
        "slug": "",
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
        **extra,
    }


# Submitting on the first save ---------------------------------------------------------------


def test_first_save_actions_follow_the_role():
    author, editor = user_with_role("Author", "writer"), user_with_role("Editor", "boss")
    assert workflow.first_save_actions(Article, author) == [workflow.SUBMIT]
    assert workflow.first_save_actions(Article, editor) == [workflow.PUBLISH, workflow.SCHEDULE]
    assert workflow.first_save_actions(Article, UserFactory(is_staff=True)) == []


def test_an_author_is_offered_to_submit_a_new_item_for_review():
    author = user_with_role("Author", "writer")
    page = logged_in(author).get(ADD_ARTICLE).content.decode()
    assert 'name="_submit_for_review" value="Save and submit for review"' in page


def test_an_authors_first_save_can_submit_for_review():
    author = user_with_role("Author", "writer")
    response = logged_in(author).post(ADD_ARTICLE, new_article(_submit_for_review="1"))
    assert response.status_code == 302
    article = Article.objects.get(title="Night shift")
    assert article.status == Publishable.Status.DRAFT
    assert article.review_state == Publishable.Review.SUBMITTED
    entry = AuditEntry.objects.get(object_id=article.pk)
    assert (entry.action, entry.user) == (AuditEntry.Action.SUBMITTED, author)
    [version] = Version.objects.get_for_object(article)
    assert version.revision.comment == "Submitted for review"
    assert article.byline_authors()[0].user == author  # the author's byline is added too


def test_a_plain_first_save_stays_a_draft_out_of_review():
    author = user_with_role("Author", "writer")
    assert logged_in(author).post(ADD_ARTICLE, new_article()).status_code == 302
    article = Article.objects.get(title="Night shift")
    assert (article.status, article.review_state) == (Publishable.Status.DRAFT, "")
    assert not AuditEntry.objects.exists()


def test_an_editor_is_not_offered_review_and_a_forged_submit_does_nothing():
    editor = user_with_role("Editor", "boss")
    client = logged_in(editor)
    assert "_submit_for_review" not in client.get(ADD_ARTICLE).content.decode()
    author = AuthorFactory()
    data = new_article(
        _submit_for_review="1",
        status="draft",
        publish_at_0="2026-01-01",
        publish_at_1="00:00",
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-MIN_NUM_FORMS": "1",
            "bylines-0-author": author.pk,
            "bylines-0-order": "",
        },
    )
    assert client.post(ADD_ARTICLE, data).status_code == 302
    assert Article.objects.get(title="Night shift").review_state == ""


# The editor's note ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state, shown",
    [("", False), ("submitted", True), ("sent_back", False)],
    ids=["not-in-review", "in-review", "sent-back"],
)
def test_editors_see_the_note_field_only_while_the_item_is_in_review(state, shown):
    editor = user_with_role("Editor", "boss")
    article = ArticleFactory(draft=True, review_state=state, review_note="Check the figures.")
    page = logged_in(editor).get(change_url(article)).content.decode()
    assert ('name="review_note"' in page) is shown
    if shown:
        assert 'rows="3"' in page


def test_published_items_carry_no_note_field():
    editor = user_with_role("Editor", "boss")
    page = logged_in(editor).get(change_url(ArticleFactory())).content.decode()
    assert "Note from the editor" not in page


def test_an_author_reads_the_note_sent_back_above_the_form_not_in_a_field():
    author = user_with_role("Author", "writer")
    article = ArticleFactory(
        draft=True, created_by=author, review_state="sent_back", review_note="Add a source."
    )
    page = logged_in(author).get(change_url(article)).content.decode()
    assert "Sent back by an editor" in page and "Add a source." in page
    assert "Note from the editor" not in page


def test_the_note_typed_stays_when_sending_back_meets_a_conflict():
    editor = user_with_role("Editor", "boss")
    article = ArticleFactory(draft=True, review_state="submitted")
    data = form_data(article, _send_back="1", review_note="Please cut it by half.")
    Article.objects.filter(pk=article.pk).update(review_state="sent_back", edit_version=99)
    response = logged_in(editor).post(change_url(article), data)
    assert response.status_code == 200
    assert "Please cut it by half." in response.content.decode()


# Date and time inputs, rich text -------------------------------------------------------------


def test_date_and_time_labels_come_from_the_field():
    assert date_and_time_labels("publish time") == ("Publish date", "Publish time")
    assert date_and_time_labels("Start") == ("Start date", "Start time")


@pytest.mark.parametrize(
    "url, names",
    [
        (ADD_ARTICLE, ["Publish date", "Publish time"]),
        ("/admin/statements/statement/add/", ["Publish date", "Publish time"]),
        (
            "/admin/events/event/add/",
            ["Start date", "Start time", "End date", "End time", "Publish date", "Publish time"],
        ),
    ],
)
def test_date_and_time_inputs_have_names(url, names):
    page = logged_in(user_with_role("Editor", "boss")).get(url).content.decode()
    for name in names:
        assert f'aria-label="{name}"' in page, name


def test_the_admin_gets_a_tall_rich_text_editor_with_our_assets():
    field = Article._meta.get_field("body")
    widget = field.formfield(widget=AdminTextareaWidget).widget
    assert isinstance(widget, AdminRichTextWidget)
    assert widget.attrs["rows"] == 20
    media = str(widget.media)
    assert "css/richtext-editor.css" in media and "js/richtext-editor.js" in media
    assert "importmap" in media  # the editor's own import map is still there
    # Outside the admin the plain editor is unchanged.
    assert not isinstance(RichTextField().formfield().widget, AdminRichTextWidget)


# Bylines in order -----------------------------------------------------------------------------


def test_byline_order_is_a_hidden_field_set_by_the_page():
    editor = user_with_role("Editor", "boss")
    article = ArticleFactory(authors=[AuthorFactory(name="Maria"), AuthorFactory(name="Sam")])
    page = logged_in(editor).get(change_url(article)).content.decode()
    assert 'type="hidden" name="bylines-0-order"' in page
    assert "data-row-order" in page and "js/ordered-inline.js" in page


def test_bylines_are_saved_in_the_order_sent_and_a_new_one_without_a_place_goes_last():
    editor = user_with_role("Editor", "boss")
    maria, sam, joe = AuthorFactory(name="Maria"), AuthorFactory(name="Sam"), AuthorFactory()
    article = ArticleFactory(authors=[maria, sam])
    data = form_data(article)
    data.update(
        {
            "bylines-0-order": "1",
            "bylines-1-order": "0",
            "bylines-TOTAL_FORMS": "3",
            "bylines-2-author": joe.pk,
            "bylines-2-order": "",
        }
    )
    response = logged_in(editor).post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = Byline.objects.filter(article=article).order_by("order", "pk")
    assert [(b.author, b.order) for b in stored] == [(sam, 0), (maria, 1), (joe, 2)]


def test_authors_see_their_bylines_without_order_numbers():
    author = user_with_role("Author", "writer")
    article = ArticleFactory(draft=True, created_by=author)
    page = logged_in(author).get(change_url(article)).content.decode()
    assert "bylines-0-order" not in page and "column-order" not in page


# The byline's name ----------------------------------------------------------------------------


def test_a_staff_writer_byline_takes_the_accounts_name_once_it_has_one():
    user = user_with_role("Author", "jdoe_login")
    profile = author_profile(user)
    assert profile.name == "Staff writer"
    user.first_name, user.last_name = "Jo", "Doe"
    user.save()
    assert author_profile(user).name == "Jo Doe"
    assert Author.objects.get(pk=profile.pk).name == "Jo Doe"
    # A name an editor chose is left alone.
    Author.objects.filter(pk=profile.pk).update(name="J. Doe (union press office)")
    assert author_profile(user).name == "J. Doe (union press office)"


# The image chooser ----------------------------------------------------------------------------


def photo(title, width=900):
    data = jpeg_bytes(width=width, height=600)
    return ImageFactory(title=title, file=ContentFile(data, name=f"{title}.jpg"))


def test_the_chosen_lead_image_is_shown_as_a_thumbnail_of_a_rendition():
    editor = user_with_role("Editor", "boss")
    image = photo("quay")
    article = ArticleFactory(lead_image=image, lead_image_alt="Dockers voting")
    page = logged_in(editor).get(change_url(article)).content.decode()
    assert 'class="image-chooser__thumbnail"' in page
    # Renditions have neutral names: never the uploaded file's (tests/images/test_neutral_names.py).
    assert re.search(rf'src="/media/renditions/{image.pk}/[0-9a-f]{{20}}-400\.jpg"', page)
    assert 'alt="Chosen image: quay"' in page


def test_without_a_lead_image_the_thumbnail_waits_hidden():
    editor = user_with_role("Editor", "boss")
    page = logged_in(editor).get(change_url(StatementFactory())).content.decode()
    assert '<img class="image-chooser__thumbnail" alt="" hidden data-for="id_lead_image">' in page


def test_the_thumbnail_address_answers_staff_only():
    image = photo("quay")
    url = f"/admin/images/image/{image.pk}/thumbnail/"
    assert Client().get(url).status_code == 302  # to the login page
    client = logged_in(user_with_role("Author", "writer"))
    answer = client.get(url).json()
    assert answer["alt"] == "Chosen image: quay"
    assert answer["width"] == 160 and answer["url"].endswith("-400.jpg")  # a small rendition
    assert client.get("/admin/images/image/999999/thumbnail/").status_code == 404
    assert client.get("/admin/images/image/not-a-number/thumbnail/").status_code == 404
