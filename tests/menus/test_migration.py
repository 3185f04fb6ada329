"""Upgrading a site changes nothing readers see: the migration that brings menus fills the
header menu of an existing site once with what its header showed. A new site starts with
empty menus."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from menus.models import Menu, MenuEntry
from tests.factories import SectionFactory, UserFactory

SEED = ("menus", "0002_seed_menus")
BEFORE = [("menus", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.fixture
def before_menus(transactional_db):
    """The database as it was before menus existed; migrated forward again afterwards."""
    migrate(BEFORE)
    yield
    migrate([SEED])


def header_links(client):
    page = client.get("/").content.decode()
    header = page[page.index('<header class="site-header') : page.index("</header>")]
    return [part.split('">', 1)[0] for part in header.split('<li><a href="')[1:]]


def test_an_existing_site_keeps_what_its_header_showed(client, before_menus):
    UserFactory(username="someone")
    international = SectionFactory(name="International", order=2)
    news = SectionFactory(name="News", order=1)
    migrate([SEED])
    header = Menu.objects.get(location=Menu.Location.HEADER)
    assert [(entry.named_list, entry.section_id) for entry in header.entries.order_by("order")] == [
        ("articles:article-list", None),
        ("statements:statement-list", None),
        ("events:event-list", None),
        ("", news.pk),
        ("", international.pk),
        ("articles:archive", None),
        ("search", None),
    ]
    assert header_links(client) == [
        "/articles/", "/statements/", "/events/", news.get_absolute_url(),
        international.get_absolute_url(), "/archive/", "/search/",
    ]  # fmt: skip
    html = client.get("/").content.decode()
    for label in ["Articles", "Statements", "Events", "News", "International", "Archive"]:
        assert f">{label}</a>" in html
    assert not Menu.objects.get(location=Menu.Location.FOOTER).entries.exists()
    # Once: running it again (a database restored and migrated twice) adds nothing.
    migrate([("menus", "0001_initial")])
    migrate([SEED])
    assert header.entries.count() == 7


def test_a_new_empty_database_gets_empty_menus(before_menus):
    migrate([SEED])
    assert sorted(Menu.objects.values_list("location", flat=True)) == ["footer", "header"]
    assert not MenuEntry.objects.exists()
