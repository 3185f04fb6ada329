"""Sitemaps that stay fast however much is published.

The site's sitemap is an index (`/sitemap.xml`, see `index_files`) of sitemap files. Each
section of it (articles, sections, events, …) is a `Sitemap` that gives the addresses of
one of its files (`entries(number)`), each with its last change: an item's own, a list's
the newest change among the published items it shows (`CHANGED`, `latest_changes`).

A `SmallSitemap` is read as one list. A `QuerySitemap` files the rows of a queryset by
primary key: file n holds the rows whose key lies in the n-th block of `FILE_SIZE` keys.
So a file never holds more than `FILE_SIZE` addresses, it is read with one range scan of
the primary key, a row never moves to another file, and an old file keeps its `lastmod`
until one of its own rows changes, so crawlers can skip it. Rows are read as plain values,
and every address is made from one reversed URL: a file costs one query and no model
instance.
"""

from xml.sax.saxutils import escape

from django.db.models import CharField, Count, Func, Max, OuterRef, Subquery, Value
from django.db.models.functions import Greatest
from django.urls import reverse

# The protocol allows 50,000 addresses a file; files of 10,000 (about 1.5 MB) are quick to
# build, to send and to keep in the page cache.
FILE_SIZE = 10_000
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Stands for a row's value in a reversed address; any value the URL pattern accepts.
PLACEHOLDER = "sitemap-placeholder"
# When a published item last changed for readers: edited, or (later) published.
CHANGED = Greatest("updated_at", "publish_at")


class W3CDatetime(Func):
    """A timestamp as W3C Datetime text in UTC ("2024-05-01T12:30:00Z"), written by the
    database: turning thousands of timestamps into Python datetimes (Django's time-zone-aware
    loader runs in Python) would cost more than the rest of a file."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = self.as_sql(compiler, connection, template="strftime(%%s, %(expressions)s)")
        return sql, ("%Y-%m-%dT%H:%M:%SZ", *params)


class Sitemap:
    """A section of the sitemap (a `SmallSitemap` or a `QuerySitemap`). `changefreq` and
    `priority` apply to all its addresses."""

    changefreq = None
    priority = None

    def entries(self, number):
        """[(path, lastmod or None)] of file `number`, lastmod as W3C Datetime text; empty
        if there is no such file."""
        raise NotImplementedError


class SmallSitemap(Sitemap):
    """A section that always fits one file: its `addresses()`, [(path, lastmod or None)],
    are read as a list."""

    def addresses(self):
        raise NotImplementedError

    def files(self):
        """[(number, lastmod or None)] of the files that hold addresses."""
        addresses = self.addresses()
        if not addresses:
            return []
        return [(1, max((lastmod for _path, lastmod in addresses if lastmod), default=None))]

    def entries(self, number):
        return list(self.addresses()) if number == 1 else []


class QuerySitemap(Sitemap):
    """The rows of `queryset()`, each at the address of `url_name` with its
    `location_field` as the URL's `url_kwarg`, filed by primary key (see the module).
    Its files are found by `index_files`, together with those of other such sections."""

    url_name = None
    url_kwarg = "slug"
    location_field = "slug"
    lastmod = None  # an expression over the row, e.g. Greatest("updated_at", "publish_at")

    def queryset(self):
        raise NotImplementedError

    def address_template(self):
        return reverse(self.url_name, kwargs={self.url_kwarg: PLACEHOLDER})

    def in_file(self, queryset, number):
        first = (number - 1) * FILE_SIZE
        return queryset.filter(pk__gte=first, pk__lt=first + FILE_SIZE)

    def last_key(self, name):
        """A query for the section's highest key, as {"sitemap": name, "last": key}."""
        queryset = self.queryset().order_by().annotate(sitemap=Value(name))
        return queryset.values("sitemap").annotate(last=Max("pk"))

    def file_summary(self, name, number):
        """A query for how many rows file `number` holds and when they last changed."""
        latest = Value(None, CharField())
        if self.lastmod is not None:
            latest = W3CDatetime(Max(self.lastmod))
        queryset = self.in_file(self.queryset().order_by(), number)
        queryset = queryset.annotate(sitemap=Value(name), file=Value(number))
        return queryset.values("sitemap", "file").annotate(rows=Count("pk"), latest=latest)

    def entries(self, number):
        if number < 1:
            return []
        rows = self.in_file(self.queryset(), number).order_by("pk")
        before, _placeholder, after = self.address_template().partition(PLACEHOLDER)
        if self.lastmod is None:
            values = rows.values_list(self.location_field, flat=True)
            return [(f"{before}{value}{after}", None) for value in values]
        rows = rows.annotate(latest=W3CDatetime(self.lastmod))
        return [
            (f"{before}{value}{after}", latest)
            for value, latest in rows.values_list(self.location_field, "latest")
        ]


