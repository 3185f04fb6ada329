"""Readers' pages need no JavaScript and make no third-party requests.

Every page a reader can reach is parsed as a browser would: no script other than JSON-LD,
no event-handler attributes or `javascript:` links, and everything the browser would load
by itself (images, stylesheets, icons, frames, form targets) comes from the site. Links
to other sites are fine: they are followed only when the reader clicks.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from publishing.models import SiteSettings, SocialLink
from tests.events.factories import EventFactory, SpeakerFactory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EndorsementFactory,
    ImageFactory,
    SectionFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

# Attributes whose URL the browser fetches without a click, per element ("*": any).
LOADED_URLS = {
    "*": ["src", "poster", "background", "formaction"],
    "form": ["action"],
    "object": ["data"],
    "base": ["href"],
}
# `<link>`s the browser fetches; canonical and alternate links are only addresses.
LOADED_LINKS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


@pytest.fixture
def site(db):
    """Enough content that every kind of block shows: images, links out, forms."""
    logo = ImageFactory(title="Logo")
    settings = SiteSettings.objects.create(name="Harbourside Network", logo=logo)
    SocialLink.objects.create(site=settings, label="Mastodon", url="https://social.example/@dock")
    section = SectionFactory(name="News")
    author = AuthorFactory(name="Maria Kowalczyk", photo=ImageFactory())
    article = ArticleFactory(
        title="Dockers win their pay claim",
        section=section,
        authors=[author],
        tags=["pay"],
        is_highlight=True,
        lead_image=ImageFactory(),
        lead_image_alt="Dockers on the quay",
        body='<p>Read <a href="https://union.example/report">the report</a>.</p>',
    )
    statement = StatementFactory(initial_signatories="Harbourside Network\nPort Workers Union")
    EndorsementFactory(statement=statement)
    event = EventFactory(
        hybrid=True,
        registration_url="https://tickets.example/meeting",
        organiser_url="https://union.example/",
    )
    SpeakerFactory(event=event)
    EventFactory(
        title="Last year's rally",
        start=timezone.now() - timedelta(days=30),
        end=timezone.now() - timedelta(days=30, hours=-2),
    )
    return {
        "article": article.get_absolute_url(),
        "statement": statement.get_absolute_url(),
        "event": event.get_absolute_url(),
        "section": section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": "/tags/pay/",
        "thanks": f"{statement.get_absolute_url()}thanks/",
    }


PAGES = [
    "/",
    "/articles/",
    "{article}",
    "{section}",
    "/authors/",
    "{author}",
    "{tag}",
    "/archive/",
    "/statements/",
    "{statement}",
    "{thanks}",
    "/events/",
    "/events/past/",
    "/events/calendar/",
    "{event}",
    "/search/?q=dockers",
    "/no-such-page/",
]


class PageResources(HTMLParser):
    """What a browser would run or fetch on its own while showing a page."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.loaded, self.javascript_links = [], [], [], []
        self.stylesheets, self.meta_refresh = [], []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") != "application/ld+json":
            self.scripts.append(attrs)
        self.handlers += [f"<{tag} {name}>" for name in attrs if name.startswith("on")]
        for name in LOADED_URLS["*"] + LOADED_URLS.get(tag, []):
            if attrs.get(name):
                self.loaded.append(attrs[name])
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.loaded.append(candidate.split()[0])
        self.loaded += CSS_URL.findall(attrs.get("style") or "")
        if (attrs.get("href") or "").strip().lower().startswith("javascript:"):
            self.javascript_links.append(attrs["href"])
        rels = set((attrs.get("rel") or "").lower().split()) if tag == "link" else set()
        if rels & LOADED_LINKS or "apple-touch-icon" in rels:
            self.loaded.append(attrs.get("href") or "")
        if "stylesheet" in rels:
            self.stylesheets.append(attrs.get("href"))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.meta_refresh.append(attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.loaded += CSS_URL.findall(data)


def resources(html):
    parser = PageResources()
    parser.feed(html)
    parser.close()
    return parser


def is_local(url):
    parts = urlsplit(url.strip())
    if not parts.scheme and not parts.netloc:
        return True  # relative to the site
    return parts.scheme in ("http", "https") and parts.netloc == "testserver"


@pytest.mark.parametrize("page", PAGES)
def test_public_page_runs_no_script_and_loads_nothing_from_elsewhere(client, site, page):
    url = page.format(**site)
    response = client.get(url)
    assert response.status_code == (404 if url == "/no-such-page/" else 200)
    found = resources(response.content.decode())
    assert found.scripts == []
    assert found.handlers == []
    assert found.javascript_links == []
    assert found.meta_refresh == []
    assert found.loaded, "a page without its stylesheet"
    assert [src for src in found.loaded if not is_local(src)] == []
    assert found.stylesheets and all(is_local(href) for href in found.stylesheets)


def test_pages_do_show_the_images_and_links_out_that_are_checked(client, site):
    """The content above really puts images and links to other sites on the pages."""
    article = resources(client.get(site["article"]).content.decode())
    assert any("/media/" in src for src in article.loaded)
    assert 'href="https://union.example/report"' in client.get(site["article"]).content.decode()
    assert "https://social.example/@dock" in client.get("/").content.decode()


def test_stylesheets_load_nothing_from_elsewhere(client, site):
    for href in resources(client.get("/").content.decode()).stylesheets:
        response = client.get(href)
        assert response.status_code == 200, href
        css = b"".join(response.streaming_content).decode()
        assert [url for url in CSS_URL.findall(css) if not is_local(url)] == [], href
