"""Control characters: refused in titles, leads, names and links of every content type,
on every save path that validates; and feeds that survive them when code stored them
anyway (XML 1.0 has no place for them: one vertical tab used to break every feed)."""

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from articles.models import Article
from events.models import EventException, Speaker
from publishing.models import SiteSettings
from tests.events.factories import EventFactory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

VERTICAL_TAB = "Dockers\x0bvote to strike"
ONE_LINE_MESSAGE = "Write this on one line, without line breaks, tabs or invisible control"
TEXT_MESSAGE = "This text contains an invisible control character"


def validation_errors(instance):
    """What `full_clean` (forms, the admin, careful importers) says about `instance`."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def article():
    return ArticleFactory.build(section=SectionFactory())


def statement():
    return StatementFactory.build()


def event():
    return EventFactory.build()


def speaker():
    return Speaker(event=EventFactory(), name="Ana Reyes")


def exception():
    return EventException(event=EventFactory(), date=timezone.localdate(), kind="skipped")


ONE_LINE_FIELDS = [
    (article, "title"),
    (article, "summary"),
    (statement, "title"),
    (statement, "summary"),
    (statement, "issuing_body"),
    (statement, "adopted_place"),
    (event, "title"),
    (event, "summary"),
    (event, "venue_name"),
    (event, "venue_address"),
    (event, "venue_city"),
    (event, "venue_postcode"),
    (event, "status_note"),
    (event, "organiser_name"),
    (speaker, "name"),
    (speaker, "role"),
    (exception, "note"),
]


@pytest.mark.parametrize("make, field", ONE_LINE_FIELDS)
@pytest.mark.parametrize("character", ["\x0b", "\x00", "\x1b", "\x7f", "\n", "\t"])
def test_one_line_fields_refuse_every_control_character(make, field, character):
    instance = make()
    setattr(instance, field, f"Dock{character}ers"[:20])
    errors = validation_errors(instance)
    assert field in errors, errors
    assert ONE_LINE_MESSAGE in " ".join(errors[field])


@pytest.mark.parametrize("make, field", ONE_LINE_FIELDS)
def test_one_line_fields_accept_ordinary_text(make, field):
    instance = make()
    setattr(instance, field, "Dockers’ hall — Łódź ✊"[:20])
    assert field not in validation_errors(instance)


MULTI_LINE_FIELDS = [
    (article, "standfirst"),
    (statement, "standfirst"),
    (statement, "initial_signatories"),
    (event, "online_notes"),
]


@pytest.mark.parametrize("make, field", MULTI_LINE_FIELDS)
def test_texts_of_several_lines_keep_line_breaks_and_tabs(make, field):
    instance = make()
    # Browsers send a textarea's line breaks as CR LF.
    setattr(instance, field, "First line\r\nSecond line\n\tindented")
    assert field not in validation_errors(instance)


@pytest.mark.parametrize("make, field", MULTI_LINE_FIELDS)
@pytest.mark.parametrize("character", ["\x0b", "\x00", "\x0c", "\x7f"])
def test_texts_of_several_lines_refuse_other_control_characters(make, field, character):
    instance = make()
    setattr(instance, field, f"First line\nSecond{character}line")
    errors = validation_errors(instance)
    assert field in errors
    assert TEXT_MESSAGE in " ".join(errors[field])


def article_form(author, **overrides):
    now = timezone.localtime()
    data = {
        "title": "Dockers vote to strike",
        "slug": "",
        "standfirst": "A short lead.",
        "body": "<p>Three paragraphs of careful prose.</p>",
        "status": "published",
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "tags": "",
        "summary": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": str(author.pk),
        "bylines-0-order": "0",
    }
    data.update(overrides)
    return data


def test_the_admin_refuses_a_control_character_and_keeps_what_was_typed(admin_client):
    author = AuthorFactory()
    response = admin_client.post(
        "/admin/articles/article/add/",
        article_form(author, title=VERTICAL_TAB, standfirst="Lead with a\x0cform feed"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert ONE_LINE_MESSAGE in " ".join(form.errors["title"])
    assert TEXT_MESSAGE in " ".join(form.errors["standfirst"])
    page = response.content.decode()
    assert "Three paragraphs of careful prose." in page
    assert "vote to strike" in page
    assert Article.objects.count() == 0


def test_the_admin_accepts_a_standfirst_of_several_lines(admin_client):
    author = AuthorFactory()
    response = admin_client.post(
        "/admin/articles/article/add/",
        article_form(author, standfirst="First line\r\nSecond line"),
    )
    assert response.status_code == 302
    assert Article.objects.get().standfirst == "First line\r\nSecond line"


FEEDS = [
    "/articles/feed.rss",
    "/articles/feed.atom",
    "/sections/{section}/feed.rss",
    "/sections/{section}/feed.atom",
    "/authors/{author}/feed.rss",
    "/authors/{author}/feed.atom",
    "/tags/{tag}/feed.rss",
    "/tags/{tag}/feed.atom",
    "/statements/feed.rss",
    "/statements/feed.atom",
    "/events/feed.rss",
]


@pytest.fixture
def stored_by_code():
    """Content saved by code (an importer, the shell): no validation ran. (PostgreSQL
    itself refuses a NUL in text, so only SQLite can hold one.)"""
    nul = "" if connection.vendor == "postgresql" else "\x00"
    SiteSettings.objects.create(name="Harbour\x0bside", tagline=f"Solidarity{nul} news")
    SiteSettings.clear_cache()
    stored = ArticleFactory(
        title=VERTICAL_TAB,
        standfirst=f"Lead\x0b with{nul} controls\x1b",
        body="<p>Body\x0b text\x08.</p>",
        summary="Sum\x07mary",
        authors=[AuthorFactory(name="Ana\x0bReyes")],
        section=SectionFactory(name="News\x0b"),
        tags=["pay"],
    )
    StatementFactory(
        title="Declaration\x0bof Rome",
        issuing_body="The\x1fnetwork",
        adopted_place=f"Ro{nul}me",
        body="<p>We\x0bdeclare.</p>",
    )
    EventFactory(
        title="Picket\x0bat the gate",
        summary="Bring\x0ba flask",
        status_note=f"Moved{nul}inside",
        venue_name="Dockers'\x0bHall",
        description="<p>All\x0bwelcome</p>",
    )
    return stored


@pytest.mark.parametrize("template", FEEDS)
def test_feeds_survive_control_characters_stored_by_code(client, stored_by_code, template):
    url = template.format(
        section=stored_by_code.section.slug,
        author=stored_by_code.byline_authors()[0].slug,
        tag="pay",
    )
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.title.startswith("Harbour side")
    titles = [entry.title for entry in parsed.entries]
    assert titles and all("\x0b" not in title for title in titles)
    assert {"Dockers vote to strike", "Declaration of Rome", "Picket at the gate"} & set(titles)
