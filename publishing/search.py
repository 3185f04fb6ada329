"""Full-text search across every content type that declares `search_fields` (published
only).

PostgreSQL: each item's words are weighted (title A, lead B, text C) and stemmed in its
own language: a GIN index per content table over that expression, the text search
configuration chosen from the item's `language` by an immutable CASE (`LANGUAGE_CONFIGS`;
`simple`, no stemming, for languages PostgreSQL has no stemmer for; see
`language_search_index_operations`). Queries are read with `websearch_to_tsquery` in the
configuration of the page's (active) language, and also word for word (`simple`), so that
an item in another language is found by its exact words; they are ranked with `ts_rank`
(cheaper than cover density on large result sets) and shown with `ts_headline` snippets,
widened to whole words in Python. An item whose tag matches the query is found too.

SQLite, the embedded default, uses a simpler method: every word of the query must occur
(case-insensitively) in the title, lead or text; items whose title holds all the words
rank first, then those whose lead or tags do; snippets are cut around the first match,
on word boundaries. A trigram index (FTS5) per content table, kept by triggers, gives the
rows that may hold the query's longest word, so that only their text is read (see
`sqlite_search_index_operations`). Either way a snippet's text keeps paragraphs and list
items apart.

Content types are found through Django's app registry: a model takes part by declaring
`search_fields` (`{"A": [title fields], "B": [lead fields], "C": [body fields]}`).
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.signals import setting_changed
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    CharField,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
)
from django.db.models.expressions import Case, RawSQL, When
from django.db.models.lookups import IContains, In
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from richtext.text import BLOCK_TAGS, markup_start, raw_text

from .formatting import card_dates
from .language_sites import language_shape
from .languages import language_marker
from .models import AsStored
from .prepared import Prepared
from .sqlite_search import in_index, indexed_tables, indexed_terms

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# The newest matches of each kind that PostgreSQL ranks (see `_postgres_matches`): one
# more than the result pages show (50 pages of 20), so that a count of them tells
# whether there are more.
CANDIDATES = 1001
SEARCH_WORDS = "search_words"  # each row's stored words (see `publishing.postgres_search`)
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
        return _type_name(self.model_class, "verbose_name", translation.get_language())

    @property
    def plural_label(self):
        return _type_name(self.model_class, "verbose_name_plural", translation.get_language())

    @property
    def has_section(self):
        return any(field.name == "section" for field in self.model_class._meta.fields)

    def fields(self, weight):
        return self.weights.get(weight, [])


@lru_cache(maxsize=256)
def _type_name(model, name, language):
    """A content type's name in `language`, capitalised: each result on a page is labelled
    with one, and the translation of a lazy name is looked up again each time it is read."""
    with translation.override(language):
        return str(getattr(model._meta, name)).capitalize()


@receiver(setting_changed)
def _forget_type_names(**kwargs):
    _type_name.cache_clear()  # other catalogues (LOCALE_PATHS, LANGUAGES)


def searchables():
    """Every searched content type, in the order of `INSTALLED_APPS`."""
    return [
        Searchable(model, model.search_fields)
        for model in apps.get_models()
        if getattr(model, "search_fields", None)
    ]


def _searched_tables():
    return frozenset(item.model_class._meta.db_table for item in searchables())


def by_kind():
    return {item.kind: item for item in searchables()}


def vector_sql(weights, config):
    """The weighted tsvector expression of one content table (used by its index)."""
    parts = []
    for weight in "ABC":
        columns = " || ' ' || ".join(f"coalesce({name}, '')" for name in weights.get(weight, []))
        parts.append(f"setweight(to_tsvector('{config}'::regconfig, {columns}), '{weight}')")
    return " || ".join(parts)


# PostgreSQL's text search configurations (`SELECT cfgname FROM pg_ts_config`, PostgreSQL
# 13 and later) by primary language subtag; any other language is searched word for word
# (`simple`). The search indexes are built over this table: changing it needs a migration
# that builds them again (`language_search_index_operations`).
LANGUAGE_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
SIMPLE = "simple"


def language_config(language):
    """The text search configuration of a language code ("es", "en-gb", "uk")."""
    return LANGUAGE_CONFIGS.get((language or "").lower().split("-")[0], SIMPLE)


def page_search_configs(text=""):
    """The configurations a query on the current page is read in: its language's, then
    `simple` for exact words in any language. A query that excludes words ("-strike") is
    read in the page's language alone: an exclusion read word for word would let through
    the other forms of the excluded word."""
    config = language_config(translation.get_language() or settings.LANGUAGE_CODE)
    if config == SIMPLE or re.search(r"(?:^|\s)-", text):
        return (config,)
    return (config, SIMPLE)


def language_config_sql(column="language"):
    """SQL giving each row the configuration of its language: immutable, so that an index
    can be built over it."""
    cases = " ".join(
        f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in LANGUAGE_CONFIGS.items()
    )
    return f"CASE split_part(lower({column}), '-', 1) {cases} ELSE '{SIMPLE}'::regconfig END"


def language_vector_sql(weights, table=""):
    """Each row's weighted tsvector in its own language: the expression the search indexes
    are built over, which queries repeat exactly so that PostgreSQL uses them (`table`:
    the name to qualify columns with in a query)."""
    prefix = f"{table}." if table else ""
    config = language_config_sql(f"{prefix}language")
    parts = []
    for weight in "ABC":
        columns = " || ' ' || ".join(
            f"coalesce({prefix}{name}, '')" for name in weights.get(weight, [])
        )
        parts.append(f"setweight(to_tsvector({config}, {columns}), '{weight}')")
    return " || ".join(parts)


def language_search_index_operations(model_label, weights):
    """Migration operations: the GIN index of `model_label` ("app.Model") over each row's
    words in its own language (`language_vector_sql` over `weights`, spelled out in the
    migration), built without locking the table. PostgreSQL only; the migration must set
    `atomic = False`."""
    from django.db import migrations

    def forwards(app_registry, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = app_registry.get_model(model_label)._meta.db_table
        # An earlier attempt that failed leaves an invalid index under the name.
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {table}_lang_search_idx")
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY {table}_lang_search_idx ON {table} "
            f"USING gin (({language_vector_sql(weights)}))"
        )

    def backwards(app_registry, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = app_registry.get_model(model_label)._meta.db_table
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {table}_lang_search_idx")

    return [migrations.RunPython(forwards, backwards)]


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


def filtered(item, section=None, year=None, now=None, language=None, by_index=True):
    """`item`'s published rows of site language `language` (the page's by default), in
    `section` (an id) and `year` when given; `by_index`: as `published()` takes it."""
    queryset = item.model_class.objects.published(now, by_index).in_language(language)
    if section is not None:
        queryset = queryset.filter(section_id=section) if item.has_section else queryset.none()
    if year:
        queryset = queryset.filter(publish_at__year=year)
    return queryset


def _tagging(item):
    """(through model, tag model) of `item`'s tags, or None if it has none."""
    try:
        field = item.model_class._meta.get_field("tags")
    except FieldDoesNotExist:
        return None
    through = field.remote_field.through
    return through, through._meta.get_field("tag").related_model


