"""The admin's search box over large tables, on PostgreSQL.

Django's admin searches with `icontains`, which reads every row of the table: seconds at
100,000 articles. Here the fields of the model's full-text index that the admin searches
(title and lead: weights A and B, see `publishing.search`) are searched through that index,
by the start of each word, so that "pens" finds "pension". An item is found when every
word of the search begins a word of its title or lead, or when each term of the search is
in one of the admin's other search fields (an author's name, say), as Django finds it.
SQLite keeps Django's own search.
"""

import re

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import Expression
from django.utils.text import smart_split, unescape_string_literal

INDEXED_WEIGHTS = "AB"
MAX_WORDS = 8
WORD = re.compile(r"[^\W_]+")  # letters and digits only: nothing to_tsquery treats as syntax


class TitleOrLeadMatch(Expression):
    """True when the row's search index holds every word of `tsquery` in its title or lead,
    on the table of whichever query, or subquery, it is used in."""

    output_field = BooleanField()

    def __init__(self, tsquery):
        super().__init__()
        self.tsquery = tsquery

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        config = settings.PLACARD_SEARCH_CONFIG
        sql = f"{table}.search_vector @@ to_tsquery('{config}'::regconfig, %s)"
        return sql, [self.tsquery]


def title_or_lead_match(text):
    """Every word of `text` begins a word of the title or lead; None if `text` has none."""
    words = WORD.findall(text.lower())[:MAX_WORDS]
    if not words:
        return None
    return TitleOrLeadMatch(" & ".join(f"{word}:*{INDEXED_WEIGHTS}" for word in words))


def indexed_fields(model):
    weights = getattr(model, "search_fields", None) or {}
    return {name for weight in INDEXED_WEIGHTS for name in weights.get(weight, [])}


def every_term_in(fields, text):
    """Django's admin search over `fields`: each term of `text` in one of them."""
    condition = Q()
    for term in smart_split(text):
        if term[0] in "\"'" and term[-1] == term[0]:
            term = unescape_string_literal(term)
        condition &= Q.create([(f"{field}__icontains", term) for field in fields], Q.OR)
    return condition


def search(model, fields, text):
    """A condition for the rows of `model` that the admin's search for `text` over
    `fields` finds, or None where Django's own search serves (SQLite, or no field of the
    full-text index among `fields`)."""
    indexed = indexed_fields(model) & set(fields)
    match = title_or_lead_match(text)
    if connection.vendor != "postgresql" or not indexed or match is None:
        return None
    rows = model._default_manager.order_by()
    others = [field for field in fields if field not in indexed]
    other_matches = rows.filter(every_term_in(others, text)) if others else rows.none()
    if not other_matches.exists():
        # The usual case: the database counts and orders the index's matches directly.
        return Q(match)
    return Q(pk__in=rows.filter(match).values("pk").union(other_matches.values("pk"), all=True))
