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
and every address is made from one reversed URL: a file costs one query (two or three
for a `ListSitemap`, whose rows' changes are those of the items they list) and no model
instance. The index finds every file of every section in two queries, without reading
every row: the range of keys of each section, then the newest row of each file in that
range (see `index_files`).
"""

from xml.sax.saxutils import escape

from django.db import connections
from django.db.models import (
    CharField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import translation

from .language_sites import default_language, is_multilingual, site_language_of, strip_prefix

# The protocol allows 50,000 addresses a file; files of 10,000 (about 1.5 MB) are quick to
# build, to send and to keep in the page cache.
FILE_SIZE = 10_000
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
# A section whose keys spread over more files than this (a few rows with far-apart keys)
# is summarised with one scan of its rows grouped by file instead (see `index_files`).
MAX_FILE_LOOKUPS = 1000
# SQLite refuses a compound query of more than 500 parts (see `look_up_files`).
LOOKUPS_A_QUERY = 400
# Stands for the number of the file being looked up (see `look_up_files`).
FILE = RawSQL("sitemap_files.number", [], output_field=IntegerField())
# Stands for a row's value in a reversed address; any value the URL pattern accepts.
PLACEHOLDER = "sitemap-placeholder"
# A list's rows are first looked for among this many of the newest items (see
# `ListSitemap.newest_changes`).
RECENT_ITEMS = 2000
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

    def localized_entries(self, number):
        """The entries of file `number` as the site publishes them: as `entries` with one
        language; with several, each address under every language's prefix, each entry
        with its alternates [(hreflang, path)] as a third member (the pages of a list,
        the home page: each language has its own)."""
        if not is_multilingual():
            return self.entries(number)
        with translation.override(default_language()):
            entries = self.entries(number)
        return in_every_language(entries)


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

    def localized_entries(self, number):
        """With several languages, the addresses of each language, asked with it active
        (a list of one language's items can hold other pages than another's), each with
        the same page in the others as its alternates."""
        if not is_multilingual() or number != 1:
            return super().localized_entries(number)
        from django.conf import settings

        found = []
        for language in settings.PLACARD_LANGUAGES:
            with translation.override(language):
                found += [(language, path, lastmod) for path, lastmod in self.addresses()]
        versions = {}
        for language, path, _lastmod in found:
            versions.setdefault(strip_prefix(path), {})[language] = path
        return [
            (path, lastmod, item_alternates(versions[strip_prefix(path)]))
            for _language, path, lastmod in found
        ]


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
        return queryset.filter(in_block("pk", number))

    def key_range(self, name):
        """A query of one row, {"sitemap": name, "low", "high"}: the least and the greatest
        key of the section's rows (None if it has none), which bound its files. For a
        table of items, read from the two ends of its primary key's index."""
        rows = self.queryset().order_by().annotate(sitemap=Value(name))
        return rows.values("sitemap").annotate(low=Min("pk"), high=Max("pk"))

    def newest_first(self, number):
        """The rows whose changes make file `number`'s: its own, newest first. Found by the
        file's number as well as by its keys, so that an index on the file number and the
        change (like the articles') gives the newest one at once."""
        rows = self.in_file(self.queryset(), number).filter(Exact(file_number("pk"), number))
        return rows.order_by("pk" if self.lastmod is None else self.lastmod.desc())

    def file_lookup(self):
        """A query of one value, for the file whose number `FILE` stands for: its newest
        row's lastmod ("" in a section without), or no row if the file is empty. It
        reads at most the file's rows, never the whole section's (see `newest_first`)."""
        latest = (
            Value("") if self.lastmod is None else Coalesce(W3CDatetime(self.lastmod), Value(""))
        )
        return self.newest_first(FILE).annotate(latest=latest).values("latest")[:1]

    def file_summaries(self, name):
        """A query of every file of the section as {"sitemap": name, "file", "latest"}, in
        one scan of all its rows grouped by the block of keys that makes the file (see
        `in_file`): for a section whose keys are too far apart to look up each file."""
        latest = Value(None, CharField())
        if self.lastmod is not None:
            latest = W3CDatetime(Max(self.lastmod))
        queryset = self.queryset().order_by()
        queryset = queryset.annotate(sitemap=Value(name), file=file_number("pk"))
        return queryset.values("sitemap", "file").annotate(latest=latest)

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


class ItemSitemap(QuerySitemap):
    """Rows that are items with a `language`: with several languages, each at its address
    under its own language's prefix, with the other members of its translation group (as
    `queryset()` has them) as its alternates, read with one more query a file."""

    def localized_entries(self, number):
        if not is_multilingual() or number < 1:
            return super().localized_entries(number)
        model = self.queryset().model
        grouped = any(f.name == "translation_of" for f in model._meta.get_fields())
        with translation.override(default_language()):
            before, _placeholder, after = self.address_template().partition(PLACEHOLDER)
        before = strip_prefix(before)
        fields = ["pk", self.location_field, "language"]
        fields += ["translation_of_id"] if grouped else []
        rows = self.in_file(self.queryset(), number).order_by("pk")
        if self.lastmod is not None:
            rows = rows.annotate(latest=W3CDatetime(self.lastmod))
            fields.append("latest")
        rows = list(rows.values(*fields))
        groups = {}
        if grouped and rows:
            roots = {row["translation_of_id"] or row["pk"] for row in rows}
            members = self.queryset().filter(pk__in=roots) | self.queryset().filter(
                translation_of_id__in=roots
            )
            for pk, value, language, root in members.order_by("pk").values_list(
                "pk", self.location_field, "language", "translation_of_id"
            ):
                site_language = site_language_of(language)
                group = groups.setdefault(root or pk, {})
                group.setdefault(site_language, f"/{site_language}{before}{value}{after}")
        entries = []
        for row in rows:
            language = site_language_of(row["language"])
            path = f"/{language}{before}{row[self.location_field]}{after}"
            group = groups.get(row.get("translation_of_id") or row["pk"], {})
            entries.append((path, row.get("latest"), item_alternates(group)))
        return entries


class ListSitemap(QuerySitemap):
    """Pages that each list the published items linked to one row: a section, an author,
    a tag. A row's last change is the newest `lastmod` among its `items()`, read for all
    the rows of a file together (see `newest_changes`). `queryset()` must be the rows
    that some item links to."""

    link = None  # the items' field that points at a row: "section", "authors", "tags"
    lastmod = CHANGED  # of the items

    def items(self):
        raise NotImplementedError

    def linked(self, number=None):
        """The items, of the rows in file `number` if given."""
        items = self.items().order_by()
        if number is None:
            return items
        return items.filter(in_block(self.link, number))

    def linked_to_file(self, number):
        """A condition on the items: linked to a row of file `number`. As `linked`, for a
        subclass to say it in a way that the database checks item by item cheaply."""
        return in_block(self.link, number)

    def newest_first(self, number):
        """The items of the rows of file `number`, newest first: read from the newest of
        all items down (an index on `lastmod`) until one is linked to the file."""
        items = self.items().order_by().filter(self.linked_to_file(number))
        return items.order_by(self.lastmod.desc())

    def file_summaries(self, name):
        # An item linked to no row (an article without authors) is in no file.
        items = self.linked().filter(**{f"{self.link}__isnull": False})
        items = items.annotate(sitemap=Value(name), file=file_number(self.link))
        return items.values("sitemap", "file").annotate(latest=W3CDatetime(Max(self.lastmod)))

    def entries(self, number):
        if number < 1:
            return []
        rows = self.in_file(self.queryset(), number).order_by("pk")
        rows = list(rows.values_list("pk", self.location_field))
        if not rows:  # also spares the items' query a key beyond the database's integers
            return []
        newest = self.newest_changes(number, [key for key, _value in rows])
        before, _placeholder, after = self.address_template().partition(PLACEHOLDER)
        return [(f"{before}{value}{after}", newest.get(key)) for key, value in rows]

    def newest_changes(self, number, keys):
        """{key: lastmod} of the rows `keys` of file `number`, from the items.

        Read first among the `RECENT_ITEMS` newest items (from the top of an index on
        `lastmod`), which most rows have one of: a row linked to one of them has its
        newest change among them, as every other item changed no later. Only the rows
        linked to none of them, whose items all changed earlier, have their items read
        in full, not the file's every item (a million at a million articles)."""
        items = self.items().order_by()  # the same moment's published items for each query
        recent = items.order_by(self.lastmod.desc()).values("pk")[:RECENT_ITEMS]
        newest = self.latest_by_row(items.filter(pk__in=recent), in_block, number)
        missing = [key for key in keys if key not in newest]
        if missing:
            newest.update(self.latest_by_row(items, in_keys, missing))
        return newest

    def latest_by_row(self, items, condition, value):
        """{key: lastmod} of the rows that `items` link to and that meet
        `condition(field, value)` (`in_block` or `in_keys`) on the link."""
        items = items.filter(condition(self.link, value)).values(self.link)
        items = items.annotate(latest=W3CDatetime(Max(self.lastmod)))
        return dict(items.values_list(self.link, "latest"))


class PublishedSitemap(ItemSitemap):
    """The published items of a `Publishable` model; changed when edited or published."""

    model = None
    lastmod = CHANGED

    def queryset(self):
        return self.model._default_manager.published()


def union(queries):
    return queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]