class _Holds(IContains):
    """`icontains` whose pattern SQLite does not take for a bare parameter (`LIKE +?`):
    SQLite plans a statement again on every run when a LIKE pattern is a parameter, in
    case it could use an index, and for a search's long query that cost a seventh of it
    (22.8M instructions a run against 19.5M)."""

    def get_rhs_op(self, connection, rhs):
        return super().get_rhs_op(connection, f"+{rhs}" if connection.vendor == "sqlite" else rhs)


def _holds(name, term):
    """Whether field `name` holds `term`, letters in either case (SQLite's way)."""
    return Q(_Holds(F(name), term))


def _holds_any(name, terms):
    condition = Q()
    for term in terms:
        condition |= _holds(name, term)
    return condition


def _tagged_with(item, *terms):
    """Whether a row of `item` has a tag whose name holds any of `terms` (SQLite's way). The
    content type is a subquery by name rather than looked up by id: no query of its own.
    The tagged ids are one subquery, read once, rather than a correlated one asked for
    every row searched: a third of the search's time."""
    through, tag = _tagging(item)
    opts = item.model_class._meta
    # The few tags whose name holds the term first, then their tagged items by the index
    # of tags: SQLite would otherwise read every tagged item of the content type by that
    # index (0.36 ms of 4,000 articles' tags, with no tag matching) and check each tag.
    kind = ContentType.objects.filter(app_label=opts.app_label, model=opts.model_name)
    return Q(
        pk__in=through.objects.filter(
            In(AsStored("content_type"), kind.values("pk")),
            tag__in=tag.objects.filter(_holds_any("name", terms)),
        ).values("object_id")
    )


