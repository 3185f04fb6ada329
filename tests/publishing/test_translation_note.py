"""The note on a translation's public page while its original has changed since: shown
when the editors left it on, with a link to the original once that is published, and
refreshed in the page cache when the original changes."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing.formatting import date
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, StatementFactory
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

NOTE = "this translation may not include the change."
FACTORIES = {
    "article": ArticleFactory,
    "statement": StatementFactory,
    "event": EventFactory,
    "page": PageFactory,
}


def page_text(client, item):
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def note_of(text):
    found = re.search(r'<aside class="notice translation-note".*?</aside>', text, re.S)
    return found.group(0) if found else ""


def change(original):
    original.title = f"{original.title} (corrected)"
    original.save()
    original.refresh_from_db()


@pytest.mark.parametrize("kind", FACTORIES)
def test_a_translation_behind_its_original_says_so_and_links_to_it(client, kind):
    make = FACTORIES[kind]
    original = make(title="The original text", language="en-gb")
    translation = make(title="El texto traducido", language="es", translation_of=original)
    assert NOTE not in page_text(client, translation)

    change(original)

    note = note_of(page_text(client, translation))
    assert f"The original of this text was updated on {date(original.updated_at)}; {NOTE}" in note
    assert f'<a href="{original.get_absolute_url()}" hreflang="en-gb"' in note
    assert "The original text (corrected)</a>" in note
    assert NOTE not in page_text(client, original)


def test_no_note_when_the_editors_turned_it_off_or_the_translation_caught_up(client):
    original = ArticleFactory(language="en-gb")
    quiet = ArticleFactory(language="es", translation_of=original, note_outdated_translation=False)
    caught_up = ArticleFactory(language="uk", translation_of=original)
    change(original)
    caught_up.mark_translation_current()
    caught_up.save()

    assert NOTE not in page_text(client, quiet)
    assert NOTE not in page_text(client, caught_up)


def test_an_unpublished_original_is_not_linked(client):
    original = StatementFactory(title="Draft original", language="en-gb")
    translation = StatementFactory(language="uk", translation_of=original)
    original.status = original.Status.DRAFT
    original.save()

    note = note_of(page_text(client, translation))

    assert NOTE in note
    assert "<a " not in note and "Draft original" not in note


def test_the_cached_page_of_a_translation_shows_the_note_after_the_original_changes(
    client, settings
):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = True
    original = ArticleFactory(language="en-gb")
    translation = ArticleFactory(language="es", translation_of=original)
    page_text(client, translation)
    assert NOTE not in page_text(client, translation)  # served from the cache

    change(original)

    assert NOTE in page_text(client, translation)


def detail_queries(client, item):
    client.get(item.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        assert client.get(item.get_absolute_url()).status_code == 200
    return len(captured)


def test_the_translations_page_takes_the_same_queries_however_large_its_group(client):
    original = ArticleFactory(language="en-gb")
    translation = ArticleFactory(language="es", translation_of=original)
    change(original)
    before = detail_queries(client, translation)
    for code in ["uk", "ar", "pl", "de"]:
        ArticleFactory(language=code, translation_of=original)

    assert detail_queries(client, translation) == before
