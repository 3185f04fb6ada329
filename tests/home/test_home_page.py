"""The home page as the layout arranges it: the lead, the highlights, the statements and
events blocks where editors put them, the section blocks; each item once, fresh after an
edit, in a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import HomeHighlight, HomeLayout, HomeSection
from statements.models import StatementKind
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, StatementFactory

pytestmark = pytest.mark.django_db

TITLE = re.compile(
    r'class="(?:card__title|event-card__title|home-lead__title)"[^>]*><a href="([^"]+)">([^<]+)</a>'
)


def blocks(client):
    """{block: [titles]} in the order of the page: "lead", then each section's heading id."""
    html = client.get("/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    found = {}
    lead = re.search(r'<article class="home-lead.*?</article>', main, re.S)
    if lead:
        found["lead"] = [title for _url, title in TITLE.findall(lead.group(0))]
    for match in re.finditer(
        r'<section class="[\w -]+" aria-labelledby="([\w-]+)">(.*?)</section>', main, re.S
    ):
        found[match.group(1)] = [title for _url, title in TITLE.findall(match.group(2))]
    return found


def ago(days):
    return timezone.now() - timedelta(days=days)


def pictured(**kwargs):
    return ArticleFactory(lead_image=ImageFactory(), lead_image_alt="A crowd", **kwargs)


def layout(**fields):
    stored, _created = HomeLayout.objects.update_or_create(pk=1, defaults=fields)
    return stored


def test_the_newest_highlight_with_an_image_leads_and_appears_once(client):
    ArticleFactory(title="Marked without image", is_highlight=True, publish_at=ago(1))
    pictured(title="Marked with image", is_highlight=True, publish_at=ago(2))
    pictured(title="Older marked with image", is_highlight=True, publish_at=ago(3))
    ArticleFactory(title="Ordinary", publish_at=ago(4))
    page = blocks(client)
    assert page["lead"] == ["Marked with image"]
    assert page["highlights-heading"] == ["Marked without image", "Older marked with image"]
    assert page["latest-heading"] == ["Ordinary"]


def test_without_highlights_the_newest_item_with_an_image_leads(client):
    ArticleFactory(title="Newest, no image", publish_at=ago(1))
    StatementFactory(
        title="Pictured declaration", lead_image=ImageFactory(), lead_image_alt="Delegates",
        publish_at=ago(2),
    )  # fmt: skip
    pictured(title="Pictured article", publish_at=ago(3))
    page = blocks(client)
    assert page["lead"] == ["Pictured declaration"]
    assert "statements-heading" not in page  # its only statement leads
    assert page["latest-heading"] == ["Newest, no image", "Pictured article"]


def test_the_editors_lead_comes_first_and_reads_well_without_an_image(client):
    pictured(title="Marked with image", is_highlight=True)
    statement = StatementFactory(title="Open letter to the minister")
    layout(lead_statement=statement)
    html = client.get("/").content.decode()
    lead = re.search(r'<article class="home-lead.*?</article>', html, re.S).group(0)
    assert "home-lead--text" in lead and "<img" not in lead and "home-lead__image" not in lead
    assert "Open letter to the minister" in lead and "Adopted by the conference" in lead
    page = blocks(client)
    assert page["lead"] == ["Open letter to the minister"]
    assert "statements-heading" not in page  # its only statement leads
    assert page["highlights-heading"] == ["Marked with image"]


def test_an_event_can_lead(client):
    event = EventFactory(title="Rally at the gates")
    layout(lead_event=event)
    page = blocks(client)
    assert page["lead"] == ["Rally at the gates"]
    assert "Rally at the gates" not in page.get("events-heading", [])


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_a_chosen_lead_that_is_not_public_gives_way(client, state):
    hidden = ArticleFactory(title="Not for readers yet", **{state: True})
    pictured(title="Marked with image", is_highlight=True)
    layout(lead_article=hidden)
    html = client.get("/").content.decode()
    assert "Not for readers yet" not in html
    assert blocks(client)["lead"] == ["Marked with image"]


def test_listed_highlights_replace_the_marked_articles_in_their_order(client):
    stored = layout(highlights_heading="Year highlights")
    statement = StatementFactory(title="Declaration of the year")
    event = EventFactory(title="Congress of the year")
    article = ArticleFactory(title="Report of the year", publish_at=ago(5))
    draft = ArticleFactory(title="Unfinished draft", draft=True)
    ArticleFactory(title="Marked but not listed", is_highlight=True, publish_at=ago(2))
    pictured(title="Pictured news", publish_at=ago(3))
    for order, item in enumerate([statement, event, draft, article]):
        HomeHighlight.objects.create(layout=stored, order=order, **{item._meta.model_name: item})
    html = client.get("/").content.decode()
    assert '<h2 id="highlights-heading" class="block-heading">Year highlights</h2>' in html
    assert "Unfinished draft" not in html
    page = blocks(client)
    assert page["highlights-heading"] == [
        "Declaration of the year",
        "Congress of the year",
        "Report of the year",
    ]
    # Nothing listed has an image: the newest pictured article leads.
    assert page["lead"] == ["Pictured news"]
    assert page["latest-heading"] == ["Marked but not listed"]
    assert "statements-heading" not in page  # its only statement is a highlight
    assert "events-heading" not in page  # its only event is a highlight


def test_no_item_appears_twice(client):
    sections = [SectionFactory(name=name) for name in ("News", "Analysis")]
    articles = [
        (pictured if index % 3 == 0 else ArticleFactory)(
            title=f"Article {index}",
            section=sections[index % 2],
            is_highlight=index % 4 == 0,
            publish_at=ago(index + 1),
        )
        for index in range(20)
    ]
    statements = [StatementFactory(title=f"Statement {index}") for index in range(5)]
    events = [EventFactory(title=f"Event {index}") for index in range(5)]
    stored = layout(lead_article=articles[6])
    for order, item in enumerate([articles[6], statements[0], events[0], articles[1]]):
        HomeHighlight.objects.create(layout=stored, order=order, **{item._meta.model_name: item})
    html = client.get("/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    urls = [url for url, _title in TITLE.findall(main)]
    assert len(urls) > 15
    assert len(urls) == len(set(urls))
    assert blocks(client)["lead"] == ["Article 6"]


def test_each_section_block_shows_the_newest_articles_not_shown_above(client):
    news, analysis = SectionFactory(name="News", order=1), SectionFactory(name="Analysis", order=2)
    for age in range(6):
        for section, offset in ((news, 0), (analysis, 0.5)):
            ArticleFactory(
                title=f"{section.name} {age}", section=section, publish_at=ago(age + offset + 1)
            )
    ArticleFactory(title="News draft", section=news, draft=True)
    ArticleFactory(title="News later", section=news, scheduled=True)
    page = blocks(client)
    # Nothing has an image or is marked: no lead; the four newest are the latest articles.
    assert "lead" not in page
    assert page["latest-heading"] == ["News 0", "Analysis 0", "News 1", "Analysis 1"]
    assert page["section-news"] == ["News 2", "News 3", "News 4"]
    assert page["section-analysis"] == ["Analysis 2", "Analysis 3", "Analysis 4"]
    assert list(page).index("section-news") < list(page).index("section-analysis")


def test_editors_choose_which_sections_appear_and_their_order(client):
    names = ["News", "Analysis", "International"]
    sections = {name: SectionFactory(name=name, order=i) for i, name in enumerate(names)}
    for name, section in sections.items():
        for age in range(6):
            ArticleFactory(title=f"{name} {age}", section=section, publish_at=ago(age + 1))
    stored = layout(sections_shown=HomeLayout.SectionChoice.CHOSEN)
    HomeSection.objects.create(layout=stored, section=sections["International"], order=1)
    HomeSection.objects.create(layout=stored, section=sections["News"], order=2)
    page = blocks(client)
    assert [name for name in page if name.startswith("section-")] == [
        "section-international",
        "section-news",
    ]


def test_statements_and_events_go_where_the_layout_puts_them(client):
    pictured(title="Marked with image", is_highlight=True, publish_at=ago(1))
    ArticleFactory(title="Marked too", is_highlight=True, publish_at=ago(2))
    ArticleFactory(title="Ordinary", section=SectionFactory(name="News"), publish_at=ago(3))
    for age in range(5):
        ArticleFactory(title=f"Older {age}", section=SectionFactory(name="Old"), publish_at=ago(9))
    StatementFactory(title="A declaration")
    EventFactory(title="A rally")
    # By default both come right after the lead and the highlights, near the top.
    assert list(blocks(client))[:5] == [
        "lead",
        "highlights-heading",
        "statements-heading",
        "events-heading",
        "latest-heading",
    ]
    layout(
        statements_position=HomeLayout.Position.END,
        events_position=HomeLayout.Position.AFTER_LEAD,
    )
    order = list(blocks(client))
    assert order[:4] == ["lead", "events-heading", "highlights-heading", "latest-heading"]
    assert order[-1] == "statements-heading"
    layout(
        statements_position=HomeLayout.Position.AFTER_LATEST,
        events_position=HomeLayout.Position.HIDDEN,
    )
    order = list(blocks(client))
    assert "events-heading" not in order and "A rally" not in client.get("/").content.decode()
    assert order.index("statements-heading") == order.index("latest-heading") + 1


def test_an_empty_site_says_so(client):
    html = client.get("/").content.decode()
    assert "Nothing has been published yet." in html


def test_a_layout_change_reaches_readers_at_once(client, settings):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = True
    pictured(title="Pictured")
    ArticleFactory(title="Marked", is_highlight=True)
    statement = StatementFactory(title="Declaration for safe harbours")
    assert "Highlights" in client.get("/").content.decode()
    assert client.get("/").content == client.get("/").content  # served from the cache
    stored = layout(highlights_heading="Year highlights")
    assert "Year highlights" in client.get("/").content.decode()
    HomeHighlight.objects.create(layout=stored, statement=statement)
    page = blocks(client)
    assert page["highlights-heading"] == ["Declaration for safe harbours"]
    stored.lead_statement = statement
    stored.save()
    assert blocks(client)["lead"] == ["Declaration for safe harbours"]


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries)


def build(count):
    """`count` of everything, with a chosen lead, listed highlights of each kind and chosen
    sections, so that every block of the home page is filled."""
    sections = [SectionFactory(name=f"Section {index}") for index in range(2)]
    articles = [
        pictured(section=sections[index % 2], is_highlight=True, publish_at=ago(index + 1))
        for index in range(count * 8)
    ]
    statements = [
        StatementFactory(lead_image=ImageFactory(), lead_image_alt="Hall") for _ in range(count)
    ]
    events = [EventFactory(repeat="weekly", repeat_count=4) for _ in range(count)]
    stored = layout(lead_event=events[0], sections_shown=HomeLayout.SectionChoice.CHOSEN)
    for order, section in enumerate(sections):
        HomeSection.objects.create(layout=stored, section=section, order=order)
    for order, item in enumerate([*articles[:count], *statements[:count], *events[:count]]):
        HomeHighlight.objects.create(layout=stored, order=order, **{item._meta.model_name: item})


def test_query_counts_do_not_grow_with_the_number_of_items(client, settings):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = False
    build(1)
    client.get("/")  # site settings are cached from the first page on
    small = count_queries(client)
    build(3)
    client.get("/")  # the header's menus and the next scheduled change, read once per change
    large = count_queries(client)
    print(f"home page queries: {small} with one of each, {large} with three")
    assert small == large
    assert large <= 14


def test_statements_lead_and_fill_their_block_without_a_query_each(client, settings):
    settings.PLACARD_PAGE_CACHE = settings.PLACARD_FRAGMENT_CACHE = False
    kind = StatementKind.objects.create(name="Open letter", order=1)

    def statement(number, **fields):
        return StatementFactory(
            title=f"Declaration {number}", kind=kind, standfirst=f"Lead of {number}.",
            lead_image=ImageFactory(), lead_image_alt="Delegates", publish_at=ago(number),
            **fields,
        )  # fmt: skip

    statement(1, adopted_place="Lisbon")
    client.get("/")  # site settings are cached from the first page on
    one = count_queries(client)
    for number in range(2, 5):
        statement(number)
    client.get("/")
    four = count_queries(client)
    html = client.get("/").content.decode()
    lead = re.search(r'<article class="home-lead.*?</article>', html, re.S).group(0)
    assert "Declaration 1" in lead and "Lead of 1." in lead and "<img" in lead
    assert "Lisbon, 28 October 2023" in lead and "Open letter" in lead
    block = blocks(client)["statements-heading"]
    assert block == ["Declaration 2", "Declaration 3", "Declaration 4"]
    assert "Adopted by the conference of the network" in html.split('id="statements-heading"')[1]
    assert one == four