def _tsquery_sql(configs):
    """SQL of the query read in each of `configs`, any of them matching; it takes the
    query's text once per configuration."""
    readings = " || ".join(f"websearch_to_tsquery('{config}'::regconfig, %s)" for config in configs)
    return f"({readings})"


def _matching_tags_sql(tag, query, configs):
    """SQL selecting the ids of the tags (`tag`: the tag model) the query matches; it
    reads the query twice. A query of nothing but exclusions ("-harbour") matches every
    tag without it, hence `ts_rank(...) > 0`: some word of the query is in the tag."""
    name = f"to_tsvector('{configs[0]}'::regconfig, {tag._meta.get_field('name').column})"
    return (
        f"SELECT {tag._meta.pk.column} FROM {tag._meta.db_table} "
        f"WHERE {name} @@ {query} AND ts_rank({name}, {query}) > 0"
    )


def _content_type_sql(item):
    """SQL of the key of `item`'s content type, found once by the database (an init plan
    on PostgreSQL), and its parameters."""
    through = _tagging(item)[0]
    content_types = through._meta.get_field("content_type").related_model._meta.db_table
    opts = item.model_class._meta
    sql = f"(SELECT id FROM {content_types} WHERE app_label = %s AND model = %s)"
    return sql, [opts.app_label, opts.model_name]


def _postgres_tag_sql(item, query, configs, key):
    """SQL selecting the id of the row of `item` whose key is `key` (SQL of a row's key)
    if it has a tag the query matches, and its parameters besides the query's (read
    twice, after them): for an EXISTS that is checked through the index of tagged items
    row by row (as a set, a common tag's 100,000 rows at a million articles outgrow the
    memory a hashed subplan may take, and PostgreSQL then scans them for every row). The
    matching tags and the content type are found first, once (PostgreSQL runs them as
    init plans)."""
    through, tag = _tagging(item)
    column = through._meta.get_field
    content_type, params = _content_type_sql(item)
    sql = (
        f"SELECT {column('object_id').column} FROM {through._meta.db_table} "
        f"WHERE {column('content_type').column} = {content_type} "
        f"AND {column('tag').column} = ANY(ARRAY({_matching_tags_sql(tag, query, configs)})) "
        f"AND {column('object_id').column} = {key}"
    )
    return sql, params


def _postgres_tagged_sql(item, query, configs):
    """SQL selecting the keys of the last `CANDIDATES` rows of `item` tagged with a tag
    the query matches (a row with two such tags twice), and its parameters besides the
    query's (read twice, after them). Each matching tag's rows are read newest first from
    the index of tagged items by tag, content type and key, and no further than
    `CANDIDATES` of them: a common tag's rows are not all read (100,000 at a million
    articles) to keep the last thousand, and a query that matches no tag reads none."""
    through, tag = _tagging(item)
    column = through._meta.get_field
    object_id = column("object_id").column
    content_type, params = _content_type_sql(item)
    sql = (
        f"SELECT tagged.{object_id} FROM {content_type} kind, "
        f"({_matching_tags_sql(tag, query, configs)}) matched (id), "
        f"LATERAL (SELECT {object_id} FROM {through._meta.db_table} "
        f"WHERE {column('tag').column} = matched.id "
        f"AND {column('content_type').column} = kind.id "
        f"ORDER BY {object_id} DESC LIMIT {CANDIDATES}) tagged "
        f"ORDER BY 1 DESC LIMIT {CANDIDATES}"
    )
    return sql, params


