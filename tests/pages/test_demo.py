"""The demo pages and menus of `manage.py quickstart`."""

import pytest

from articles.demo import create_demo_content
from menus.demo import create_demo_menus, demo_menus_exist
from menus.models import reader_menus
from pages.demo import create_demo_pages, demo_pages_exist
from pages.models import Page

pytestmark = pytest.mark.django_db


def test_demo_pages_and_menus(client):
    assert not demo_pages_exist() and not demo_menus_exist()
    create_demo_content()
    assert create_demo_pages() == 6
    assert sorted(Page.objects.published().values_list("path", flat=True)) == [
        "about", "about/team", "contact", "donate", "join", "privacy",
    ]  # fmt: skip
    assert create_demo_menus() == 13
    assert demo_pages_exist() and demo_menus_exist()
    menus = reader_menus()
    assert [link["label"] for link in menus["header"]] == [
        "About us", "News", "Statements", "Events", "International", "Join", "Donate",
    ]  # fmt: skip
    assert [link["label"] for link in menus["footer"]] == [
        "Our team", "Contact", "Privacy notice", "Event calendar", "Archive", "Search",
    ]  # fmt: skip
    for link in menus["header"] + menus["footer"]:
        assert client.get(link["url"]).status_code == 200, link
