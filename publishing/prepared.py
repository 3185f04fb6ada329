"""Queries compiled to SQL once per process, then run again with new values.

Building a queryset and compiling it to SQL costs Django more than running the SQL does:
on a cold public page most of the database time is spent in Python before the first
row comes back. The pages ask the same few questions on every request, with only their
values changing (the time now, a slug, the ids on a page), so `Prepared` compiles each
shape once and substitutes the values into the SQL it kept.

    latest = Prepared(lambda now: Article.objects.filter(publish_at__lte=now)[:10])
    articles = list(latest(now=timezone.now()))

The builder's keyword arguments are the values: datetimes, dates, numbers and strings,
compared exactly or matched as patterns (`contains`, `icontains`, `startswith`...), or
lists of them for `__in`. A value the builder computes with (`limit + 1`) is refused:
pass the result instead, or pass it as shape. Positional arguments are the shape (slice
bounds, a section chosen in Python): they are passed to the builder as they are and each
distinct shape is compiled once. A list value is part of the shape by its length.

What a call returns is a queryset to read, not to refine: filtering or slicing it again
raises `TypeError`. Results are never kept; every call runs its query.

Anything that changes with time must be a value: a builder that reads the clock itself
(`published()` without `now`) would keep its first answer for the life of the process.
Compiling refuses a query whose SQL, or a prefetch's, holds a time within a day of now
that is not one of its values.
"""

import copy
import datetime
import itertools
import weakref
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.signals import post_migrate

_MARKER_BASE = -1_987_654_321  # within a 32-bit column's range
MAX_SHAPES = 256  # compiled shapes kept per prepared query
PLACE = "\x1e"  # where a value goes in a LIKE pattern


def _markers():
    """Values no real query asks for, one per value of the builder."""
    count = itertools.count()

    def marker(value):
        number = next(count)
        if isinstance(value, datetime.datetime):
            return datetime.datetime(1801, 1, 1, 0, 0, 0, number + 1, tzinfo=datetime.UTC)
        if isinstance(value, datetime.date):
            return datetime.date(1801, 1, 1) + datetime.timedelta(days=number)
        if isinstance(value, bool):
            raise TypeError("Prepared queries take booleans as shape, not values")
        if isinstance(value, int):
            return _MARKER_BASE - number
        if isinstance(value, str):
            # The underscore is escaped in LIKE patterns: a pattern shows as such.
            return f"\x1fprepared_{number}\x1f"
        raise TypeError(f"Prepared queries cannot take {type(value).__name__} values")

    return marker


def _recent_times(queryset, connection):
    """Times within a day of now in the SQL of `queryset` and of its prefetches."""
    now = datetime.datetime.now(datetime.UTC)
    near = {_adapt(connection, now + datetime.timedelta(hours=hours)) for hours in (-24, 24)}
    low, high = min(near), max(near)
    querysets = [queryset] + [
        lookup.queryset
        for lookup in queryset._prefetch_related_lookups
        if getattr(lookup, "queryset", None) is not None
    ]
    found = []
    for each in querysets:
        try:
            _, params = each.query.get_compiler(each.db).as_sql()
        except EmptyResultSet:
            continue
        found += [p for p in params if isinstance(p, type(low)) and low <= p <= high]
    return found


def _adapt(connection, value):
    """`value` as the ORM hands it to the database driver for a plain comparison."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


class _FrozenQuery:
    """The compiled query of one call: hands out its compiler and refuses changes."""

    def __init__(self, query, compiler):
        self._query = query
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def chain(self, *args, **kwargs):
        raise TypeError("A prepared query is read as it is; build another to narrow it")

    clone = chain

    def __getattr__(self, name):
        return getattr(self._query, name)


def _read_only(queryset):
    """The class of what calls return: `queryset`'s, shown without running a query (a
    queryset's own repr would narrow it, which a prepared one refuses)."""
    base = type(queryset)
    return type(
        f"Prepared{base.__name__}",
        (base,),
        {"__repr__": lambda self: f"<prepared {base.__name__} of {self.model.__name__}>"},
    )


@dataclass
class _Compiled:
    queryset: object
    compiler: object | None  # None: the query can match nothing (an empty `__in` list)
    query: object = None
    sql: str = ""
    queryset_class: type = None
    params: tuple = ()
    # (position in params, name, index in a list value or None, LIKE pattern or None)
    slots: tuple = ()
    # The converters of its columns, by connection and columns (see `_converters`).
    converters: dict = None


_ALL = weakref.WeakSet()


