"""A site published in several languages: each language under its own prefix, with its
own home, lists, feeds, search and sitemap entries, a switcher between the versions of a
page, and `hreflang` alternates that search engines can follow both ways."""

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, SectionFactory, StatementFactory
from tests.pagecache import test_queries_after_change as after_change

LANGUAGES = ["en-gb", "es", "uk", "ar"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def languages(settings):
    """The site in four languages, English (en-gb) the default."""
    settings.PLACARD_LANGUAGES = LANGUAGES
    return LANGUAGES


@pytest.fixture
def group(db):
    """An English original with published Spanish and Arabic translations, and an
    unpublished Ukrainian one."""
    original = ArticleFactory(title="Strike wins", language="en-gb")
    spanish = ArticleFactory(title="La huelga gana", language="es", translation_of=original)
    arabic = ArticleFactory(title="الإضراب ينتصر", language="ar", translation_of=original)
    draft = ArticleFactory(
        title="Страйк перемагає", language="uk", translation_of=original, draft=True
    )
    return {"en-gb": original, "es": spanish, "ar": arabic, "uk": draft}


def text(response):
    return response.content.decode()


def hreflang_links(html):
    """{hreflang: href} of the page head's alternates."""
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return dict(found)


def switcher(html):
    """[(hreflang, href, is current)] of the header's language links."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    if nav is None:
        return []
    return [
        (code, href, bool(current))
        for href, code, current in re.findall(
            r'<a href="([^"]+)" lang="[^"]+" hreflang="([^"]+)"( aria-current="page")?>',
            nav.group(0),
        )
    ]


# One language: nothing changes -----------------------------------------------------------


def test_one_language_site_keeps_its_addresses(client, db, group):
    article = group["en-gb"]
    assert article.get_absolute_url() == f"/articles/{article.slug}/"
    assert reverse("home") == "/"
    for path in ["/", "/articles/", "/events/", "/search/?q=strike"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert switcher(text(response)) == []
        assert hreflang_links(text(response)) == {}
    assert client.get("/en-gb/articles/").status_code == 404


def test_one_language_site_leads_to_an_items_translations(client, db, group):
    """With one language an item's published translations keep their plain addresses, and
    its page leads to them: the switcher, and reciprocal `hreflang` with the original as
    `x-default` (the unpublished Ukrainian one nowhere)."""
    original, spanish, arabic = group["en-gb"], group["es"], group["ar"]
    expected = {
        "en-gb": f"http://testserver/articles/{original.slug}/",
        "es": f"http://testserver/articles/{spanish.slug}/",
        "ar": f"http://testserver/articles/{arabic.slug}/",
        "x-default": f"http://testserver/articles/{original.slug}/",
    }
    for item in (original, spanish, arabic):
        html = text(client.get(item.get_absolute_url()))
        assert hreflang_links(html) == expected
        assert switcher(html) == [
            ("en-gb", f"/articles/{original.slug}/", item is original),
            ("es", f"/articles/{spanish.slug}/", item is spanish),
            ("ar", f"/articles/{arabic.slug}/", item is arabic),
        ]
        assert '<html lang="en-gb" dir="ltr">' in html
    assert ">English</a>" in html and ">Español</a>" in html
    alone = ArticleFactory(title="Untranslated")
    html = text(client.get(alone.get_absolute_url()))
    assert switcher(html) == [] and hreflang_links(html) == {}


# Prefixes and redirects --------------------------------------------------------------------


def test_public_addresses_carry_the_language(client, languages, group):
    spanish = group["es"]
    assert spanish.get_absolute_url().startswith("/en-gb/")  # built in the active language
    for code in languages:
        assert client.get(f"/{code}/").status_code == 200
        assert client.get(f"/{code}/articles/").status_code == 200
        assert client.get(f"/{code}/events/").status_code == 200
        assert client.get(f"/{code}/statements/").status_code == 200
        assert client.get(f"/{code}/events/calendar/").status_code == 200
    response = client.get(f"/es/articles/{spanish.slug}/")
    assert response.status_code == 200
    assert '<html lang="es" dir="ltr">' in text(response)
    assert response["Content-Language"] == "es"
    arabic = client.get(f"/ar/articles/{group['ar'].slug}/")
    assert '<html lang="ar" dir="rtl">' in text(arabic)


def test_addresses_without_a_language_move_for_good_to_the_default(client, languages, group):
    article = group["en-gb"]
    response = client.get(f"/articles/{article.slug}/?page=2")
    assert response.status_code == 301
    assert response["Location"] == f"/en-gb/articles/{article.slug}/?page=2"
    response = client.get("/articles", follow=True)  # then the slash, as before
    assert response.redirect_chain[0] == ("/en-gb/articles", 301)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/en-gb/articles/"
    assert client.get("/events/feed.atom")["Location"] == "/en-gb/events/feed.atom"


def test_the_site_wide_addresses_stay_without_a_language(client, languages, group):
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/site.webmanifest").status_code == 200
    assert client.get("/favicon.ico").status_code == 200
    assert client.get("/admin/login/").status_code == 200


def test_the_home_page_sends_each_reader_to_their_language_privately(client, languages, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/uk/"
    assert "Accept-Language" in response["Vary"]
    assert "private" in response["Cache-Control"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX")["Location"] == "/es/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de, fr;q=0.8")["Location"] == "/en-gb/"
    assert client.get("/")["Location"] == "/en-gb/"


def test_an_item_under_another_languages_prefix_moves_to_its_own(client, languages, group):
    spanish = group["es"]
    response = client.get(f"/en-gb/articles/{spanish.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/es/articles/{spanish.slug}/"
    response = client.get(f"/uk/articles/{group['en-gb'].slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/en-gb/articles/{group['en-gb'].slug}/"


@pytest.mark.parametrize(
    "path",
    [
        "/xx/articles/",
        "/es/no-such-page/",
        "/es",
        "/ES/articles/",
        "/es/articles/no-such-article/",
        "/es/es/articles/",
        "/es/admin/",
        "/%00/",
        "/es/sitemap.xml",
    ],
)
def test_odd_prefixes_are_never_an_error(client, languages, db, path):
    response = client.get(path, follow=True)
    assert response.status_code in (200, 404), path


# Each language's own lists, feeds, search and home -----------------------------------------


def test_lists_show_the_items_of_their_language(client, languages, group):
    section = SectionFactory(name="News")
    german = ArticleFactory(title="Streik gewinnt", language="de", section=section)
    mexican = ArticleFactory(title="Huelga en México", language="es-mx", section=section)
    english_list = text(client.get("/en-gb/articles/"))
    spanish_list = text(client.get("/es/articles/"))
    assert "Strike wins" in english_list
    assert "La huelga gana" not in english_list
    assert german.title in english_list  # not a language of the site: the default's
    assert "La huelga gana" in spanish_list
    assert mexican.title in spanish_list
    assert "Strike wins" not in spanish_list
    assert german.title not in spanish_list
    assert f"/es/articles/{group['es'].slug}/" in spanish_list
    # Sections, tags, archive: the same.
    assert german.title in text(client.get(f"/en-gb/sections/{section.slug}/"))
    assert german.title not in text(client.get(f"/es/sections/{section.slug}/"))
    assert mexican.title in text(client.get(f"/es/sections/{section.slug}/"))


def test_statements_and_events_lists_keep_to_their_language(client, languages, db):
    StatementFactory(title="Declaration of solidarity", language="en-gb")
    StatementFactory(title="Declaración de solidaridad", language="es")
    EventFactory(title="Rally in London", language="en-gb")
    EventFactory(title="Concentración en Madrid", language="es")
    english = text(client.get("/en-gb/statements/")) + text(client.get("/en-gb/events/"))
    spanish = text(client.get("/es/statements/")) + text(client.get("/es/events/"))
    assert "Declaration of solidarity" in english and "Rally in London" in english
    assert "Declaración" not in english and "Concentración" not in english
    assert "Declaración de solidaridad" in spanish and "Concentración en Madrid" in spanish
    assert "Declaration of solidarity" not in spanish and "Rally in London" not in spanish
    calendar = text(client.get("/es/events/calendar/"))
    assert "Rally in London" not in calendar


def test_a_statement_is_signed_under_its_language(client, languages, db):
    statement = StatementFactory(title="Declaración de solidaridad", language="es")
    page = text(client.get(f"/es/statements/{statement.slug}/"))
    assert f'action="/es/statements/{statement.slug}/sign/"' in page
    assert client.get(f"/es/statements/{statement.slug}/signatories/").status_code == 200


def test_feeds_are_per_language(client, languages, group):
    EventFactory(title="Concentración en Madrid", language="es")
    EventFactory(title="Rally in London", language="en-gb")
    spanish = feedparser.parse(client.get("/es/articles/feed.atom").content)
    assert [entry.title for entry in spanish.entries] == ["La huelga gana"]
    assert spanish.entries[0].link.endswith(f"/es/articles/{group['es'].slug}/")
    english = feedparser.parse(client.get("/en-gb/articles/feed.rss").content)
    assert [entry.title for entry in english.entries] == ["Strike wins"]
    events = feedparser.parse(client.get("/es/events/feed.rss").content)
    assert [entry.title for entry in events.entries] == ["Concentración en Madrid"]
    calendar = text(client.get("/es/events/calendar.ics"))
    assert "Concentración en Madrid" in calendar and "Rally in London" not in calendar


def test_each_languages_pages_name_its_own_feeds_in_their_head(client, languages, group):
    """The head's links are written once per language: each language's pages name that
    language's feeds, whichever language a worker served first."""
    for language in ("es", "en-gb", "es"):
        head = text(client.get(f"/{language}/articles/")).split("</head>", 1)[0]
        assert (
            f'type="application/rss+xml" title="Placard – RSS" href="/{language}/articles/feed.rss"'
            in head
        )
        assert f'href="/{language}/articles/feed.atom"' in head
        assert '<link rel="manifest" href="/site.webmanifest">' in head


def test_search_is_per_language(client, languages, group):
    ArticleFactory(title="Huelga general", language="es")
    ArticleFactory(title="General strike", language="en-gb")
    spanish = text(client.get("/es/search/?q=huelga"))
    assert "Huelga general" in spanish and "La huelga gana" in spanish
    assert text(client.get("/en-gb/search/?q=huelga")).count("Huelga general") == 0
    assert "General strike" in text(client.get("/en-gb/search/?q=general"))
    assert "General strike" not in text(client.get("/es/search/?q=general"))


def test_each_language_has_its_own_home(client, languages, group):
    StatementFactory(title="Declaración de solidaridad", language="es")
    spanish = text(client.get("/es/"))
    english = text(client.get("/en-gb/"))
    assert "La huelga gana" in spanish and "Declaración de solidaridad" in spanish
    assert "Strike wins" not in spanish
    assert "Strike wins" in english
    assert "La huelga gana" not in english and "Declaración" not in english


# Switcher, hreflang, og:locale --------------------------------------------------------------


def test_the_switcher_leads_to_each_published_translation(client, languages, group):
    html = text(client.get(f"/es/articles/{group['es'].slug}/"))
    assert switcher(html) == [
        ("en-gb", f"/en-gb/articles/{group['en-gb'].slug}/", False),
        ("es", f"/es/articles/{group['es'].slug}/", True),
        ("uk", "/uk/", False),  # a draft translation: that language's home instead
        ("ar", f"/ar/articles/{group['ar'].slug}/", False),
    ]
    assert ">Español</a>" in html and ">English</a>" in html
    assert ">Українська</a>" in html and ">العربيّة</a>" in html


def test_the_switcher_of_a_list_leads_to_each_languages_list(client, languages, db):
    html = text(client.get("/uk/events/"))
    assert switcher(html) == [
        ("en-gb", "/en-gb/events/", False),
        ("es", "/es/events/", False),
        ("uk", "/uk/events/", True),
        ("ar", "/ar/events/", False),
    ]
    assert hreflang_links(html)["x-default"] == "http://testserver/en-gb/events/"


def test_hreflang_alternates_are_reciprocal_with_x_default(client, languages, group):
    published = {code: item for code, item in group.items() if code != "uk"}
    expected = {
        code: f"http://testserver/{code}/articles/{item.slug}/" for code, item in published.items()
    }
    expected["x-default"] = expected["en-gb"]
    for code, item in published.items():
        html = text(client.get(f"/{code}/articles/{item.slug}/"))
        assert hreflang_links(html) == expected, code


def test_og_locale_names_the_page_and_its_translations(client, languages, group):
    html = text(client.get(f"/es/articles/{group['es'].slug}/"))
    assert '<meta property="og:locale" content="es_ES">' in html
    alternates = re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', html)
    assert sorted(alternates) == ["ar_AR", "en_GB"]
    english = text(client.get(f"/en-gb/articles/{group['en-gb'].slug}/"))
    assert '<meta property="og:locale" content="en_GB">' in english


def test_detail_page_language_data_costs_one_query(client, settings, languages, group):
    """However many translations an item has, its switcher and alternates take one query:
    the page costs the same with more of them, and as much as on a site of one language
    (whose page leads to the item's translations the same way)."""
    url = f"/es/articles/{group['es'].slug}/"

    def queries(url=url):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    before = queries()
    for code in ["de", "fr", "it"]:
        ArticleFactory(language=code, translation_of=group["en-gb"])
    settings.PLACARD_LANGUAGES = [*LANGUAGES, "de", "fr", "it"]
    assert queries() == before
    assert len(switcher(text(client.get(url)))) == 7
    settings.PLACARD_LANGUAGES = ["es"]
    assert queries(f"/articles/{group['es'].slug}/") == before


# Sitemap ----------------------------------------------------------------------------------


def sitemap_urls(client):
    """{loc: {hreflang: href}} of every entry of every file of the sitemap."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    found = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        path = loc.text.removeprefix("http://testserver")
        body = client.get(path).content
        assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in body or b"xhtml:" not in body
        for url in ET.fromstring(body).iter(f"{SITEMAP}url"):
            links = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
            found[url.find(f"{SITEMAP}loc").text] = links
    return found


def test_sitemap_lists_each_item_under_its_language_with_alternates(client, languages, group):
    urls = sitemap_urls(client)
    site = "http://testserver"
    expected = {
        "en-gb": f"{site}/en-gb/articles/{group['en-gb'].slug}/",
        "es": f"{site}/es/articles/{group['es'].slug}/",
        "ar": f"{site}/ar/articles/{group['ar'].slug}/",
    }
    for code, address in expected.items():
        assert urls[address] == {**expected, "x-default": expected["en-gb"]}, code
    assert not any(group["uk"].slug in address for address in urls)
    for code in languages:
        assert urls[f"{site}/{code}/articles/"]["x-default"] == f"{site}/en-gb/articles/"
        assert f"{site}/{code}/" in urls


def test_every_address_of_the_sitemap_answers_in_its_language(client, languages, group):
    StatementFactory(language="es")
    EventFactory(language="uk")
    ArticleFactory(
        language="es", tags=["huelga"], publish_at=group["es"].publish_at.replace(year=2020)
    )
    urls = sitemap_urls(client)
    for address, alternates in urls.items():
        path = address.removeprefix("http://testserver")
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{path.split("/")[1]}"' in text(response), path
        for code, href in alternates.items():
            assert urls[href].get(code if code != "x-default" else "en-gb") == href
    assert "http://testserver/es/archive/2020/" in urls
    assert "http://testserver/en-gb/archive/2020/" not in urls


def test_one_language_sitemap_has_no_alternates(client, group):
    urls = sitemap_urls(client)
    article = group["en-gb"]
    assert urls[f"http://testserver/articles/{article.slug}/"] == {}
    assert urls[f"http://testserver/articles/{group['es'].slug}/"] == {}
    assert "http://testserver/" in urls
    assert not any("/en-gb/" in address for address in urls)


# Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("caching", [False, True])
@pytest.mark.parametrize("page", after_change.PAGES)
def test_pages_of_a_language_keep_to_eight_queries_after_a_change(
    client, settings, languages, db, caching, page
):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = caching
    path = after_change.build(6)[page]
    url = path if path.startswith("/en-gb/") else f"/en-gb{path}"
    queries = after_change.queries_after_change(client, url)
    assert len(queries) <= after_change.MAX_QUERIES, "\n".join(sql[:160] for sql in queries)


# Old addresses and pages --------------------------------------------------------------------


def test_old_wordpress_addresses_still_find_their_items(client, tmp_path, settings, languages, db):
    from tests.wordpress.test_import import SITE, import_wordpress

    settings.MEDIA_ROOT = tmp_path / "media"
    import_wordpress(SITE)
    old = client.get("/2019/03/14/harbour-strike/", follow=True)
    assert old.redirect_chain[0] == ("/en-gb/articles/harbour-strike/", 301)
    assert old.status_code == 200
    assert client.get("/?p=101")["Location"] == "/en-gb/articles/harbour-strike/"
    page = client.get("/es/about/")  # an English page, under another language's prefix
    assert page.status_code == 301
    assert page["Location"] == "/en-gb/about/"
    assert client.get("/en-gb/about/history/").status_code == 200
    assert client.get("/about/history/")["Location"] == "/en-gb/about/history/"


# The setting --------------------------------------------------------------------------------


def test_the_setting_is_read_from_the_environment_and_checked_at_start():
    from tests.site_config.test_settings import run

    show = "from django.conf import settings as s; print(s.PLACARD_LANGUAGES, 'es' in dict(s.LANGUAGES))"
    result = run(
        ["-c", f"import django; django.setup(); {show}"],
        DJANGO_DEBUG="true",
        PLACARD_LANGUAGES="en-GB, es,uk,ar",
    )
    assert result.stdout.strip() == "['en-gb', 'es', 'uk', 'ar'] True", result.stderr
    default = run(["-c", f"import django; django.setup(); {show}"], DJANGO_DEBUG="true")
    assert default.stdout.startswith("['en-gb']"), default.stderr
    for wrong in ["en-gb,klingon", "es,es", "zh-cn"]:
        refused = run(
            ["-c", "import django; django.setup()"], DJANGO_DEBUG="true", PLACARD_LANGUAGES=wrong
        )
        assert refused.returncode != 0
        assert "PLACARD_LANGUAGES" in refused.stderr, wrong
