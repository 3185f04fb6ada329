"""What the home page shows, block by block, in the order the home layout gives.

Everything is read in a fixed number of queries, whatever the number of items, and each
item is shown once: the lead first, then the highlights, the latest articles, the
statements and events, and last the section blocks take what is left.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from articles.models import Article, ArticleCard, article_cards_of, prefetch_bylines
from articles.templatetags.articles import nav_sections
from events.models import Event, Occurrence
from events.occurrences import occurrences
from events.querysets import SHORT
from pagecache.versions import remember
from publishing.language_sites import language_shape
from publishing.prepared import Prepared
from statements.models import Statement

from .apps import HOME_PART
from .models import HomeLayout

HOME_HIGHLIGHTS = 3  # marked articles, while the layout lists no highlights of its own
HOME_LATEST = 4
HOME_PER_SECTION = 3
HOME_STATEMENTS = 3
HOME_EVENTS = 3
LEAD_LOOKBACK = 100  # how far back the lead looks for an item with an image


@dataclass
class HomeItem:
    """An article (an `ArticleCard`, or an Article an editor chose), statement or event as
    the lead or a highlight."""

    kind: str  # "article", "statement" or "event"
    object: object
    occurrence: Occurrence | None = None  # events: the next one, else the last one

    @property
    def key(self):
        return (self.kind, self.object.pk)

    @property
    def type_label(self):
        return (Article if self.is_article else self.object)._meta.verbose_name

    @property
    def has_image(self):
        return self.object.lead_image_id is not None

    @property
    def is_article(self):
        return self.kind == "article"

    @property
    def is_statement(self):
        return self.kind == "statement"

    @property
    def is_event(self):
        return self.kind == "event"


def shown_occurrence(event, now):
    """The occurrence a card names: the next (or running) one, else the last one held.
    Reads `event.exceptions.all()`: prefetch it."""
    upcoming = occurrences(event, window_start=now)
    if upcoming:
        return upcoming[0]
    held = occurrences(event)
    return held[-1] if held else Occurrence(event=event, start=event.start, end=event.end)


def as_item(obj, now):
    if isinstance(obj, (Article, ArticleCard)):
        return HomeItem("article", obj)
    if isinstance(obj, Statement):
        return HomeItem("statement", obj)
    return HomeItem("event", obj, shown_occurrence(obj, now))


def article_cards():
    return Article.objects.for_cards(with_bylines=False)


def as_cards(rows):
    """`ArticleCard`s of `rows` (`CARD_ROW`): their bylines are read for the whole page at
    once, at the end (`home_page`)."""
    return article_cards_of(rows, bylines=False)


def statement_cards():
    return Statement.objects.for_cards()


# `languages` (shape of the prepared queries below): the page's site language and the
# site's, as `language_sites.language_shape()` gives them; each language has its own home.
def articles(now=None, languages=(None,)):
    return article_cards().published(now).in_language(languages[0])


def statements(now=None, languages=(None,)):
    return statement_cards().published(now).in_language(languages[0])


def events(now=None, languages=(None,)):
    return Event.objects.published(now).in_language(languages[0]).for_listing()


# The page asks the same questions on every request: each is compiled once (see
# `publishing.prepared`). `exclude` holds the ids of what the page shows already.
LAYOUT = Prepared(lambda: HomeLayout.objects.filter(pk=1)[:1])
ONE = {
    "article": Prepared(lambda languages, now, pk: articles(now, languages).filter(pk=pk)[:1]),
    "statement": Prepared(lambda languages, now, pk: statements(now, languages).filter(pk=pk)[:1]),
    "event": Prepared(lambda languages, now, pk: events(now, languages).filter(pk=pk)[:1]),
}
UPCOMING = Prepared(
    lambda limit, languages, now, short_ago, exclude: (
        Occurrence.objects.published(now)
        .upcoming(now, short_ago)
        .filter(
            event__in=Event.objects.published(now).in_language(languages[0]).exclude(pk__in=exclude)
        )
        .for_cards()[:limit]
    )
)
HIGHLIGHTED = Prepared(
    lambda limit, languages, now, exclude: (
        articles(now, languages)
        .filter(is_highlight=True)
        .exclude(pk__in=exclude)
        .card_rows()[:limit]
    )
)


def chosen_lead(layout, now):
    """The editor's lead while it is public, else None (one query when one is chosen)."""
    for kind in ("article", "statement", "event"):
        pk = getattr(layout, f"lead_{kind}_id")
        if pk:
            return next(iter(ONE[kind](language_shape(), now=now, pk=pk)), None)
    return None


