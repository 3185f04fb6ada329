"""The public site answers no URL with a 500.

Every public URL pattern is requested with real values (the slugs of published content)
and hostile ones in its path, and each page that answers is requested again with hostile
query parameters: a NUL and other control characters (PostgreSQL refuses a NUL in text),
values that are not slugs or numbers, very long strings, impossible pages, years and
months, and text in other scripts. Run on SQLite and on PostgreSQL.
"""

import datetime
import itertools
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from publishing.models import PreviewLink
from publishing.sitemaps import FILE_SIZE
from site_config.sitemaps import sitemaps
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, AuthorFactory, EndorsementFactory, SectionFactory
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

LONG = "x" * 5000
HOSTILE_QUERIES = [
    "q=docks%00strike&tag=%00&city=%00&kind=%00&type=%00&section=%00&year=%00&page=%00",
    "q=docks%01%0b%1b%7f&tag=docks%00&city=Gda%C5%84sk%00",
    "q=a.b&tag=a.b&city=a.b&kind=a.b&type=a.b&section=a.b&year=a.b&month=a.b&page=a.b",
    f"q={LONG}&tag={LONG}&city={LONG}&kind={LONG}&section={LONG}&page={LONG}&year={'9' * 5000}",
    "q=docks&page=abc",
    "q=docks&page=0",
    "q=docks&page=-1",
    "q=docks&page=99999",
    "q=docks&page=1e10",
    "q=docks&page=nan",
    "q=docks&year=99999&month=13",
    "q=docks&year=%C2%B2",  # "²": a digit to isdigit(), not to int()
    "q=docks&page=%C2%B2",
    f"q=docks&page={'9' * 5000}",  # digits only, too many for int()
    f"p={'9' * 5000}&cat={'9' * 5000}&feed=rss2&page_id=%C2%B2",  # WordPress's old ids
    "q=%D0%A1%D0%BE%D0%BB%D0%B8%D0%B4%D0%B0%D1%80%D0%BD%D0%BE%D1%81%D1%82%D1%8C+%E2%9C%8A"
    "&tag=%D0%A1%D0%BE%D0%BB%D0%B8&city=%C5%81%C3%B3d%C5%BA",
    "tag=docks&tag=a.b&page=1&page=2",
    "q=%ED%A0%80&tag=%FF%FE",  # not UTF-8
    "r=%00&utm_source=%00",
]
# Values that still match the converter, so that the view itself meets them.
HOSTILE_PATH_VALUES = {
    "slug": ["no-such-thing", "a" * 300],
    "kind": ["no-such-kind"],
    "token": ["%00", "x" * 1000, "%D0%A1%D0%BE%D0%BB%D0%B8", "a.b"],
    "year": ["0", "1", "99999", "9" * 30],
    "month": ["0", "13", "99999", "9" * 30],
    "day": ["0", "31", "99999", "9" * 30],
    "path": ["no-such-page/", "about/no/such/page/", "about", "a" * 300 + "/", "a/" * 150],
    "section": ["no-such-section"],
    "number": ["0", "99999", "9" * 30],
}
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def public_routes(patterns=None, prefix=""):
    """Every route of the site except the admin and the media files (served by the web
    server in production)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "^media")):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_routes(pattern.url_patterns, route)
        else:
            yield route


@pytest.fixture
def site():
    """One published item of each kind, with everything a URL can name."""
    now = timezone.now()
    article = ArticleFactory(
        authors=[AuthorFactory(name="Ana Reyes")], section=SectionFactory(), tags=["docks"]
    )
    endorsement = EndorsementFactory()
    event = EventFactory(tags=["docks"], venue_city="Gdańsk")
    draft = EventFactory(draft=True)
    preview = PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(draft), object_id=draft.pk
    )
    EventFactory(
        start=now - datetime.timedelta(days=30), end=now - datetime.timedelta(days=30, hours=-2)
    )
    page = PageFactory(title="Team", parent=PageFactory(title="About", slug="about"))
    return {
        "slug": [
            article.slug,
            article.section.slug,
            article.byline_authors()[0].slug,
            "docks",
            endorsement.statement.slug,
            event.slug,
        ],
        "kind": [event.kind],
        "token": [preview.token],
        "year": [str(now.year), str(article.publish_at.year)],
        "month": [str(now.month), str(article.publish_at.month)],
        "day": [str(now.day)],
        "path": [page.path + "/", page.parent.path + "/"],
        "section": list(sitemaps),
        "number": [str(article.pk // FILE_SIZE + 1)],
    }


def paths(route, values):
    """The route filled with every combination of real values, then with one hostile value
    at a time."""
    names = CONVERTER.findall(route)

    def fill(chosen):
        return "/" + CONVERTER.sub(lambda match: chosen[match[1]], route)

    filled = set()
    for combination in itertools.product(*(values[name] for name in names)):
        real = dict(zip(names, combination, strict=True))
        filled.add(fill(real))
        for name in names:
            for hostile in HOSTILE_PATH_VALUES[name]:
                filled.add(fill({**real, name: hostile}))
    return sorted(filled)


def assert_no_server_error(client, url, method="get", **data):
    response = getattr(client, method)(url, **data)
    assert response.status_code < 500, url[:300]
    return response


@pytest.mark.parametrize("route", list(public_routes()))
def test_no_public_url_answers_500(client, site, route):
    answered = [
        path
        for path in paths(route, site)
        if assert_no_server_error(client, path).status_code in (200, 301, 302)
    ]
    assert answered or "<" in route, f"{route} answers nothing with real values"
    for path, query in itertools.product(answered, HOSTILE_QUERIES):
        assert_no_server_error(client, f"{path}?{query}")


@pytest.mark.parametrize(
    "value", ["Ana\x00Reyes", "a.b", LONG, "Солидарность ✊", "\x0b\x1b\x7f"], ids=repr
)
def test_the_endorsement_form_takes_hostile_input_without_500(client, site, value):
    statement_slug = site["slug"][4]
    data = {
        "kind": value,
        "name": value,
        "organisation": value,
        "role": value,
        "country": value,
        "email": f"{value}@example.org",
        "comment": value,
        "consent_listed": value,
        "website": "",
    }
    assert_no_server_error(client, f"/statements/{statement_slug}/sign/", method="post", data=data)
