"""Full-text search across every content type that declares `search_fields` (published
only).

PostgreSQL: a weighted `tsvector` column per content table (title A, lead B, text C),
kept by the database itself as a generated column with a GIN index (see
`search_index_operations`), queried with `websearch_to_tsquery` in the site's language
(`PLACARD_SEARCH_CONFIG`, stemming included), ranked with `ts_rank` (cheaper than
cover density on large result sets) and shown with `ts_headline` snippets.

SQLite, the embedded default, uses a simpler method: every word of the query must occur
(case-insensitively) in the title, lead or text; items whose title holds all the words
rank first, then those whose lead does; snippets are cut around the first match.

Content types are found through Django's app registry: a model takes part by declaring
`search_fields` (`{"A": [title fields], "B": [lead fields], "C": [body fields]}`).
"""

import html
import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    FloatField,
    IntegerField,
    Q,
    Value,
)
from django.db.models.expressions import Case, RawSQL, When
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .prepared import Prepared

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
WORD = re.compile(r"[^\W_][\w'-]*", re.UNICODE)  # starts with a letter or digit
START, STOP = "\u27e6", "\u27e7"  # markers ts_headline puts around matches


@dataclass(frozen=True)
class Searchable:
    """One searched content type: its model and its weighted fields."""

    model_class: type
    weights: dict  # {"A": [fields], "B": [...], "C": [...]}

    @property
    def kind(self):
        return self.model_class._meta.model_name

    @property
    def label(self):
        return str(self.model_class._meta.verbose_name).capitalize()

    @property
    def has_section(self):
        return any(field.name == "section" for field in self.model_class._meta.fields)

    def fields(self, weight):
        return self.weights.get(weight, [])


def searchables():
    """Every searched content type, in the order of `INSTALLED_APPS`."""
    return [
        Searchable(model, model.search_fields)
        for model in apps.get_models()
        if getattr(model, "search_fields", None)
    ]


def by_kind():
    return {item.kind: item for item in searchables()}


def vector_sql(weights, config):
    """The weighted tsvector expression of one content table (used by its index)."""
    parts = []
    for weight in "ABC":
        columns = " || ' ' || ".join(f"coalesce({name}, '')" for name in weights.get(weight, []))
        parts.append(f"setweight(to_tsvector('{config}'::regconfig, {columns}), '{weight}')")
    return " || ".join(parts)


