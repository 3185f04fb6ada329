"""Editors arrange the home page in the admin, and mark highlights from the article list;
bad input is explained and stores nothing."""

import pytest

from articles.models import Article
from home.models import HomeHighlight, HomeLayout, HomeSection
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, SectionFactory, StatementFactory, user_with_role

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/home/homelayout/1/change/"


@pytest.fixture
def editor_client(client):
    client.force_login(user_with_role("Editor"))
    return client


def layout_form(highlights=(), sections=(), **fields):
    """The change form's POST data: the layout's fields and its two inline lists."""
    data = {
        "lead_article": "",
        "lead_statement": "",
        "lead_event": "",
        "highlights_heading": "Highlights",
        "statements_position": "after-highlights",
        "events_position": "after-highlights",
        "sections_shown": "all",
        **fields,
    }
    for prefix, rows in (("highlights", highlights), ("sections", sections)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{index}-{name}"] = value
    return data


def test_the_list_opens_the_one_layout(editor_client):
    response = editor_client.get("/admin/home/homelayout/")
    assert response.status_code == 302 and response.url == CHANGE_URL
    page = editor_client.get(CHANGE_URL)
    assert page.status_code == 200
    assert "What the home page shows now" in page.content.decode()


def test_an_editor_arranges_the_home_page(editor_client):
    article, statement, event = ArticleFactory(), StatementFactory(), EventFactory()
    section = SectionFactory()
    data = layout_form(
        highlights=[
            {"order": "1", "event": str(event.pk)},
            {"order": "2", "article": str(article.pk)},
        ],
        sections=[{"order": "1", "section": str(section.pk)}],
        lead_statement=str(statement.pk),
        highlights_heading="Year highlights",
        statements_position="end",
        sections_shown="chosen",
    )
    response = editor_client.post(CHANGE_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = HomeLayout.objects.get()
    assert stored.lead_statement == statement and stored.highlights_heading == "Year highlights"
    assert [row.item for row in stored.highlights.all()] == [event, article]
    assert [row.section for row in stored.sections.all()] == [section]


@pytest.mark.parametrize(
    "problem, message",
    [
        ("two leads", "Choose one lead"),
        ("listed twice", "is listed twice"),
        ("two items in a row", "Choose one item per row"),
        ("empty row", "Choose an article, a statement or an event."),
        ("control character", "control character"),
    ],
)
def test_bad_input_is_explained_and_stores_nothing(editor_client, problem, message):
    article, statement = ArticleFactory(), StatementFactory()
    data = {
        "two leads": layout_form(lead_article=str(article.pk), lead_statement=str(statement.pk)),
        "listed twice": layout_form(highlights=[{"order": "1", "article": str(article.pk)}] * 2),
        "two items in a row": layout_form(
            highlights=[{"order": "1", "article": str(article.pk), "statement": str(statement.pk)}]
        ),
        "empty row": layout_form(highlights=[{"order": "3"}]),
        "control character": layout_form(highlights_heading="Year\x07highlights"),
    }[problem]
    response = editor_client.post(CHANGE_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    stored = HomeLayout.objects.get()  # made empty when the page was opened
    assert stored.lead_article is None and stored.lead_statement is None
    assert stored.highlights_heading == "Highlights"
    assert not HomeHighlight.objects.exists() and not HomeSection.objects.exists()


def test_authors_may_not_rearrange_the_home_page(client):
    client.force_login(user_with_role("Author"))
    assert client.get(CHANGE_URL).status_code == 403
    assert client.post(CHANGE_URL, layout_form(highlights_heading="Mine")).status_code == 403
    assert not HomeLayout.objects.filter(highlights_heading="Mine").exists()


def test_highlights_are_set_from_the_article_list(editor_client, settings):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = True
    first, second = ArticleFactory(title="First story"), ArticleFactory(title="Second story")
    ArticleFactory(title="Third story")
    before = Article.objects.get(pk=first.pk).edit_version
    reader = type(editor_client)()
    assert "Highlights" not in reader.get("/").content.decode()
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "add_to_highlights", "_selected_action": [first.pk, second.pk], "index": 0},
        follow=True,
    )
    assert "2 articles added to the highlights." in response.content.decode()
    assert set(Article.objects.filter(is_highlight=True)) == {first, second}
    # A form opened before the change notices it instead of undoing it.
    assert Article.objects.get(pk=first.pk).edit_version == before + 1
    # Fresh at once: the newer leads (no images here), the other is the highlight.
    home = reader.get("/").content.decode()
    above_latest = home.split('id="latest-heading"')[0]
    assert "First story" in above_latest.split('id="highlights-heading"')[1]
    assert "Second story" in above_latest.split('id="highlights-heading"')[0]
    editor_client.post(
        "/admin/articles/article/",
        {"action": "remove_from_highlights", "_selected_action": [first.pk], "index": 0},
    )
    assert list(Article.objects.filter(is_highlight=True)) == [second]


def test_authors_are_not_offered_the_highlight_actions(client):
    client.force_login(user_with_role("Author"))
    page = client.get("/admin/articles/article/").content.decode()
    assert "add_to_highlights" not in page and "remove_from_highlights" not in page
