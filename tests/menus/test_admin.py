"""Editing the menus in the admin: one form per menu, clear messages, editors only."""

import pytest

from menus.models import Menu, MenuEntry, NamedList
from publishing.roles import ADMINISTRATOR, AUTHOR, EDITOR
from tests.factories import user_with_role
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


def entries_form(*rows, initial=0):
    data = {
        "entries-TOTAL_FORMS": str(len(rows)),
        "entries-INITIAL_FORMS": str(initial),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"entries-{index}-{name}"] = value
    return data


@pytest.fixture
def editor_client(client):
    client.force_login(user_with_role(EDITOR))
    return client


@pytest.fixture
def header():
    return Menu.objects.get(location=Menu.Location.HEADER)


def test_editors_see_both_menus_and_may_neither_add_nor_delete_one(editor_client, header):
    listing = editor_client.get("/admin/menus/menu/").content.decode()
    assert "Header menu" in listing and "Footer menu" in listing
    assert "/admin/menus/menu/add/" not in listing
    assert editor_client.get("/admin/menus/menu/add/").status_code == 403
    assert editor_client.get(f"/admin/menus/menu/{header.pk}/delete/").status_code == 403
    form = editor_client.get(f"/admin/menus/menu/{header.pk}/change/").content.decode()
    for text in ["Label", "Page", "Section", "List", "Statement", "Event", "Web address"]:
        assert text in form, text
    assert "Event calendar" in form  # a named list to choose


def test_editors_save_entries_of_every_kind(editor_client, header):
    page = PageFactory(title="About us", slug="about")
    response = editor_client.post(
        f"/admin/menus/menu/{header.pk}/change/",
        entries_form(
            {"order": "1", "page": str(page.pk)},
            {"order": "2", "named_list": NamedList.EVENTS},
            {"order": "3", "label": "Donate", "url": "pay.example/donate"},
        ),
    )
    assert response.status_code == 302
    assert [str(entry) for entry in header.entries.all()] == ["About us", "Events", "Donate"]
    # What an editor types without a scheme is read as https.
    assert header.entries.get(label="Donate").url == "https://pay.example/donate"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"label": "Nowhere"}, "Each entry leads to exactly one place"),
        ({"named_list": NamedList.SEARCH, "url": "https://a.example/"}, "exactly one place"),
        ({"url": "https://a.example/"}, "Give a label: a web address has no title"),
        ({"label": "Bad", "url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"label": "Odd", "named_list": "no-such:list"}, "Select a valid choice"),
    ],
)
def test_bad_entries_get_a_clear_message_and_store_nothing(editor_client, header, row, message):
    good = {"order": "1", "named_list": NamedList.ARTICLES}
    response = editor_client.post(
        f"/admin/menus/menu/{header.pk}/change/", entries_form(good, {"order": "2", **row})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MenuEntry.objects.exists()


def test_targets_are_chosen_with_autocomplete(editor_client, header):
    PageFactory(title="About us", slug="about")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "about", "app_label": "menus", "model_name": "menuentry", "field_name": "page"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["About us"]


def test_administrators_edit_menus_too(client, header):
    client.force_login(user_with_role(ADMINISTRATOR))
    assert client.get(f"/admin/menus/menu/{header.pk}/change/").status_code == 200


def test_authors_cannot_edit_menus(client, header):
    client.force_login(user_with_role(AUTHOR))
    assert client.get(f"/admin/menus/menu/{header.pk}/change/").status_code == 403
    assert "Menus" not in client.get("/admin/").content.decode()