def _postgres_matches(item, queryset, text, configs, ranked=True):
    """`queryset`'s rows that match `text`, by their stored words or their tags, with
    their `rank` if `ranked`. Ranking reads every ranked row's words, so only candidates
    are ranked: the newest `CANDIDATES` rows that match by words, and the last
    `CANDIDATES` tagged with a matching tag. The pages never show more than that, and on
    a campaign's site the newest of ten thousand matches of a common word are the ones
    wanted; a rarer query's matches are all candidates. Counting reads the candidates too:
    there are more than the pages show if and only if they are more."""
    table = item.model_class._meta.db_table
    pk = item.model_class._meta.pk.column
    query = _tsquery_sql(configs)
    texts = [text] * len(configs)  # the query's parameters
    words, params = _newest(queryset, f"{table}.{SEARCH_WORDS} @@ {query}", texts)
    if words is None:  # a filter that matches nothing
        return queryset.none().annotate(rank=Value(0.0, FloatField()))
    candidates = f"({words})"
    rank = f"ts_rank({table}.{SEARCH_WORDS}, {query}, 32)"
    rank_params = texts
    if _tagging(item) is not None:
        # The tags' SQL reads the query twice, after its own parameters.
        tagged, tagged_params = _postgres_tagged_sql(item, query, configs)
        candidates += f" UNION ALL ({tagged})"
        params = [*params, *tagged_params, *texts, *texts]
        # A tag counts as much as a word of the lead would.
        this_row, tag_params = _postgres_tag_sql(item, query, configs, key=f"{table}.{pk}")
        rank = f"{rank} + CASE WHEN EXISTS ({this_row}) THEN 0.2 ELSE 0 END"
        rank_params = [*texts, *tag_params, *texts, *texts]
    chosen = RawSQL(f"{table}.{pk} IN ({candidates})", params, output_field=BooleanField())
    queryset = queryset.filter(chosen)
    if not ranked:
        return queryset
    return queryset.annotate(rank=RawSQL(rank, rank_params, FloatField()))


def _newest(queryset, condition, params):
    """(SQL, parameters) selecting the keys of the newest `CANDIDATES` rows of `queryset`
    that meet `condition`, or (None, ()) if the queryset can match nothing. Written out
    as SQL of its own, in which the table's name stands for the subquery's rows (a
    Django subquery would be given an alias the condition does not know)."""
    newest = queryset.filter(RawSQL(condition, params, output_field=BooleanField()))
    newest = newest.order_by("-publish_at").values("pk")[:CANDIDATES]
    try:
        return newest.query.get_compiler(newest.db).as_sql()
    except EmptyResultSet:
        return None, ()


def _indexed(item):
    """Whether SQLite can look `item`'s rows up in a trigram index."""
    return item.model_class._meta.db_table in indexed_tables(_searched_tables())


def _simple_matches(item, queryset, terms, indexed=()):
    """`queryset`'s rows that hold every word of `terms`, in their text or their tags,
    ranked (SQLite's way); `indexed`: the words looked up in the trigram index of
    `item`'s rows (see `indexed_terms`), which must have one."""
    fields = [name for weight in "ABC" for name in item.fields(weight)]
    tagged = _tagging(item) is not None

    def any_in(names, term, tags=False):
        condition = Q()
        for name in names:
            condition |= _holds(name, term)
        if tags and tagged:
            condition |= _tagged_with(item, term)
        return condition

    decides = dict(indexed)  # position: whether the index alone decides
    # One word looked up keeps the form below, a condition per word: the form for several
    # (text of all, or tags of any) cost common pairs and phrases 8% more in SQLite.
    if len(decides) > 1:
        # The rows holding every indexed word, found together in the index; the text of
        # only those is read, for the words the index does not decide (see
        # `index_decides`) or did not look up.
        condition = in_index(item.model_class, [terms[position] for position in decides])
        for position, term in enumerate(terms):
            if not decides.get(position, False):
                condition &= any_in(fields, term)
        if tagged:
            # A word may be in a row's tags and not in its text: the few rows tagged with
            # any of the words are checked word by word, text or tags.
            each = Q()
            for term in terms:
                each &= any_in(fields, term, tags=True)
            condition |= _tagged_with(item, *terms) & each
        return _ranked(item, queryset.filter(condition), terms, any_in)
    for position, term in enumerate(terms):
        if position in decides:
            # The same rows as below (the index finds all that LIKE does), but only the
            # text of those the index finds is read, if any (see `index_decides`).
            condition = in_index(item.model_class, [term])
            if not decides[position]:
                condition &= any_in(fields, term)
            if tagged:
                condition |= _tagged_with(item, term)
        else:
            condition = any_in(fields, term, tags=True)
        queryset = queryset.filter(condition)
    return _ranked(item, queryset, terms, any_in)


def _ranked(item, queryset, terms, any_in):
    """`queryset` with each row's rank: 3 with every word in its title, 2 in its lead or
    tags, else 1."""

    def all_in(names, tags=False):
        condition = Q()
        for term in terms:
            condition &= any_in(names, term, tags)
        return condition

    # Tags count as the lead does.
    rank = Case(
        When(all_in(item.fields("A")), then=Value(3.0)),
        When(all_in(item.fields("B"), tags=True), then=Value(2.0)),
        default=Value(1.0),
        output_field=FloatField(),
    )
    return queryset.annotate(rank=rank)