class PublishedSitemap(QuerySitemap):
    """The published items of a `Publishable` model; changed when edited or published."""

    model = None
    lastmod = CHANGED

    def queryset(self):
        return self.model._default_manager.published()


def union(queries):
    return queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]


def newest_change(queryset, link, expression=CHANGED):
    """An expression for the newest `expression` among the rows of `queryset` whose `link`
    is the outer row's key: the last change of a list (a section, a tag) of those rows."""
    newest = queryset.filter(**{link: OuterRef("pk")}).order_by().annotate(changed=expression)
    return Subquery(newest.order_by("-changed").values("changed")[:1])


def latest_changes(queries):
    """{key: lastmod} of the newest `expression` among each queryset's rows, as W3C Datetime
    text, read in one query. `queries` is {key: queryset} (the `CHANGED` of published
    items) or {key: (queryset, expression)}; a key whose queryset is empty is left out."""
    parts = []
    for key, query in queries.items():
        queryset, expression = query if isinstance(query, tuple) else (query, CHANGED)
        queryset = queryset.order_by().annotate(sitemap=Value(key))
        parts.append(queryset.values("sitemap").annotate(latest=W3CDatetime(Max(expression))))
    if not parts:
        return {}
    return {row["sitemap"]: row["latest"] for row in union(parts) if row["latest"]}


def index_files(sections):
    """[(name, number, lastmod)] of the files of `sections` ({name: Sitemap}), in order.

    The files of every `QuerySitemap` are found together in two queries, however many
    sections and files there are: the highest key of each section, then a summary of each
    file (its rows and their last change), each a range scan of the primary key. A section
    without `lastmod` whose keys fit one file needs no summary.
    """
    files = {name: s.files() for name, s in sections.items() if isinstance(s, SmallSitemap)}
    queried = {name: s for name, s in sections.items() if isinstance(s, QuerySitemap)}
    lasts = union([s.last_key(name) for name, s in queried.items()]) if queried else []
    summaries = []
    for row in lasts:
        name, section, last = row["sitemap"], queried[row["sitemap"]], row["last"]
        if last is not None and section.lastmod is None and last < FILE_SIZE:
            files[name] = [(1, None)]  # the highest key is in the first and only file
        elif last is not None:
            numbers = range(1, last // FILE_SIZE + 2)
            summaries += [section.file_summary(name, number) for number in numbers]
    if summaries:
        for row in union(summaries):
            if row["rows"]:
                files.setdefault(row["sitemap"], []).append((row["file"], row["latest"]))
    return [
        (name, number, lastmod)
        for name in sections
        for number, lastmod in sorted(files.get(name, []))
    ]


def urlset_xml(site, entries, changefreq=None, priority=None):
    """A sitemap file: `site` is the scheme and host that paths are joined to."""
    common = f"<changefreq>{changefreq}</changefreq>" if changefreq else ""
    if priority is not None:
        common += f"<priority>{priority:.1f}</priority>"
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n']
    for path, lastmod in entries:
        lastmod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{escape(site + path)}</loc>{lastmod}{common}</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def index_xml(site, files):
    """The sitemap index: [(path, lastmod or None)] of the files."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n']
    for path, lastmod in files:
        lastmod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        parts.append(f"<sitemap><loc>{escape(site + path)}</loc>{lastmod}</sitemap>\n")
    parts.append("</sitemapindex>\n")
    return "".join(parts)
