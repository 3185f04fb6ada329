"""Draft / scheduled / published, and published under a hidden parent, × every public
entry point of a page: its address, its parent's list of subpages, the sitemap, search
and the menus."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from menus.models import Menu, MenuEntry
from pages.models import Page
from tests.pages.factories import PageFactory
from tests.support.sitemaps import sitemap_file

pytestmark = pytest.mark.django_db

WORD = "quayside"


def entry_points(page):
    return [
        page.get_absolute_url(),
        "/parent/",
        sitemap_file(page, "site-pages"),
        f"/search/?q={WORD}",
        f"/search/?q={WORD}&type=page",
        "/",  # the header menu
    ]


def shows(client, url, page):
    response = client.get(url)
    if response.status_code == 404:
        return False
    assert response.status_code == 200, url
    return page.get_absolute_url() in response.content.decode()


def make(state):
    parent = PageFactory(title="Parent", slug="parent")
    kwargs = {"title": f"The {state} page", "slug": "child", "parent": parent}
    kwargs["body"] = f"<p>Our {WORD} office.</p>"
    if state == "draft":
        kwargs["draft"] = True
    elif state == "scheduled":
        kwargs["scheduled"] = True
    page = PageFactory(**kwargs)
    if state == "under a draft":
        parent.status = Page.Status.DRAFT
        parent.save()
    if state == "under a scheduled page":
        parent.publish_at = timezone.now() + timedelta(days=1)
        parent.save()
    header = Menu.objects.get(location=Menu.Location.HEADER)
    MenuEntry.objects.create(menu=header, page=page, order=1)
    return page


def test_a_public_page_is_on_every_entry_point(client):
    page = make("published")
    assert client.get(page.get_absolute_url()).status_code == 200
    missing = [url for url in entry_points(page) if not shows(client, url, page)]
    assert missing == []


@pytest.mark.parametrize("state", ["draft", "scheduled", "under a draft", "under a scheduled page"])
def test_a_page_readers_may_not_see_is_on_no_entry_point(client, state):
    page = make(state)
    leaks = [url for url in entry_points(page) if shows(client, url, page)]
    assert leaks == []
    assert page.title not in client.get("/").content.decode()


@pytest.mark.parametrize("state", ["scheduled", "under a scheduled page"])
def test_a_scheduled_page_appears_by_itself(client, state):
    page = make(state)
    assert client.get(page.get_absolute_url()).status_code == 404
    assert page.title not in client.get("/").content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        missing = [url for url in entry_points(page) if not shows(client, url, page)]
        assert missing == []