def stored_layout():
    """The layout, and whether it lists highlights of its own: remembered under the home
    part of the site, so that the first home page after an article's edit reads neither."""
    layout = next(iter(LAYOUT()), None) or HomeLayout(pk=1)
    return layout, not layout._state.adding and layout.highlights.exists()


def listed_highlights(layout):
    """The layout's own highlights that are public, in order, and whether it lists any."""
    if layout._state.adding:
        return [], False
    public = ExpressionWrapper(
        Q(article__in=Article.objects.published().in_language())
        | Q(statement__in=Statement.objects.published().in_language())
        | Q(event__in=Event.objects.published().in_language()),
        output_field=BooleanField(),
    )
    rows = list(
        layout.highlights.annotate(public=public)
        .select_related(
            "article__section",
            "article__lead_image",
            "statement__lead_image",
            "statement__kind",
            "event__lead_image",
        )
        .prefetch_related("event__exceptions")
    )
    return [row.item for row in rows if row.public], bool(rows)


def newest_with_image(items):
    pictured = [item for item in items if item.has_image]
    return max(pictured, key=lambda item: item.object.publish_at, default=None)


def _per_section(languages, now, sections, exclude):
    newest = articles(now, languages).exclude(pk__in=exclude).order_by("-publish_at", "-pk")
    wanted = Q()
    for section in sections:
        wanted |= Q(pk__in=newest.filter(section_id=section).values("pk")[:HOME_PER_SECTION])
    # The subqueries keep to published articles; the outer query repeating that would
    # make SQLite read every published article instead of the few ids by their key.
    return article_cards().filter(wanted).card_rows()


PER_SECTION = Prepared(_per_section)


def newest_per_section(now, sections, exclude):
    """The newest few published articles in each of `sections`, leaving out the ids in
    `exclude`, in one query: a subquery per section, each read from the section's index,
    so the cost does not grow with the number of articles."""
    if not sections:
        return []
    return as_cards(
        PER_SECTION(
            language_shape(),
            now=now,
            sections=[section.pk for section in sections],
            exclude=exclude,
        )
    )


@dataclass
class HomePage:
    """The blocks of the home page, each a list of what it shows."""

    layout: HomeLayout
    lead: HomeItem | None = None
    highlights: list = field(default_factory=list)
    latest: list = field(default_factory=list)
    statements: list = field(default_factory=list)
    next_events: list = field(default_factory=list)
    section_blocks: list = field(default_factory=list)

    def at(self, position):
        """Which of the statements and events blocks stand at `position`."""
        found = []
        if self.statements and self.layout.statements_position == position:
            found.append("statements")
        if self.next_events and self.layout.events_position == position:
            found.append("events")
        return found

    @property
    def after_lead(self):
        return self.at(HomeLayout.Position.AFTER_LEAD)

    @property
    def after_highlights(self):
        return self.at(HomeLayout.Position.AFTER_HIGHLIGHTS)

    @property
    def after_latest(self):
        return self.at(HomeLayout.Position.AFTER_LATEST)

    @property
    def at_end(self):
        return self.at(HomeLayout.Position.END)

    @property
    def is_empty(self):
        return not (self.lead or self.highlights or self.latest)


class Shown:
    """What the page shows so far, by kind: later blocks leave it out."""

    def __init__(self):
        self.keys = set()

    def add(self, *items):
        self.keys |= {item.key for item in items if item is not None}

    def ids(self, kind):
        return sorted(pk for item_kind, pk in self.keys if item_kind == kind)

    def fresh(self, items):
        return [item for item in items if item.key not in self.keys]