ROW_FIELDS = ("kind_order", "pk", "rank", "publish_at")


def matches(
    text,
    terms,
    kinds=None,
    section=None,
    year=None,
    now=None,
    fields=ROW_FIELDS,
    language=None,
    configs=None,
    indexed=None,
    ordered=True,
):
    """One queryset of (kind, pk, rank, publish_at) rows for every matching item
    (`section`: a section's id) of site language `language` (the page's by default),
    best first unless not `ordered`; `fields`: fewer of those columns (in no order);
    `configs`: the text search configurations the query is read in on PostgreSQL
    (`page_search_configs()` by default); `indexed`: the words SQLite looks up in its
    trigram indexes, by position, and whether the index alone decides for each
    (`indexed_terms(terms)` by default)."""
    if uses_postgres() and not configs:
        configs = page_search_configs(text)
    if indexed is None:
        indexed = indexed_terms(terms)
    parts = []
    for index, item in enumerate(searchables()):
        if kinds and item.kind not in kinds:
            continue
        if uses_postgres():
            queryset = filtered(item, section, year, now, language)
            queryset = _postgres_matches(item, queryset, text, configs, ranked=fields == ROW_FIELDS)
        else:
            # Rows a trigram index finds are read by their keys, and only those are
            # checked for being published: not every published row walked by date and
            # checked against the index's keys (a common word: 3.5 ms against 2.5 ms).
            looked_up = bool(indexed) and _indexed(item)
            queryset = filtered(item, section, year, now, language, by_index=not looked_up)
            queryset = _simple_matches(item, queryset, terms, indexed if looked_up else ())
        parts.append(
            queryset.annotate(kind_order=Value(index, IntegerField()))
            .values_list(*fields)
            .order_by()
        )
    if not parts:
        return None
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    if fields != ROW_FIELDS or not ordered:
        return combined  # for counting: in no order, so the database stops at a limit
    return combined.order_by("-rank", "-publish_at", "kind_order", "-pk")


# `languages`: the page's site language and the site's (`language_sites.language_shape`);
# `configs`: the text search configurations of the query (`page_search_configs`);
# `indexed`: the words looked up in SQLite's trigram indexes, by position, and whether the
# index alone decides for each, worked out from the words themselves (`indexed_terms`),
# which a prepared query's builder never sees.
def _matching_union(kinds, section, year, languages, configs, indexed, now, words):
    text, terms = (words[0], []) if uses_postgres() else ("", words)
    return matches(
        text,
        terms,
        kinds,
        section,
        year,
        now,
        language=languages[0],
        configs=configs,
        indexed=indexed,
        ordered=False,
    )


MATCHING_UNION = Prepared(_matching_union)
# The order of `matches()`, by the columns of ROW_FIELDS: rank, date, kind, key.
ROW_ORDER = "3 DESC, 4 DESC, 1, 2 DESC"


def _matching_keys(kinds, section, year, limit, languages, configs, indexed, now, words):
    text, terms = (words[0], []) if uses_postgres() else ("", words)
    keys = ("kind_order", "pk")
    found = matches(text, terms, kinds, section, year, now, keys, languages[0], configs, indexed)
    return found[:limit]


MATCHING_KEYS = Prepared(_matching_keys)


def matching_keys(text, terms, kinds, section, year, limit):
    """(kind, pk) of at most `limit` matches, in no order: what a search counts, by a
    prepared query. A search is seldom asked twice, so building its count query anew
    would cost more than reading these few small rows."""
    return list(_prepared_search(MATCHING_KEYS, text, terms, kinds, section, year, limit))


def _prepared_search(prepared, text, terms, kinds, section, year, *shape):
    """`prepared` (`MATCHING_KEYS` or `MATCHING_UNION`) called for a search: its shape
    (kinds, section, year, then `shape`, the page's languages, the query's configurations
    or indexed words) and its values (the time, the words)."""
    return prepared(
        tuple(kinds) if kinds else None,
        section,
        year,
        *shape,
        language_shape(),
        page_search_configs(text) if uses_postgres() else None,
        () if uses_postgres() else indexed_terms(terms),
        now=timezone.now(),
        words=[text] if uses_postgres() else terms,
    )


