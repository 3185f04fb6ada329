"""The header and footer menus on public pages: what editors put in them and nothing else,
fresh right after an edit, and no query for them while nothing changes; the entry for the
page shown is marked as current."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from menus.models import Menu, MenuEntry, NamedList
from tests.factories import SectionFactory, user_with_role
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


def menu(location):
    return Menu.objects.get(location=location)


def header_html(client, url="/"):
    page = client.get(url).content.decode()
    return page[page.index('<header class="site-header') : page.index("</header>")]


def footer_html(client, url="/"):
    page = client.get(url).content.decode()
    return page[page.index('<footer class="site-footer"') : page.index("</footer>")]


def test_a_new_site_has_empty_menus_and_no_menu_markup(client):
    SectionFactory(name="News")
    header = header_html(client)
    assert "<nav" not in header and "News" not in header
    assert "footer-nav" not in footer_html(client)


def test_sections_are_not_added_by_themselves(client):
    header = menu(Menu.Location.HEADER)
    MenuEntry.objects.create(menu=header, named_list=NamedList.ARTICLES)
    SectionFactory(name="Women in Ukraine")
    html = header_html(client)
    assert "Articles" in html
    assert "Women in Ukraine" not in html


def test_header_and_footer_show_their_entries_in_order(client):
    about = PageFactory(title="About us", slug="about")
    privacy = PageFactory(title="Privacy notice", slug="privacy")
    header, footer = menu(Menu.Location.HEADER), menu(Menu.Location.FOOTER)
    MenuEntry.objects.create(menu=header, order=2, named_list=NamedList.EVENTS)
    MenuEntry.objects.create(menu=header, order=1, page=about)
    MenuEntry.objects.create(menu=header, order=3, label="Donate", url="https://pay.example/")
    MenuEntry.objects.create(menu=footer, order=1, page=privacy)
    html = header_html(client)
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert '<summary class="site-nav__toggle">Menu</summary>' in html
    links = ['<a href="/about/">About us</a>', '<a href="/events/">Events</a>',
             '<a href="https://pay.example/">Donate</a>']  # fmt: skip
    positions = [html.index(link) for link in links]
    assert positions == sorted(positions)
    footer = footer_html(client)
    assert '<nav class="footer-nav" aria-label="Footer">' in footer
    assert '<a href="/privacy/">Privacy notice</a>' in footer
    assert "Privacy notice" not in html


def test_menus_are_fresh_right_after_an_edit(client):
    """With the page cache on: the edit bumps the content version, so the very next
    request of a cached page shows the new menu."""
    header = menu(Menu.Location.HEADER)
    MenuEntry.objects.create(menu=header, order=1, named_list=NamedList.ARTICLES)
    client.get("/articles/")
    cached = client.get("/articles/")
    assert cached["X-Page-Cache"] == "hit"
    entry = MenuEntry.objects.create(menu=header, order=2, label="Join us", named_list="home")
    assert "Join us" in header_html(client, "/articles/")
    entry.label = "Become a member"
    entry.save()
    assert "Become a member" in header_html(client, "/articles/")
    entry.delete()
    assert "Become a member" not in header_html(client, "/articles/")


def test_an_edit_in_the_admin_reaches_readers_at_once(client):
    header = menu(Menu.Location.HEADER)
    client.get("/")
    editor = user_with_role("Editor")
    staff = client.__class__()
    staff.force_login(editor)
    response = staff.post(
        f"/admin/menus/menu/{header.pk}/change/",
        {
            "entries-TOTAL_FORMS": "1",
            "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "1000",
            "entries-0-order": "1",
            "entries-0-label": "",
            "entries-0-named_list": NamedList.STATEMENTS,
        },
    )
    assert response.status_code == 302
    assert '<a href="/statements/">Statements</a>' in header_html(client)


def test_a_page_render_costs_no_query_for_menus(client, settings):
    """The page cache off, so that the page itself renders each time: the menus come
    from the header's and footer's cached fragments."""
    settings.PLACARD_PAGE_CACHE = False
    header, footer = menu(Menu.Location.HEADER), menu(Menu.Location.FOOTER)
    for order in range(7):
        MenuEntry.objects.create(menu=header, order=order, page=PageFactory())
        MenuEntry.objects.create(menu=footer, order=order, named_list=NamedList.SEARCH)
    client.get("/articles/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/articles/")
    assert response.status_code == 200
    assert response.content.decode().count("/page-number-") == 7
    menu_queries = [q["sql"] for q in queries if "menus_" in q["sql"] or "pages_" in q["sql"]]
    assert menu_queries == []


def test_menus_cost_one_query_however_many_entries(client, settings):
    """Even with every cache off, the menus are read in one query."""
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False

    def menu_queries():
        cache.clear()  # nothing remembered: the menus are read afresh
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/")
        return len([q for q in queries if "menus_" in q["sql"]])

    header = menu(Menu.Location.HEADER)
    MenuEntry.objects.create(menu=header, page=PageFactory())
    one = menu_queries()
    for order in range(20):
        MenuEntry.objects.create(menu=header, order=order, page=PageFactory())
    assert menu_queries() == one == 1  # the header's and the footer's together


def current_links(html):
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


def test_entries_to_the_page_shown_are_marked_current(client):
    """With the page and fragment caches on: each page marks its own entry, and a cached
    header or footer never carries another page's mark."""
    about = PageFactory(title="About us", slug="about")
    header, footer = menu(Menu.Location.HEADER), menu(Menu.Location.FOOTER)
    MenuEntry.objects.create(menu=header, order=1, page=about)
    MenuEntry.objects.create(menu=header, order=2, named_list=NamedList.EVENTS)
    MenuEntry.objects.create(menu=footer, order=1, page=about)
    for _ in range(2):  # the second time from the caches
        assert current_links(header_html(client, "/about/")) == ["/about/"]
        assert current_links(footer_html(client, "/about/")) == ["/about/"]
        assert current_links(header_html(client, "/events/")) == ["/events/"]
        assert current_links(footer_html(client, "/events/")) == []
        assert current_links(header_html(client, "/articles/")) == []
        assert current_links(footer_html(client, "/articles/")) == []
    assert client.get("/about/")["X-Page-Cache"] == "hit"
