"""Each item says the language it is written in, and pages mark it where it differs."""

import pytest

from articles.models import Article, Author, Section
from events.models import Event
from pages.models import Page
from statements.models import Statement
from tests.articles.test_admin import article_form
from tests.articles.test_query_counts import build_site, page_counts
from tests.events import test_query_counts as event_counts
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, AuthorFactory, StatementFactory
from tests.pages.factories import PageFactory
from tests.publishing.test_structured_data import blocks, only

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False


def test_a_new_item_is_in_the_sites_language(settings):
    assert Article().language == "en-gb"
    settings.LANGUAGE_CODE = "pl"
    for model in (Article, Statement, Event, Page):
        assert model().language == "pl"


def test_the_admin_form_saves_the_chosen_language(admin_client):
    page = admin_client.get("/admin/articles/article/add/").content.decode()
    # The site's own language is offered first, and chosen.
    options = page.split('name="language"')[1].split("</select>")[0]
    assert options.index('value="en-gb" selected') < options.index('value="pl"')
    assert ">Polish<" in options and ">Arabic<" in options
    response = admin_client.post(
        "/admin/articles/article/add/", article_form(AuthorFactory(), language="pl")
    )
    assert response.status_code == 302
    assert Article.objects.get().language == "pl"


def test_an_unknown_language_is_refused_and_nothing_stored(admin_client):
    response = admin_client.post(
        "/admin/articles/article/add/", article_form(AuthorFactory(), language="xx-evil")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()


def test_a_form_without_the_field_keeps_the_sites_language(admin_client):
    response = admin_client.post("/admin/articles/article/add/", article_form(AuthorFactory()))
    assert response.status_code == 302
    assert Article.objects.get().language == "en-gb"


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/admin/articles/article/", lambda title, language: ArticleFactory(title=title, language=language)),
        ("/admin/statements/statement/", lambda title, language: StatementFactory(title=title, language=language)),
        ("/admin/events/event/", lambda title, language: EventFactory(title=title, language=language)),
        ("/admin/pages/page/", lambda title, language: PageFactory(title=title, language=language)),
    ],
)  # fmt: skip
def test_the_changelist_filters_by_language(admin_client, url, make):
    make("Solidarność w porcie", "pl")
    make("Dockers vote to strike", "en-gb")
    everything = admin_client.get(url).content.decode()
    assert "By language" in everything and ">Polish<" in everything
    polish = admin_client.get(url, {"language": "pl"}).content.decode()
    assert "Solidarność w porcie" in polish
    assert "Dockers vote to strike" not in polish


def three_languages(make):
    return [
        make(title="Solidarność w porcie", language="pl"),
        make(title="تضامن في الميناء", language="ar"),
        make(title="Dockers vote to strike", language="en"),
    ]


def assert_marked(page, opening):
    assert f'{opening} lang="pl">' in page
    assert f'{opening} lang="ar" dir="rtl">' in page
    # English, on an English (en-gb) page, is not marked.
    assert page.count(f"{opening}>") == 1, page


def test_cards_in_lists_are_marked_where_they_differ(client):
    three_languages(ArticleFactory)
    assert_marked(client.get("/articles/").content.decode(), '<article class="card"')
    three_languages(StatementFactory)
    assert_marked(
        client.get("/statements/").content.decode(), '<article class="card card--statement"'
    )
    three_languages(EventFactory)
    assert_marked(client.get("/events/").content.decode(), '<article class="event-card"')


def test_search_results_are_marked_where_they_differ(client):
    three_languages(ArticleFactory)
    for article in Article.objects.all():
        article.body = "<p>Port solidarity fund.</p>"
        article.save()
    page = client.get("/search/", {"q": "solidarity"}).content.decode()
    assert '<h2 class="card__title" lang="pl">' in page
    assert '<h2 class="card__title" lang="ar" dir="rtl">' in page
    assert page.count('<h2 class="card__title">') == 1


@pytest.mark.parametrize(
    ("make", "opening"),
    [
        (ArticleFactory, '<article class="article"'),
        (StatementFactory, '<article class="article statement"'),
        (EventFactory, '<article class="event"'),
        (PageFactory, '<article class="article site-page"'),
    ],
)
def test_detail_pages_mark_the_item_where_it_differs(client, make, opening):
    polish, arabic, english = three_languages(make)
    assert f'{opening} lang="pl">' in client.get(polish.get_absolute_url()).content.decode()
    assert (
        f'{opening} lang="ar" dir="rtl">' in client.get(arabic.get_absolute_url()).content.decode()
    )
    assert f"{opening}>" in client.get(english.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (ArticleFactory, "NewsArticle"),
        (StatementFactory, "Article"),
        (EventFactory, "Event"),
        (PageFactory, "WebPage"),
    ],
)
def test_structured_data_says_the_language(client, make, kind):
    item = make(language="pl")
    assert only(blocks(client, item.get_absolute_url()), kind)["inLanguage"] == "pl"
    item = make()
    assert only(blocks(client, item.get_absolute_url()), kind)["inLanguage"] == "en-gb"


def test_atom_entries_in_another_language_say_so(client):
    ArticleFactory(title="Solidarność w porcie", language="pl")
    ArticleFactory(title="Dockers vote to strike")
    feed = client.get("/articles/feed.atom").content.decode()
    assert feed.count('<entry xml:lang="pl">') == 1
    assert feed.count("<entry>") == 1


def test_calendar_text_in_another_language_says_so(client):
    polish = EventFactory(title="Wiec w porcie", language="pl")
    english = EventFactory(title="Rally at the port")
    ics = client.get(polish.get_ics_url()).content.decode()
    assert "SUMMARY;LANGUAGE=pl:Wiec w porcie" in ics
    assert "DESCRIPTION;LANGUAGE=pl:" in ics
    ics = client.get(english.get_ics_url()).content.decode()
    assert "SUMMARY:Rally at the port" in ics


def test_article_query_counts_do_not_grow_with_marked_cards(client):
    """A card reads its language with the rest of its row: one more card in another
    language costs no query."""
    small = page_counts(client, build_site(1))
    Article.objects.all().delete()
    Author.objects.all().delete()
    Section.objects.all().delete()
    first = build_site(4)
    Article.objects.exclude(pk=first.pk).update(language="pl")
    Article.objects.filter(pk=Article.objects.order_by("-pk").values("pk")[:1]).update(
        language="ar"
    )
    assert page_counts(client, first) == small


def test_event_query_counts_do_not_grow_with_marked_cards(client):
    small = event_counts.counts(client, event_counts.build(1))
    Event.objects.all().delete()
    first = event_counts.build(3)
    Event.objects.exclude(pk=first.pk).update(language="pl")
    assert event_counts.counts(client, first) == small