def home_page(now=None):
    """Everything the home page shows; computed only when its fragment is not cached."""
    now = now or timezone.now()
    layout, lists_highlights = remember("home-layout", 1, stored_layout, scope=HOME_PART)
    page = HomePage(layout)
    shown = Shown()

    chosen = chosen_lead(layout, now)
    lead = as_item(chosen, now) if chosen is not None else None
    shown.add(lead)
    listed, has_list = listed_highlights(layout) if lists_highlights else ([], False)
    if has_list:
        highlights = shown.fresh([as_item(obj, now) for obj in listed])
    else:
        pool = HIGHLIGHTED(HOME_HIGHLIGHTS, language_shape(), now=now, exclude=shown.ids("article"))
        highlights = [as_item(card, now) for card in as_cards(pool)]
    if lead is None:
        lead = newest_with_image(highlights)
        shown.add(lead)
        highlights = shown.fresh(highlights)
    shown.add(*highlights)

    # One more than shown: the lead may still come from these.
    latest, older = newest("article", HOME_LATEST + 1, now, shown)
    newest_statements = []
    if layout.statements_position != HomeLayout.Position.HIDDEN:
        newest_statements, older_statements = newest("statement", HOME_STATEMENTS + 1, now, shown)
        older += older_statements
    if lead is None:
        lead = newest_with_image([*latest, *newest_statements])
    if lead is None:
        lead = newest_with_image(older)
    if lead is None and highlights:
        lead, highlights = highlights[0], highlights[1:]  # no image anywhere: text leads
    shown.add(lead)
    page.lead, page.highlights = lead, highlights

    page.latest = [item.object for item in shown.fresh(latest)][:HOME_LATEST]
    page.statements = [item.object for item in shown.fresh(newest_statements)][:HOME_STATEMENTS]
    shown.add(*(as_item(obj, now) for obj in page.latest))
    if layout.events_position != HomeLayout.Position.HIDDEN:
        page.next_events = list(
            UPCOMING(
                HOME_EVENTS,
                language_shape(),
                now=now,
                short_ago=now - SHORT,
                exclude=shown.ids("event"),
            )
        )

    if layout.sections_shown == HomeLayout.SectionChoice.CHOSEN:
        rows = [] if layout._state.adding else layout.sections.select_related("section")
        sections = [row.section for row in rows]
    else:
        sections = nav_sections()
    ranked = newest_per_section(now, sections, shown.ids("article"))
    by_section = {section.slug: (section, []) for section in sections}
    for card in ranked:
        by_section[card.section.slug][1].append(card)
    page.section_blocks = [
        {"section": section, "articles": found} for section, found in by_section.values() if found
    ]

    # Bylines of every article on the page, in one query.
    featured = [item.object for item in (lead, *highlights) if item is not None and item.is_article]
    prefetch_bylines([*featured, *page.latest, *ranked])
    return page


def recent(model, queryset, now, language=None):
    """`queryset` narrowed to the newest LEAD_LOOKBACK published items of `model` in
    site language `language` (the page's by default)."""
    newest = (
        model.objects.published(now)
        .in_language(language)
        .order_by("-publish_at")
        .values("pk")[:LEAD_LOOKBACK]
    )
    return queryset.filter(pk__in=newest)


def newest_and_pictured(model, cards):
    """The newest `limit` published of `cards()` not in `exclude`, and with them, in the
    same query, the newest of the LEAD_LOOKBACK newest with a lead image, wherever it
    stands: the lead for a site whose newest items have none (bounded however many have
    none)."""

    def build(limit, languages, now, exclude):
        fresh = cards().published(now).in_language(languages[0]).exclude(pk__in=exclude)
        # `recent` keeps to published items: the ids are read from its short list.
        unshown = cards().exclude(pk__in=exclude)
        pictured = recent(model, unshown, now, languages[0]).filter(lead_image__isnull=False)
        # Published is asked in the subqueries only (see `_per_section`).
        return cards().filter(
            Q(pk__in=fresh.values("pk")[:limit])
            | Q(pk__in=pictured.order_by("-publish_at", "-pk").values("pk")[:1])
        )

    return Prepared(build)


NEWEST = {
    # Articles as rows (`CARD_ROW`) for `as_cards`.
    "article": newest_and_pictured(Article, lambda: article_cards().card_rows()),
    "statement": newest_and_pictured(Statement, statement_cards),
}


def newest(kind, limit, now, shown):
    """The newest `limit` of `kind` not shown yet, and the newest pictured one beyond
    them, if any (see `newest_and_pictured`)."""
    found = NEWEST[kind](limit, language_shape(), now=now, exclude=shown.ids(kind))
    rows = [as_item(obj, now) for obj in (as_cards(found) if kind == "article" else found)]
    return rows[:limit], rows[limit:]
