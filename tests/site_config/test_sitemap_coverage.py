"""What the sitemap covers: every public list (tags, the archive, the author list, the
signatory pages) as well as the items, each address with its last change, and nothing a
reader may not see."""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from statements.models import Endorsement
from tests.events.factories import EventFactory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EndorsementFactory,
    SectionFactory,
    StatementFactory,
)
from tests.pages.factories import PageFactory
from tests.site_config.test_sitemaps import everything, index, read_file

pytestmark = pytest.mark.django_db


def w3c(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def changed(item):
    return w3c(max(item.updated_at, item.publish_at))


def entries(client):
    """{path: lastmod} of every address the sitemap lists."""
    return {urlsplit(url).path: lastmod for url, lastmod in everything(client).items()}


@pytest.fixture
def site():
    now = timezone.now()
    news, author = SectionFactory(name="News", slug="news"), AuthorFactory(name="Ana Ruiz")
    older = ArticleFactory(
        section=news, authors=[author], tags=["docks"], publish_at=now - timedelta(days=40)
    )
    newer = ArticleFactory(section=news, authors=[author], tags=["ports"])
    statement = StatementFactory(slug="open-letter")
    EndorsementFactory(statement=statement, confirmed_at=now - timedelta(minutes=5))
    return {
        "older": older,
        "newer": newer,
        "author": author,
        "statement": statement,
        "quiet statement": StatementFactory(slug="quiet"),
        "event": EventFactory(),
        "page": PageFactory(title="About us", slug="about"),
        # Nothing of these may show, nor date anything that does.
        "draft": ArticleFactory(
            draft=True, section=news, authors=[author], tags=["docks", "secret"]
        ),
        "scheduled": ArticleFactory(
            scheduled=True,
            section=SectionFactory(slug="later"),
            authors=[AuthorFactory(name="Not Yet")],
            tags=["tomorrow"],
            publish_at=now + timedelta(days=70),
        ),
    }


def test_every_address_has_its_last_change(client, site):
    listed = entries(client)
    missing = sorted(path for path, lastmod in listed.items() if not lastmod)
    assert missing == []
    # The index dates each file by the newest of its addresses.
    assert len(index(client)) >= 10


def test_tags_the_archive_authors_and_signatories_are_listed(client, site):
    listed = entries(client)
    older, newer = site["older"], site["newer"]
    for path in [
        "/tags/docks/",
        "/tags/ports/",
        "/authors/",
        "/authors/ana-ruiz/",
        "/archive/",
        "/sections/news/",
        "/statements/open-letter/signatories/",
    ]:
        assert path in listed, path
    for article in (older, newer):
        stamp = timezone.localtime(article.publish_at)
        assert f"/archive/{stamp.year}/" in listed
        assert f"/archive/{stamp.year}/{stamp.month:02d}/" in listed
    # A statement nobody has signed publicly has no list worth visiting.
    assert "/statements/quiet/signatories/" not in listed


def test_lists_are_dated_by_the_newest_published_item_they_show(client, site):
    listed = entries(client)
    older, newer = site["older"], site["newer"]
    assert listed["/tags/docks/"] == changed(older)  # not the newer draft's time
    assert listed["/tags/ports/"] == changed(newer)
    assert listed["/sections/news/"] == changed(newer)
    assert listed["/authors/ana-ruiz/"] == changed(newer)
    assert listed["/authors/"] == listed["/archive/"] == listed["/articles/"] == changed(newer)
    month = timezone.localtime(older.publish_at)
    assert listed[f"/archive/{month.year}/{month.month:02d}/"] == changed(older)
    assert listed["/events/"] == listed["/events/calendar/"] == changed(site["event"])
    assert listed["/statements/"] == max(
        changed(site["statement"]), changed(site["quiet statement"])
    )
    # The home page shows articles, statements and events.
    shown = ["older", "newer", "statement", "quiet statement", "event"]
    assert listed["/"] == max(changed(site[key]) for key in shown)


def test_the_signatory_list_changes_with_each_confirmed_signature(client, site, settings):
    # Signatures do not change the content version: the cached sitemap waits its hour.
    settings.PLACARD_PAGE_CACHE = False
    statement = site["statement"]
    path = "/statements/open-letter/signatories/"
    first = entries(client)[path]
    assert first == changed(statement)  # signed before the statement was last saved
    later = timezone.now() + timedelta(minutes=1)
    EndorsementFactory(statement=statement, confirmed_at=later)
    assert entries(client)[path] == w3c(later)


def test_signatories_readers_cannot_see_do_not_list_a_page(client, site, settings):
    # Signatures do not change the content version: the cached sitemap waits its hour.
    settings.PLACARD_PAGE_CACHE = False
    quiet = site["quiet statement"]
    EndorsementFactory(statement=quiet, status=Endorsement.Status.PENDING, confirmed_at=None)
    hidden = StatementFactory(slug="hidden-names", show_individual_names=False)
    EndorsementFactory(statement=hidden)  # an individual: counted, not listed by name
    moderated = StatementFactory(slug="moderated", moderated=True)
    EndorsementFactory(statement=moderated)  # confirmed, not yet approved
    draft = StatementFactory(slug="draft-statement", draft=True)
    EndorsementFactory(statement=draft)
    listed = entries(client)
    for slug in ["quiet", "hidden-names", "moderated", "draft-statement"]:
        assert f"/statements/{slug}/signatories/" not in listed, slug
    EndorsementFactory(
        statement=hidden, kind=Endorsement.Kind.ORGANISATION, organisation="Dock Union"
    )
    assert "/statements/hidden-names/signatories/" in entries(client)


def test_drafts_and_scheduled_items_never_appear(client, site):
    listed = entries(client)
    scheduled = site["scheduled"]
    month = timezone.localtime(scheduled.publish_at)
    for path in [
        site["draft"].get_absolute_url(),
        scheduled.get_absolute_url(),
        "/tags/secret/",
        "/tags/tomorrow/",
        "/sections/later/",
        "/authors/not-yet/",
        f"/archive/{month.year}/{month.month:02d}/",
    ]:
        assert path not in listed, path
    # Nor do they date what is listed: the newest published article dates the lists.
    assert max(v for v in listed.values()) <= w3c(timezone.now())


def test_every_listed_address_answers(client, site):
    for path in entries(client):
        assert client.get(path).status_code == 200, path


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_queries_per_file_do_not_grow_with_the_content(client, site, settings):
    settings.PLACARD_PAGE_CACHE = False
    urls = ["/sitemap.xml", *(urlsplit(url).path for url in index(client))]
    before = [count_queries(client, url) for url in urls]
    for number in range(6):
        article = ArticleFactory(
            tags=[f"tag-{number}", "docks"],
            authors=[AuthorFactory(), site["author"]],
            publish_at=timezone.now() - timedelta(days=31 * number),
        )
        EndorsementFactory(statement=StatementFactory())
        assert article.pk
    assert [count_queries(client, url) for url in urls] == before
    assert max(before[1:]) <= 2


def test_an_empty_file_is_valid(client):
    for url in index(client):
        read_file(client, url)
