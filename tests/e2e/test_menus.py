"""The header menu in Chromium: one row on a desktop, folded on a phone into a "Menu"
button that opens without script, the entry for the page shown marked and styled as
such, and pages with menus pass axe-core and the Nu checker.

Measured with the element boxes the browser lays out, on a header of realistic length:
seven entries, the organisation's name and tagline, with and without a logo.
"""

import pytest
from django.core.files.base import ContentFile
from django.utils.text import slugify
from playwright.sync_api import expect

from menus.models import Menu, MenuEntry, NamedList
from publishing.models import SiteSettings
from tests.e2e.conftest import describe_html_errors, describe_violations
from tests.factories import ImageFactory, SectionFactory, jpeg_bytes
from tests.pages.factories import PageFactory

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The header, closed menu included, may take at most a fifth of a phone's first screen.
PHONE_HEADER_LIMIT = PHONE["height"] * 0.2
LABELS = ["About us", "News", "Statements", "Events", "Women in Ukraine", "Join", "Donate"]


def build_site(logo):
    site, _created = SiteSettings.objects.get_or_create(pk=1)
    site.name = "Harbourside Solidarity Network"
    site.tagline = "Dockworkers, seafarers and their communities, standing together"
    site.logo = (
        ImageFactory(title="Logo", file=ContentFile(jpeg_bytes(1000, 650), name="logo.jpg"))
        if logo
        else None
    )
    site.save()
    SiteSettings.clear_cache()
    about = PageFactory(title="About us", slug="about", body="<p>Who we are.</p>")
    team = PageFactory(title="Our team", slug="team", parent=about, body="<p>The people.</p>")
    PageFactory(title="Board", slug="board", parent=team)
    header = Menu.objects.get(location=Menu.Location.HEADER)
    targets = [
        {"page": about},
        {"section": SectionFactory(name="News")},
        {"named_list": NamedList.STATEMENTS},
        {"named_list": NamedList.EVENTS},
        {"section": SectionFactory(name="Women in Ukraine")},
        {"page": PageFactory(title="Join", slug="join")},
        {"page": PageFactory(title="Donate", slug="donate")},
    ]
    for order, target in enumerate(targets):
        MenuEntry.objects.create(menu=header, order=order, **target)
    footer = Menu.objects.get(location=Menu.Location.FOOTER)
    MenuEntry.objects.create(menu=footer, order=1, page=team)
    MenuEntry.objects.create(menu=footer, order=2, label="Newsletter", url="https://news.example/")
    return {"home": "/", "page": "/about/", "nested page": "/about/team/"}


def box(locator):
    found = locator.bounding_box()
    assert found is not None, "not laid out"
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("logo", [False, True], ids=["no logo", "logo"])
def test_the_desktop_menu_is_one_row_of_links(live_server, page, logo):
    build_site(logo)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/")
    links = page.locator(".site-nav__list a")
    assert links.all_inner_texts() == LABELS
    assert page.locator(".site-nav__toggle").is_hidden()
    boxes = [box(links.nth(index)) for index in range(links.count())]
    tops = {round(found["y"]) for found in boxes}
    assert len(tops) == 1, f"entries on {len(tops)} lines: {boxes}"
    header, nav = box(page.locator(".site-header")), box(page.locator(".site-nav"))
    row = boxes[-1]["x"] + boxes[-1]["width"] - boxes[0]["x"]
    assert nav["height"] <= boxes[0]["height"] + 1
    print(
        f"desktop ({'logo' if logo else 'no logo'}): header {header['height']:.0f} px high, "
        f"menu row {nav['height']:.0f} px high, entries {row:.0f} px wide of {DESKTOP['width']}"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("logo", [False, True], ids=["no logo", "logo"])
def test_the_phone_menu_is_folded_small_and_opens_without_script(
    live_server, browser, run_axe, logo
):
    build_site(logo)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    header = box(page.locator(".site-header"))
    toggle = page.locator(".site-nav__toggle")
    assert toggle.is_visible()
    assert page.locator(".site-nav__list a").first.is_hidden()
    bottom = header["y"] + header["height"]
    print(
        f"phone ({'logo' if logo else 'no logo'}): header with the closed menu ends at "
        f"{bottom:.0f} px of {PHONE['height']} ({bottom / PHONE['height']:.0%})"
    )
    assert bottom <= PHONE_HEADER_LIMIT
    # The button is within the screen, beside the name, big enough to tap.
    button = box(toggle)
    assert button["x"] + button["width"] <= PHONE["width"]
    assert button["y"] + button["height"] <= bottom
    assert button["height"] >= 24 and button["width"] >= 24

    toggle.click()
    links = page.locator(".site-nav__list a")
    assert links.all_inner_texts() == LABELS
    assert all(links.nth(index).is_visible() for index in range(links.count()))
    first = box(links.first)
    assert first["x"] >= 0 and first["x"] + first["width"] <= PHONE["width"]
    context.close()

    # axe needs script; it runs on the page as readers have it, menu open.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.locator(".site-nav__toggle").click()
    assert page.locator(".site-nav__list a").first.is_visible()
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    page.locator(".site-nav__list a", has_text="Join").click()
    page.wait_for_url(f"{live_server.url}/join/")
    context.close()


def looks(link):
    return link.evaluate(
        "a => { const s = getComputedStyle(a);"
        " return [s.color, s.backgroundColor, s.boxShadow, s.textDecorationThickness]; }"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_entry_for_the_page_shown_is_marked_and_looks_it(live_server, page, viewport):
    build_site(logo=False)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/about/")
    if page.locator(".site-nav__toggle").is_visible():
        page.locator(".site-nav__toggle").click()
    current = page.locator(".site-nav__list a[aria-current=page]")
    expect(current).to_have_text(["About us"])
    assert looks(current) != looks(page.locator(".site-nav__list a", has_text="Join"))

    page.goto(f"{live_server.url}/about/team/")
    expect(page.locator("a[aria-current=page]")).to_have_text(["Our team"])
    current = page.locator(".footer-nav a[aria-current=page]")
    assert looks(current) != looks(page.locator(".footer-nav a", has_text="Newsletter"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_and_menus_have_no_axe_violations(live_server, page, run_axe, viewport):
    paths = build_site(logo=True)
    page.set_viewport_size(viewport)
    failures = []
    for name, path in paths.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        violations = run_axe(page)
        if violations:
            failures.append(f"--- {name} ({path})\n{describe_violations(violations)}")
    assert not failures, "axe-core found accessibility problems:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_pages_and_menus_are_valid_html(client, tmp_path, check_html):
    paths = build_site(logo=True)
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        (tmp_path / f"{slugify(name)}.html").write_bytes(response.content)
    errors = check_html(sorted(tmp_path.glob("*.html")))
    assert not errors, "The Nu HTML checker found errors:\n" + describe_html_errors(errors)