def forget_compiled(**kwargs):
    """Drop every compiled query. Compiled SQL may hold ids of rows Django itself keeps
    (a content type's, in a join to tags): after `migrate` or a flush (tests) they may
    differ."""
    for prepared in list(_ALL):
        prepared.compiled.clear()


post_migrate.connect(forget_compiled, dispatch_uid="publishing.prepared.forget_compiled")


def _converters(entry, compiler, connection):
    """`compiler.get_converters`, worked out once per compiled query and connection: Django
    asks every column's field and the backend for them on each run, a tenth of what
    reading a page's rows costs. The columns are the compiled query's own objects (the
    compiler is a shallow copy), so their identities name them."""
    find = type(compiler).get_converters

    def get_converters(expressions):
        key = (connection, tuple(map(id, expressions)))
        found = entry.converters.get(key)
        if found is None:
            found = entry.converters[key] = find(compiler, expressions)
        return found

    return get_converters


class Prepared:
    """A queryset builder whose SQL is compiled once per shape and database."""

    def __init__(self, build):
        self.build = build
        self.compiled = {}
        _ALL.add(self)

    def __call__(self, *shape, **values):
        lengths = tuple(
            (name, len(value)) for name, value in values.items() if isinstance(value, list | tuple)
        )
        key = (shape, tuple(values), lengths)
        entry = self.compiled.get(key)
        if entry is None:
            if len(self.compiled) >= MAX_SHAPES:
                self.compiled.clear()  # shapes a reader chose (deep pages): start again
            entry = self.compiled[key] = self.compile(shape, values)
        # A fresh queryset sharing the compiled one's settings (copy.copy would run it).
        queryset = object.__new__(entry.queryset_class)
        queryset.__dict__.update(entry.queryset.__dict__)
        if entry.compiler is None:
            return queryset.none()
        compiler = copy.copy(entry.compiler)
        compiler.connection = connection = connections[queryset.db]
        params = list(entry.params)
        for position, name, index, pattern in entry.slots:
            value = values[name] if index is None else values[name][index]
            if pattern is None:
                params[position] = _adapt(connection, value)
            else:
                params[position] = pattern.replace(PLACE, connection.ops.prep_for_like_query(value))
        sql, params = entry.sql, tuple(params)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        compiler.get_converters = _converters(entry, compiler, connection)
        queryset._query = _FrozenQuery(entry.query, compiler)  # the setter would reset values()
        return queryset

    def compile(self, shape, values):
        marker = _markers()
        stand_ins = {}
        for name, value in values.items():
            if isinstance(value, list | tuple):
                stand_ins[name] = [marker(item) for item in value]
            else:
                stand_ins[name] = marker(value)
        queryset = self.build(*shape, **stand_ins)
        connection = connections[queryset.db]
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _Compiled(queryset, None, queryset_class=type(queryset))
        wanted = {}
        for name, stand_in in stand_ins.items():
            if isinstance(stand_in, list):
                for index, item in enumerate(stand_in):
                    wanted[_adapt(connection, item)] = (name, index)
            else:
                wanted[_adapt(connection, stand_in)] = (name, None)
        patterns = {
            connection.ops.prep_for_like_query(stand_in): slot
            for stand_in, slot in wanted.items()
            if isinstance(stand_in, str)
        }
        slots, found = [], set()
        for position, param in enumerate(params):
            try:
                slot = wanted.get(param)
            except TypeError:  # an unhashable parameter is not one of ours
                continue
            if slot is not None:
                slots.append((position, *slot, None))
                found.add(slot)
            elif isinstance(param, str):
                # A LIKE pattern (contains, startswith, iexact...): the value goes in
                # escaped, between the pattern's own wildcards.
                for escaped, slot in patterns.items():
                    if escaped in param:
                        slots.append((position, *slot, param.replace(escaped, PLACE)))
                        found.add(slot)
                        break
        frozen = [p for p in _recent_times(queryset, connection) if p not in wanted]
        if frozen:
            raise TypeError(
                f"A prepared query would keep the time {frozen[0]} for good: pass the time "
                "as a value (for example `published(now)`)"
            )
        missing = set(wanted.values()) - found
        if missing:
            raise TypeError(
                f"Prepared query values {sorted(name for name, _ in missing)} do not reach "
                "its SQL as they are: compare them exactly, or pass them as shape"
            )
        return _Compiled(
            queryset,
            compiler,
            converters={},
            query=queryset.query,
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            queryset_class=_read_only(queryset),
        )