def matching_page(text, terms, kinds, section, year, start, stop):
    """Rows `start` to `stop` of `matches()` in its order, and how many rows it has (None
    when the page is past the last one), read together in one query: a new search would
    otherwise find its matches twice, once to count them. The union of the matches is a
    prepared query (compiled once for each shape of search: kinds, section, year, number
    of words; see `publishing.prepared`), wrapped here in its order and the page's bounds,
    with the count of every row beside each row."""
    found = _prepared_search(MATCHING_UNION, text, terms, kinds, section, year)
    try:
        sql, params = found.query.get_compiler(found.db).as_sql()
    except EmptyResultSet:
        return [], 0
    with connections[found.db].cursor() as cursor:
        cursor.execute(
            f"SELECT *, COUNT(*) OVER () FROM ({sql}) found ORDER BY {ROW_ORDER} "
            f"LIMIT {int(stop) - int(start)} OFFSET {int(start)}",
            params,
        )
        rows = cursor.fetchall()
    return [tuple(row[:4]) for row in rows], (rows[0][4] if rows else None)


def matching_rows(text, terms, kinds, section, year, start, stop):
    """Rows `start` to `stop` of `matches()`: (kind's position, pk, rank, date)."""
    return matching_page(text, terms, kinds, section, year, start, stop)[0]


# Stored rich text's blocks and tags (`richtext.text`), in PostgreSQL's regular
# expressions (ts_headline is given the text).
_PG_ATTRIBUTES = """([^>"']|"[^"]*"|'[^']*')*"""
_PG_BLOCK = rf"</?({BLOCK_TAGS})([^[:alnum:]_>-]{_PG_ATTRIBUTES})?/?>"
_PG_TAG = f"<{_PG_ATTRIBUTES}>"

WORD_CHARACTER = re.compile(r"[\w'’-]")
CLOSING = set('.,;:!?)]}”’"»')
OPENING = set('([{“‘"«')
LONGEST_WORD = 40  # a longer run of letters (a link written out) may be cut anyway
SNIPPET_WIDTH = 220
ELLIPSIS = "…"


def text_of(markup):
    """The words of stored rich text, its blocks apart, its entities decoded, and the
    characters search uses to mark matches taken out."""
    return " ".join(raw_text(markup).replace(START, "").replace(STOP, "").split())


def _postgres_text_sql(column):
    """SQL turning stored rich text into what `text_of` gives, for ts_headline (which
    would otherwise let a fragment run from one paragraph into the next)."""
    return (
        f"translate(regexp_replace(regexp_replace(coalesce({column}, ''), "
        f"'{_pg_quote(_PG_BLOCK)}', E'\\n', 'gi'), '{_pg_quote(_PG_TAG)}', '', 'g'), "
        f"'{START}{STOP}', '')"
    )


def _pg_quote(text):
    return text.replace("'", "''")


def _postgres_headlines(item, pks, text, now):
    configs = page_search_configs(text)
    body = item.fields("C")[0]
    table = item.model_class._meta.db_table
    options = (
        f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, "
        f"FragmentDelimiter={FRAGMENTS}"
    )
    # Each text is cut into words in its own language, as it was indexed.
    headline = RawSQL(
        f"ts_headline({language_config_sql(f'{table}.language')}, "
        f"{_postgres_text_sql(f'{table}.{body}')}, {_tsquery_sql(configs)}, %s)",
        [*[text] * len(configs), options],
        output_field=CharField(),
    )
    rows = (
        result_rows(item)
        .filter(pk__in=pks)
        .annotate(headline=headline, **search_annotations(item, now))
    )
    return {obj.pk: obj for obj in rows}


FRAGMENTS = "\u2e3b"  # between ts_headline's fragments (a character rich text never needs)


def related(item):
    sections = ["section"] if item.has_section else []
    return [*sections, *getattr(item.model_class, "search_related", ())]


def search_annotations(item, now):
    """What the content type adds to its results' rows (an event's next date)."""
    annotate = getattr(item.model_class, "search_annotations", None)
    return annotate(now) if annotate else {}


