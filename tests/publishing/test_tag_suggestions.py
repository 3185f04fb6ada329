"""The admin's tag field suggests the tags already in use, through a plain `<datalist>`."""

from html.parser import HTMLParser

import pytest

from tests.factories import ArticleFactory, user_with_role

pytestmark = pytest.mark.django_db

HOSTILE_TAG = "<b>Dockers & co</b>"
ADD_PAGES = [
    "/admin/articles/article/add/",
    "/admin/statements/statement/add/",
    "/admin/events/event/add/",
]


class TagField(HTMLParser):
    """The tags input and the options of every datalist on a page, attributes unescaped."""

    def __init__(self):
        super().__init__()
        self.input = None
        self.datalists = {}
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "tags":
            self.input = attrs
        elif tag == "datalist":
            self._open = self.datalists.setdefault(attrs.get("id"), [])
        elif tag == "option" and self._open is not None:
            self._open.append(attrs.get("value"))

    def handle_endtag(self, tag):
        if tag == "datalist":
            self._open = None


def tag_field(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = TagField()
    parser.feed(response.content.decode())
    assert parser.input is not None, "no tags input"
    return parser, response.content.decode()


@pytest.fixture
def editor_client(client):
    client.force_login(user_with_role("Editor"))
    return client


@pytest.mark.parametrize("url", ADD_PAGES)
def test_existing_tags_are_suggested_on_the_add_page(editor_client, url):
    ArticleFactory(tags=["strike", "pay", HOSTILE_TAG])
    field, html = tag_field(editor_client, url)
    suggestions = field.datalists.get(field.input.get("list"))
    assert sorted(suggestions) == sorted(["strike", "pay", HOSTILE_TAG])
    # The name is shown as typed, never as markup.
    assert "&lt;b&gt;Dockers &amp; co&lt;/b&gt;" in html
    assert "<b>Dockers" not in html


def test_the_change_page_keeps_the_items_own_tags_next_to_the_suggestions(editor_client):
    ArticleFactory(tags=["housing"])
    article = ArticleFactory(tags=["pay", "strike"])
    field, _ = tag_field(editor_client, f"/admin/articles/article/{article.pk}/change/")
    assert sorted(tag.strip() for tag in field.input["value"].split(",")) == ["pay", "strike"]
    assert sorted(field.datalists[field.input["list"]]) == ["housing", "pay", "strike"]
