"""Signatures refresh only what shows them: a campaign's sign-ups leave article pages and
other statements in the cache, and the statement's own counts and lists are fresh at once.

Run with the shared cache (Redis), where a hit costs no query, and with the default local
one, where each hit checks the versions' rows."""

import time

import pytest
from django.test import Client

from pagecache import versions
from statements import endorsements, views
from statements.models import Endorsement
from tests.factories import ArticleFactory, EndorsementFactory, StatementFactory
from tests.support.broken_cache import UnreachableCache

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["local", "shared"])
def which_cache(request):
    if request.param == "shared":
        request.getfixturevalue("shared_cache")
    return request.param


def count_on(client, statement):
    page = client.get(statement.get_absolute_url()).content.decode()
    return page.split('<p class="endorsement-count"><strong>')[1].split("<")[0]


def test_a_confirmed_signature_refreshes_its_statement_and_nothing_else(client, which_cache):
    article = ArticleFactory(title="Report from the picket")
    statement = StatementFactory(title="Free them all")
    other = StatementFactory(title="Another call")
    pending = EndorsementFactory(
        statement=statement, status=Endorsement.Status.PENDING, token_nonce="abc"
    )
    pages = [article.get_absolute_url(), other.get_absolute_url(), "/", "/statements/"]
    for url in pages:
        client.get(url)
    assert count_on(client, statement) == "0"
    site_version = versions.stored_version()

    assert endorsements.confirm(pending)

    assert versions.stored_version() == site_version  # the site's pages stay cached
    for url in pages:
        assert client.get(url)["X-Page-Cache"] == "hit", url
    response = client.get(statement.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert count_on(client, statement) == "1"
    listing = client.get(f"/statements/{statement.slug}/signatories/").content.decode()
    assert pending.name in listing and "<strong>1</strong> signature" in listing


def test_signatures_shown_in_the_fragment_and_count_are_fresh(client, which_cache, settings):
    settings.PLACARD_PAGE_CACHE = False  # fragments and remembered counts alone
    statement = StatementFactory()
    EndorsementFactory(statement=statement, name="First Signer")
    signatories = f"/statements/{statement.slug}/signatories/"
    assert "First Signer" in client.get(statement.get_absolute_url()).content.decode()
    assert "<strong>1</strong> signature" in client.get(signatories).content.decode()
    EndorsementFactory(statement=statement, name="Second Signer")
    assert "Second Signer" in client.get(statement.get_absolute_url()).content.decode()
    listing = client.get(signatories).content.decode()
    assert "Second Signer" in listing and "<strong>2</strong> signatures" in listing


def test_moderation_refreshes_the_moderated_statements_only(admin_client, which_cache):
    reader = Client()
    article = ArticleFactory(title="Untouched piece")
    statement = StatementFactory(moderated=True)
    waiting = EndorsementFactory(statement=statement, name="Awaiting Approval")
    reader.get(article.get_absolute_url())
    signatories = f"/statements/{statement.slug}/signatories/"
    assert "Awaiting Approval" not in reader.get(signatories).content.decode()

    admin_client.post(
        "/admin/statements/endorsement/",
        {"action": "approve", "_selected_action": [str(waiting.pk)]},
    )

    assert "Awaiting Approval" in reader.get(signatories).content.decode()
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_signature_committed_while_the_page_renders_is_not_stored(client, shared_cache):
    statement = StatementFactory()
    real_context = views.endorsement_context

    def sign_meanwhile(item):
        context = real_context(item)  # read the version and the counts ...
        EndorsementFactory(statement=item, name="Late Signer")  # ... then one commits
        return context

    views.endorsement_context = sign_meanwhile
    try:
        during = client.get(statement.get_absolute_url())
    finally:
        views.endorsement_context = real_context
    assert during["X-Page-Cache"] == "miss"
    after = client.get(statement.get_absolute_url())
    assert after["X-Page-Cache"] == "miss"  # the page rendered meanwhile was not kept
    assert "<strong>1</strong> signature" in after.content.decode()


def test_a_signature_made_while_the_cache_is_down_shows_once_it_is_back(
    client, shared_cache, monkeypatch
):
    monkeypatch.setattr(versions, "VERSION_SECONDS", 1)
    statement = StatementFactory()
    assert count_on(client, statement) == "0"  # stored, and the scope's copy with it
    with monkeypatch.context() as down:
        down.setattr(versions, "cache", UnreachableCache("down", {}))
        EndorsementFactory(statement=statement)  # the cache cannot be told
    time.sleep(1.1)  # the copy of the scope's version has expired
    assert count_on(client, statement) == "1"


def test_the_first_scope_of_a_new_database_is_made_and_bumped(client):
    """The site's row was made with an explicit id: a new scope's row must still be made
    (on PostgreSQL, the id sequence has to be past it)."""
    statement = StatementFactory()
    scope = statement.signatures_scope
    before = versions.stored_versions([scope])[scope]
    versions.scope_changed(scope)
    after = versions.stored_versions([scope])[scope]
    assert before == "0-" and after.startswith("2-")