def _marked(text):
    """Escape a snippet's text and turn the match markers into <mark> elements."""
    safe = escape(text)
    return mark_safe(safe.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _word_start(text, position):
    """`position`, moved back to the start of the word it falls in; in a word too long to
    show whole (a link written out), on past it instead."""
    start = position
    while start > 0 and WORD_CHARACTER.match(text[start - 1]):
        start -= 1
        if position - start > LONGEST_WORD:
            start = position
            while start < len(text) and WORD_CHARACTER.match(text[start]):
                start += 1
            while start < len(text) and text[start].isspace():
                start += 1
            return start
    while start > 0 and text[start - 1] in OPENING:  # its opening quote or bracket
        start -= 1
    return start


def _word_end(text, position):
    """`position`, moved on to the end of the word it falls in; in a word too long to
    show whole, back to its start instead."""
    end = position
    while end < len(text) and WORD_CHARACTER.match(text[end]):
        end += 1
        if end - position > LONGEST_WORD:
            end = position
            while end > 0 and WORD_CHARACTER.match(text[end - 1]):
                end -= 1
            return end
    while end < len(text) and text[end] in CLOSING:  # the word's full stop, comma...
        end += 1
    return end


def _excerpt(text, start, stop):
    """`text[start:stop]` (already on whole words: `_word_start`, `_word_end`), with an
    ellipsis where text was left out."""
    if stop <= start:
        return ""
    excerpt = text[start:stop].strip()
    prefix = f"{ELLIPSIS} " if start > 0 else ""
    suffix = f" {ELLIPSIS}" if stop < len(text) else ""
    return prefix + excerpt + suffix


def _plain_text(obj, item):
    text = text_of(getattr(obj, item.fields("C")[0]) or "")
    return text or _text_of_lead(obj, item)


def _text_of_lead(obj, item):
    """An item without text of its own shows its lead (its "B" fields) instead."""
    parts = (str(getattr(obj, name) or "") for name in item.fields("B"))
    return " ".join(" ".join(parts).replace(START, "").replace(STOP, "").split())


# A snippet needs the text up to its first match and a little more. Stored text is often
# tens of kilobytes, and taking the tags out of all of it cost far more than the rest of
# a result; so only the markup up to the match's place in it and this much beyond is read
# first, and the rest only where that proves too little (see `simple_snippet`).
SNIPPET_MARKUP = 4 * SNIPPET_WIDTH


def _leading_markup(markup, terms):
    """The start of `markup` that likely holds a snippet's text (ending where a tag
    starts, so that no tag or entity is cut), or all of it."""
    if len(markup) <= SNIPPET_MARKUP:  # too short to be cut
        return markup
    first = _first_match(markup, terms)
    if terms and first is None:  # a word split by a tag or written as an entity: read it all
        return markup
    return markup_start(markup, (first or 0) + SNIPPET_MARKUP)


def _first_match(text, terms):
    """Where the first of `terms` (in lower case) is in `text`, in either case; None if
    none is."""
    lower = text.lower()
    return min((position for position in map(lower.find, terms) if position >= 0), default=None)


def _snippet_bounds(text, terms, width):
    """Where a snippet of `text` starts and ends, and whether a word of the query is in
    it."""
    first = _first_match(text, terms)
    start = 0 if first is None else max(0, first - width // 3)
    return _word_start(text, start), _word_end(text, start + width), first is not None


def simple_snippet(obj, item, terms, width=SNIPPET_WIDTH):
    """Some `width` characters of the text around the first match, in whole words, with
    every occurrence of a word of the query marked (SQLite's way)."""
    markup = getattr(obj, item.fields("C")[0]) or ""
    leading = _leading_markup(markup, terms)
    text = text_of(leading)
    start, stop, matched = _snippet_bounds(text, terms, width)
    # The text of a start of the markup is the start of its whole text: the snippet is
    # the same when it ends before that text does and holds the match (or none is asked).
    if len(leading) < len(markup) and (stop >= len(text) or (terms and not matched)):
        text = text_of(markup)
        start, stop, _matched = _snippet_bounds(text, terms, width)
    if not text:
        text = _text_of_lead(obj, item)
        start, stop, _matched = _snippet_bounds(text, terms, width)
    excerpt = _excerpt(text, start, stop)
    if terms:
        pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
        excerpt = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
    return _marked(excerpt)


def postgres_snippet(obj, item):
    """ts_headline's fragments, each widened to whole words and placed in the text: the
    parser splits "members's" and "anti-war", so a fragment may start on "s" or "war"."""
    text = _plain_text(obj, item)
    pieces, first, last = [], None, None
    for fragment in obj.headline.split(FRAGMENTS):
        marked = " ".join(html.unescape(fragment).split())
        plain = marked.replace(START, "").replace(STOP, "")
        if not plain:
            continue
        found = text.find(plain)
        if found < 0:  # not where we can tell: shown as it came, cut on both sides
            start, stop = 1, len(text) - 1
        else:
            start, stop = _word_start(text, found), _word_end(text, found + len(plain))
            if stop < found + len(plain):  # the last word was too long: left out
                marked = marked[: _marked_position(marked, stop - found)]
            if start > found:  # so was the first
                marked = marked[_marked_position(marked, start - found) :]
            else:
                marked = text[start:found] + marked
            marked += text[found + len(plain) : stop]
        pieces.append(marked.strip())
        first = start if first is None else first
        last = stop
    if not pieces:
        return _marked("")
    snippet = f" {ELLIPSIS} ".join(pieces)
    prefix = f"{ELLIPSIS} " if first > 0 else ""
    suffix = f" {ELLIPSIS}" if last < len(text) else ""
    return _marked(prefix + snippet + suffix)


def _marked_position(marked, plain_position):
    """Where the `plain_position`th character of the unmarked text is in `marked`."""
    seen = 0
    for index, character in enumerate(marked):
        if character in (START, STOP):
            continue
        if seen == plain_position:
            return index
        seen += 1
    return len(marked)


@dataclass
class Result:
    kind: str
    label: str
    object: object
    snippet: str
    # What the result's lines show beside its object's own text, worked out for the whole
    # page at once (see `load_results`): each reads the language or time zone in force.
    language_attributes: str = ""
    date_iso: str = ""
    date: str = ""


_BY_IDS = {}  # kind -> prepared query of its items by id


def result_rows(item):
    """`item`'s rows as results read them: with the relations they show and, where the
    content type names them (`search_result_fields`), only the columns they show."""
    model = item.model_class
    rows = model.objects.select_related(*related(item))
    shown = getattr(model, "search_result_fields", ())
    if shown:
        searched = [name for weight in "ABC" for name in item.fields(weight)]
        rows = rows.only(*searched, *shown)
    return rows


def _by_ids(item):
    """The prepared query of `item`'s rows by id; it takes the time now as well when the
    content type adds to its rows (`search_annotations`)."""
    if item.kind not in _BY_IDS:
        model = item.model_class
        if hasattr(model, "search_annotations"):
            _BY_IDS[item.kind] = Prepared(
                lambda ids, now: (
                    result_rows(item)
                    .filter(pk__in=ids)
                    .annotate(**model.search_annotations(now))
                    .order_by()
                )
            )
        else:
            _BY_IDS[item.kind] = Prepared(
                lambda ids: result_rows(item).filter(pk__in=ids).order_by()
            )
    return _BY_IDS[item.kind]


def _rows_by_ids(item, ids, now):
    if hasattr(item.model_class, "search_annotations"):
        return _by_ids(item)(ids=ids, now=now)
    return _by_ids(item)(ids=ids)


def load_results(rows, text, terms, now=None):
    """Turn a page of (kind, pk, rank, date) rows into results, one query per kind."""
    now = now or timezone.now()
    pks_by_kind = {}
    for kind_order, pk, _rank, _date in rows:
        pks_by_kind.setdefault(kind_order, []).append(pk)
    loaded = {}
    items = searchables()
    for kind_order, pks in pks_by_kind.items():
        item = items[kind_order]
        if uses_postgres():
            loaded[kind_order] = _postgres_headlines(item, pks, text, now)
        else:
            loaded[kind_order] = {obj.pk: obj for obj in _rows_by_ids(item, pks, now)}
    results = []
    marked, dated = language_marker(), card_dates()
    for kind_order, pk, _rank, _date in rows:
        item, obj = items[kind_order], loaded[kind_order].get(pk)
        if obj is None:
            continue
        snippet = (
            postgres_snippet(obj, item)
            if hasattr(obj, "headline")
            else simple_snippet(obj, item, terms)
        )
        label = getattr(obj, "kind_label", None) or item.label
        result = Result(item.kind, label, obj, snippet, marked(getattr(obj, "language", "")))
        if item.kind != "event":
            result.date_iso, result.date = dated(obj.publish_at)
        results.append(result)
    return results