def search_index_operations(model_label, weights):
    """Migration operations: the generated search column of `model_label` ("app.Model")
    over `weights` (as in `search_fields`, spelled out in the migration so that it stays
    as it was), and its GIN index. PostgreSQL only."""
    from django.db import migrations

    def forwards(app_registry, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = app_registry.get_model(model_label)._meta.db_table
        config = settings.PLACARD_SEARCH_CONFIG
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({vector_sql(weights, config)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_search_idx ON {table} USING gin (search_vector)"
        )

    def backwards(app_registry, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = app_registry.get_model(model_label)._meta.db_table
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")

    return [migrations.RunPython(forwards, backwards)]


def clean_query(raw):
    """The query as searched: trimmed, shortened, and its words (for SQLite and snippets)."""
    text = " ".join((raw or "").split())[:MAX_QUERY_LENGTH]
    terms = [word.lower() for word in WORD.findall(text)][:MAX_TERMS]
    return text, terms


def uses_postgres():
    return connection.vendor == "postgresql"


def filtered(item, section=None, year=None, now=None):
    """`item`'s published rows, in `section` (an id) and `year` when given."""
    queryset = item.model_class.objects.published(now)
    if section is not None:
        queryset = queryset.filter(section_id=section) if item.has_section else queryset.none()
    if year:
        queryset = queryset.filter(publish_at__year=year)
    return queryset


def _postgres_matches(item, queryset, text):
    config = settings.PLACARD_SEARCH_CONFIG
    table = item.model_class._meta.db_table
    query = f"websearch_to_tsquery('{config}'::regconfig, %s)"
    return queryset.filter(
        RawSQL(f"{table}.search_vector @@ {query}", [text], output_field=BooleanField())
    ).annotate(rank=RawSQL(f"ts_rank({table}.search_vector, {query}, 32)", [text], FloatField()))


def _simple_matches(item, queryset, terms):
    fields = [name for weight in "ABC" for name in item.fields(weight)]
    for term in terms:
        anywhere = Q()
        for name in fields:
            anywhere |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(anywhere)

    def all_in(names):
        condition = Q()
        for term in terms:
            one = Q()
            for name in names:
                one |= Q(**{f"{name}__icontains": term})
            condition &= one
        return condition

    rank = Case(
        When(all_in(item.fields("A")), then=Value(3.0)),
        When(all_in(item.fields("B")), then=Value(2.0)),
        default=Value(1.0),
        output_field=FloatField(),
    )
    return queryset.annotate(rank=rank)


def matches(text, terms, kinds=None, section=None, year=None, now=None):
    """One queryset of (kind, pk, rank, publish_at) rows for every matching item
    (`section`: a section's id)."""
    parts = []
    for index, item in enumerate(searchables()):
        if kinds and item.kind not in kinds:
            continue
        queryset = filtered(item, section, year, now)
        queryset = (
            _postgres_matches(item, queryset, text)
            if uses_postgres()
            else _simple_matches(item, queryset, terms)
        )
        parts.append(
            queryset.annotate(kind_order=Value(index, IntegerField()))
            .values_list("kind_order", "pk", "rank", "publish_at")
            .order_by()
        )
    if not parts:
        return None
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-rank", "-publish_at", "kind_order", "-pk")


def _matching_rows(kinds, section, year, start, stop, now, words):
    text, terms = (words[0], []) if uses_postgres() else ("", words)
    return matches(text, terms, kinds, section, year, now)[start:stop]


MATCHING_ROWS = Prepared(_matching_rows)


def matching_rows(text, terms, kinds, section, year, start, stop):
    """Rows `start` to `stop` of `matches()`, by a query compiled once for each shape of
    search (kinds, section, year, number of words, page; see `publishing.prepared`)."""
    words = [text] if uses_postgres() else terms
    kinds = tuple(kinds) if kinds else None
    return list(MATCHING_ROWS(kinds, section, year, start, stop, now=timezone.now(), words=words))


def _postgres_headlines(item, pks, text):
    config = settings.PLACARD_SEARCH_CONFIG
    body = item.fields("C")[0]
    table = item.model_class._meta.db_table
    options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2"
    headline = RawSQL(
        f"ts_headline('{config}'::regconfig, regexp_replace(coalesce({table}.{body}, ''), "
        f"'<[^>]+>', ' ', 'g'), websearch_to_tsquery('{config}'::regconfig, %s), %s)",
        [text, options],
        output_field=CharField(),
    )
    rows = item.model_class.objects.filter(pk__in=pks).annotate(headline=headline)
    return {obj.pk: obj for obj in rows.select_related(*related(item))}


def related(item):
    sections = ["section"] if item.has_section else []
    return [*sections, *getattr(item.model_class, "search_related", ())]


def _marked(text):
    """Escape a snippet and turn the match markers into <mark> elements."""
    safe = escape(html.unescape(text))
    return mark_safe(safe.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


# A tag of stored rich text, quoted attribute values included. Stored text is sanitised
# markup (see richtext.sanitizer), so this is enough to take its words out, far cheaper
# than an HTML parser on each result.
TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def words_of(markup):
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def simple_snippet(obj, item, terms, width=220):
    text = words_of(getattr(obj, item.fields("C")[0]) or "")
    if not text:
        text = " ".join(str(getattr(obj, name) or "") for name in item.fields("B")).strip()
    lower = text.lower()
    positions = [lower.find(term) for term in terms if lower.find(term) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    excerpt = text[start : start + width]
    if terms:
        pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
        excerpt = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return _marked(prefix + excerpt + suffix)


@dataclass
class Result:
    kind: str
    label: str
    object: object
    snippet: str


_BY_IDS = {}  # kind -> prepared query of its items by id


def _by_ids(item):
    if item.kind not in _BY_IDS:
        model, joined = item.model_class, related(item)
        _BY_IDS[item.kind] = Prepared(
            lambda ids: model.objects.select_related(*joined).filter(pk__in=ids).order_by()
        )
    return _BY_IDS[item.kind]


def load_results(rows, text, terms):
    """Turn a page of (kind, pk, rank, date) rows into results, one query per kind."""
    pks_by_kind = {}
    for kind_order, pk, _rank, _date in rows:
        pks_by_kind.setdefault(kind_order, []).append(pk)
    loaded = {}
    items = searchables()
    for kind_order, pks in pks_by_kind.items():
        item = items[kind_order]
        if uses_postgres():
            loaded[kind_order] = _postgres_headlines(item, pks, text)
        else:
            loaded[kind_order] = {obj.pk: obj for obj in _by_ids(item)(ids=pks)}
    results = []
    for kind_order, pk, _rank, _date in rows:
        item, obj = items[kind_order], loaded[kind_order].get(pk)
        if obj is None:
            continue
        snippet = (
            _marked(obj.headline) if hasattr(obj, "headline") else simple_snippet(obj, item, terms)
        )
        label = getattr(obj, "kind_label", None) or item.label
        results.append(Result(item.kind, label, obj, snippet))
    return results
