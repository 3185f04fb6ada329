"""Right to left: a site in Arabic comes out mirrored, a site in English as it always was.

The stylesheet uses logical properties (inline start and end instead of left and right),
so the layout follows the page's `dir`. Checked by geometry in a real browser, on a phone
and on a wide screen, with screenshots kept in the test's tmp_path
(`--basetemp` keeps them somewhere to attach), and by axe-core on the Arabic pages.
"""

import pytest
from django.core.files.base import ContentFile

from menus.models import Menu, MenuEntry
from publishing.models import SiteSettings
from tests.e2e.conftest import describe_violations
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 900)}

CONTENT = {
    "ar": {
        "site": "شبكة تضامن الميناء",
        "title": "إضراب الميناء",
        "standfirst": "صوّت العمال على الإضراب.",
        "body": (
            "<p>اجتمع العمال على الرصيف عند الفجر.</p>"
            "<blockquote><p>نقف معاً أو لا نقف أبداً.</p></blockquote>"
            "<ul><li>اجتماع عام</li><li>رسائل إلى سلطة الميناء</li></ul>"
        ),
        "tags": ["عمال", "ميناء", "إضراب"],
        "pages": ["من نحن", "فروعنا", "فرع الإسكندرية"],
        "page body": "<p>يلتقي الفرع كل يوم خميس في مقر النقابة.</p>",
    },
    "en-gb": {
        "site": "Harbourside Solidarity Network",
        "title": "Dockers strike",
        "standfirst": "Members voted to strike.",
        "body": (
            "<p>Members met on the quay at dawn.</p>"
            "<blockquote><p>We stand together, or we do not stand at all.</p></blockquote>"
            "<ul><li>A public meeting</li><li>Letters to the port authority</li></ul>"
        ),
        "tags": ["dockers", "harbour", "strike"],
        "pages": ["About us", "Branches", "Liverpool branch"],
        "page body": "<p>The branch meets every Thursday at the union hall.</p>",
    },
}

GEOMETRY = """() => {
    const box = (el) => el.getBoundingClientRect().toJSON();
    const heading = document.querySelector("h1");
    const range = document.createRange();
    range.selectNodeContents(heading);
    const style = getComputedStyle(heading);
    const inner = document.querySelector(".site-header__inner");
    const innerStyle = getComputedStyle(inner);
    const quote = document.querySelector(".rich-text blockquote");
    const quoteStyle = quote && getComputedStyle(quote);
    return {
        html: {lang: document.documentElement.lang, dir: document.documentElement.dir},
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        heading: {
            direction: style.direction,
            textAlign: style.textAlign,
            box: box(heading),
            text: range.getClientRects()[0].toJSON(),
        },
        inner: {
            box: box(inner),
            start: parseFloat(innerStyle.paddingLeft),
            end: parseFloat(innerStyle.paddingRight),
        },
        brand: box(document.querySelector(".site-brand")),
        logo: box(document.querySelector(".site-brand__logo")),
        name: box(document.querySelector(".site-brand__name")),
        tags: [...document.querySelectorAll(".tag-list li")].map(box),
        crumbs: [...document.querySelectorAll(".breadcrumb__trail li")].map(box),
        toggle: (() => {
            const toggle = document.querySelector(".site-nav__toggle");
            return toggle && toggle.offsetParent ? box(toggle) : null;
        })(),
        header: box(document.querySelector(".site-header")),
        entries: [...document.querySelectorAll(".site-nav__list a")]
            .filter((a) => a.offsetParent).map(box),
        separator: (() => {
            const second = document.querySelector(".breadcrumb__trail li + li");
            return second && getComputedStyle(second, "::before").content;
        })(),
        quoteBorder: quoteStyle && {
            left: quoteStyle.borderLeftWidth,
            right: quoteStyle.borderRightWidth,
        },
    };
}"""


@pytest.fixture
def site(settings):
    """`site(language)`: a one-language site in `language`, with a header menu, an article
    (tags, a quote, a list) and a page two levels down (breadcrumbs); returns their paths."""

    def build(language):
        settings.LANGUAGE_CODE = language
        settings.PLACARD_LANGUAGES = [language]
        words = CONTENT[language]
        settings_row, _created = SiteSettings.objects.get_or_create(pk=1)
        settings_row.name = words["site"]
        logo = jpeg_bytes(width=200, height=200, color=(163, 20, 28))
        settings_row.logo = ImageFactory(title="Logo", file=ContentFile(logo, name="logo.jpg"))
        settings_row.save()
        SiteSettings.clear_cache()
        article = ArticleFactory(
            language=language,
            title=words["title"],
            standfirst=words["standfirst"],
            body=words["body"],
            section=None,
            lead_image=None,
        )
        article.tags.add(*words["tags"])
        top, middle, leaf = words["pages"]
        body = words["page body"]
        parent = PageFactory(language=language, title=top, body=body)
        child = PageFactory(language=language, title=middle, parent=parent, body=body)
        page = PageFactory(language=language, title=leaf, parent=child, body=body)
        header = Menu.objects.get(location=Menu.Location.HEADER)
        MenuEntry.objects.create(menu=header, order=1, page=parent)
        MenuEntry.objects.create(menu=header, order=2, page=child)
        return {"article": article.get_absolute_url(), "page": page.get_absolute_url()}

    return build