def file_number(key):
    """An expression for the file that the row whose key is `key` goes in (see `in_file`)."""
    return ExpressionWrapper(F(key) / FILE_SIZE + 1, output_field=IntegerField())


def file_of(key):
    """The number of the file that the row whose key is `key` goes in (see `file_number`)."""
    return key // FILE_SIZE + 1


def in_block(key, number):
    """A condition: `key` lies in the block of `FILE_SIZE` keys of file `number`."""
    first = (number - 1) * FILE_SIZE
    return Q(**{f"{key}__gte": first, f"{key}__lt": first + FILE_SIZE})


def in_keys(key, keys):
    """A condition: `key` is one of `keys`."""
    return Q(**{f"{key}__in": keys})


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

    The files of every `QuerySitemap` are found together without reading their rows: one
    query for the least and greatest key of each section, which bound its files, then one
    for the newest row of each of those files (see `look_up_files`), each found from the
    top of an index where there is one; a file without rows has no newest row, and is
    left out.
    """
    files = {name: s.files() for name, s in sections.items() if isinstance(s, SmallSitemap)}
    queried = {name: s for name, s in sections.items() if isinstance(s, QuerySitemap)}
    for name, number, lastmod in query_files(queried):
        files.setdefault(name, []).append((number, lastmod or None))
    return [
        (name, number, lastmod)
        for name in sections
        for number, lastmod in sorted(files.get(name, []))
    ]


def query_files(sections):
    """[(name, number, lastmod)] of the files of `sections` ({name: QuerySitemap}), each
    file looked up on its own (see `look_up_files`), or, for a section whose keys spread
    over too many files to look each up, all found with one scan of its rows."""
    if not sections:
        return []
    found, lookups = [], []
    for row in union([section.key_range(name) for name, section in sections.items()]):
        if row["low"] is None:
            continue
        name, section = row["sitemap"], sections[row["sitemap"]]
        first, last = file_of(row["low"]), file_of(row["high"])
        if last - first >= MAX_FILE_LOOKUPS:
            found += section.file_summaries(name).values_list("sitemap", "file", "latest")
        else:
            lookups.append((name, section.file_lookup(), first, last))
    for start in range(0, len(lookups), LOOKUPS_A_QUERY):
        found += look_up_files(lookups[start : start + LOOKUPS_A_QUERY])
    return found


def look_up_files(lookups):
    """[(name, number, lastmod)] of the files that hold rows among `lookups`, [(name,
    query, first, last)]: the `file_lookup` of a section with the numbers of the files
    it may have. One query for them all (a part for each section), each section's
    lookup written once and asked of every number in turn (from a list of numbers that
    the query itself counts), rather than a query written out for each file: at a
    million articles, the hundred files of the articles alone took longer to write and
    to plan than to run."""
    if not lookups:
        return []
    parts, params = [], []
    for index, (_name, query, first, last) in enumerate(lookups):
        sql, query_params = query.query.get_compiler(query.db).as_sql()
        parts.append(
            f"SELECT {index:d}, number, ({sql}) FROM sitemap_files "
            "WHERE number >= %s AND number <= %s"
        )
        params += [*query_params, first, last]
    low = min(first for _name, _query, first, _last in lookups)
    high = max(last for _name, _query, _first, last in lookups)
    sql = (
        "WITH RECURSIVE sitemap_files(number) AS (SELECT CAST(%s AS integer) UNION ALL "
        "SELECT number + 1 FROM sitemap_files WHERE number < %s) " + " UNION ALL ".join(parts)
    )
    with connections[lookups[0][1].db].cursor() as cursor:
        cursor.execute(sql, [low, high, *params])
        rows = cursor.fetchall()
    return [
        (lookups[index][0], number, latest) for index, number, latest in rows if latest is not None
    ]


def in_every_language(entries):
    """Entries of pages that every language has (lists, the home page), whose paths are
    under the default language's prefix: each under every language's, with alternates."""
    from django.conf import settings

    languages = settings.PLACARD_LANGUAGES
    localized = []
    for language in languages:
        for path, lastmod in entries:
            rest = strip_prefix(path)
            versions = {code: f"/{code}{rest}" for code in languages}
            localized.append((f"/{language}{rest}", lastmod, item_alternates(versions)))
    return localized


def item_alternates(versions):
    """[(hreflang, path)] of a page's `versions` ({site language: path}), with x-default
    for the default language's; empty for a page in one language only."""
    if len(versions) < 2:
        return []
    alternates = list(versions.items())
    default = versions.get(default_language())
    if default is not None:
        alternates.append(("x-default", default))
    return alternates


def urlset_xml(site, entries, changefreq=None, priority=None):
    """A sitemap file: `site` is the scheme and host that paths are joined to. An entry is
    (path, lastmod) or (path, lastmod, alternates): [(hreflang, path)] of its versions in
    other languages, written as `xhtml:link` elements."""
    common = f"<changefreq>{changefreq}</changefreq>" if changefreq else ""
    if priority is not None:
        common += f"<priority>{priority:.1f}</priority>"
    entries = list(entries)
    linked = any(len(entry) > 2 and entry[2] for entry in entries)
    spaces = f'xmlns="{NAMESPACE}"'
    if linked:
        spaces += f' xmlns:xhtml="{XHTML_NAMESPACE}"'
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {spaces}>\n']
    for path, lastmod, *rest in entries:
        lastmod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{escape(code)}" href="{escape(site + href)}"/>'
            for code, href in (rest[0] if rest else ())
        )
        parts.append(f"<url><loc>{escape(site + path)}</loc>{lastmod}{common}{links}</url>\n")
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