def measure(page, url, viewport, tmp_path, name):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(url)
    assert response.status == 200, url
    page.screenshot(path=tmp_path / f"{name}-{viewport}.png", full_page=True)
    return page.evaluate(GEOMETRY)


def near(a, b, tolerance=2):
    return abs(a - b) <= tolerance


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_arabic_site_is_mirrored(live_server, page, site, viewport, tmp_path, run_axe):
    paths = site("ar")
    shape = measure(page, live_server.url + paths["article"], viewport, tmp_path, "ar-article")
    assert shape["html"] == {"lang": "ar", "dir": "rtl"}
    assert shape["scrollWidth"] <= shape["clientWidth"], "the page scrolls sideways"

    heading = shape["heading"]
    assert heading["direction"] == "rtl"
    assert heading["textAlign"] in ("start", "right")
    # The title is short: it starts at the right edge of its box and ends well short of
    # the left one.
    assert near(heading["text"]["right"], heading["box"]["right"])
    assert heading["text"]["left"] > heading["box"]["left"] + 20

    # The site's name and logo sit on the right, the logo first (rightmost).
    inner, brand = shape["inner"], shape["brand"]
    assert near(brand["right"], inner["box"]["right"] - inner["end"])
    assert brand["left"] > inner["box"]["left"] + inner["start"] + 10
    assert shape["logo"]["left"] > shape["name"]["left"]

    # Tags run from right to left; the quote's rule is on its right.
    tags = shape["tags"]
    assert len(tags) == 3
    assert tags[0]["right"] > tags[1]["right"] > tags[2]["right"]
    assert shape["quoteBorder"] == {"left": "0px", "right": "4px"}

    # The menu: on a phone its button is in the top left corner, on a desktop its
    # entries run from right to left.
    if viewport == "phone":
        toggle = shape["toggle"]
        assert toggle is not None
        assert toggle["left"] < shape["header"]["width"] / 4
        assert toggle["right"] < brand["left"]
    else:
        entries = shape["entries"]
        assert len(entries) == 2
        assert entries[0]["right"] > entries[1]["right"]

    violations = run_axe(page)
    assert violations == [], describe_violations(violations)

    shape = measure(page, live_server.url + paths["page"], viewport, tmp_path, "ar-page")
    assert shape["scrollWidth"] <= shape["clientWidth"], "the page scrolls sideways"
    crumbs = shape["crumbs"]
    assert len(crumbs) == 2
    assert crumbs[0]["right"] > crumbs[1]["right"]  # the trail starts on the right
    assert near(crumbs[0]["right"], shape["heading"]["box"]["right"])
    assert shape["separator"] == '"‹"'  # pointing along the trail, leftwards

    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_english_site_runs_left_to_right(live_server, page, site, viewport, tmp_path):
    paths = site("en-gb")
    shape = measure(page, live_server.url + paths["article"], viewport, tmp_path, "en-article")
    assert shape["html"] == {"lang": "en-gb", "dir": "ltr"}
    assert shape["scrollWidth"] <= shape["clientWidth"], "the page scrolls sideways"

    heading = shape["heading"]
    assert heading["direction"] == "ltr"
    assert near(heading["text"]["left"], heading["box"]["left"])
    assert heading["text"]["right"] < heading["box"]["right"] - 20

    inner, brand = shape["inner"], shape["brand"]
    assert near(brand["left"], inner["box"]["left"] + inner["start"])
    assert shape["logo"]["left"] < shape["name"]["left"]

    tags = shape["tags"]
    assert tags[0]["left"] < tags[1]["left"] < tags[2]["left"]
    assert shape["quoteBorder"] == {"left": "4px", "right": "0px"}

    if viewport == "phone":
        toggle = shape["toggle"]
        assert toggle is not None
        assert toggle["right"] > shape["header"]["width"] * 3 / 4
        assert toggle["left"] > brand["right"]
    else:
        entries = shape["entries"]
        assert len(entries) == 2
        assert entries[0]["left"] < entries[1]["left"]

    shape = measure(page, live_server.url + paths["page"], viewport, tmp_path, "en-page")
    assert shape["scrollWidth"] <= shape["clientWidth"], "the page scrolls sideways"
    crumbs = shape["crumbs"]
    assert crumbs[0]["left"] < crumbs[1]["left"]
    assert near(crumbs[0]["left"], shape["heading"]["box"]["left"])
    assert shape["separator"] == '"›"'
