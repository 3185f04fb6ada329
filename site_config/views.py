"""The pages that bring every content app together: the home page, search, robots.txt
and the 500 page. Composition views, so they may read from every content app.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.db.models import F, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.models import Article, Section, prefetch_bylines
from articles.templatetags.articles import nav_sections
from events.models import Event
from publishing import search
from publishing.pagination import CachedCountPaginator
from publishing.validators import clean_query_text
from statements.models import Statement

HOME_LATEST = 10
HOME_HIGHLIGHTS = 3
HOME_PER_SECTION = 4
HOME_STATEMENTS = 3
HOME_EVENTS = 3


def newest_per_section(listed):
    """The newest few published articles of every section, in one query.

    PostgreSQL walks each section's index with a LATERAL join, so the cost does not
    grow with the number of articles; elsewhere a window function numbers the rows.
    """
    if connection.vendor == "postgresql":
        table = Article._meta.db_table
        section_table = Article._meta.get_field("section").related_model._meta.db_table
        ids = RawSQL(
            f"SELECT newest.id FROM {section_table} s CROSS JOIN LATERAL ("
            f" SELECT a.id FROM {table} a WHERE a.section_id = s.id AND a.status = %s"
            f" AND a.publish_at <= %s ORDER BY a.publish_at DESC, a.id DESC LIMIT %s"
            f") newest",
            [Article.Status.PUBLISHED, timezone.now(), HOME_PER_SECTION],
        )
        return list(listed.filter(pk__in=ids))
    ranked = (
        listed.filter(section__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("publish_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=HOME_PER_SECTION)
    )
    return list(ranked)


def home_lists():
    """Everything the home page lists; computed only when its fragment is not cached."""
    # Bylines of all three lists are fetched together, in one query.
    listed = Article.objects.published().for_listing(with_bylines=False)
    highlights = list(listed.filter(is_highlight=True)[:HOME_HIGHLIGHTS])
    shown = [article.pk for article in highlights]
    latest = list(listed.exclude(pk__in=shown)[:HOME_LATEST])
    ranked = newest_per_section(listed)
    sections = {section.pk: (section, []) for section in nav_sections()}
    for article in ranked:
        sections[article.section_id][1].append(article)
    prefetch_bylines([*highlights, *latest, *ranked])
    return {
        "highlights": highlights,
        "latest": latest,
        "section_blocks": [
            {"section": section, "articles": articles}
            for section, articles in sections.values()
            if articles
        ],
        "statements": list(Statement.objects.published()[:HOME_STATEMENTS]),
        "next_events": Event.objects.published().next_occurrences(HOME_EVENTS),
    }


def home(request):
    return render(request, "site_config/home.html", {"lists": SimpleLazyObject(home_lists)})


SEARCH_PAGE_SIZE = 20


def search_page(request):
    # Control characters dropped before anything reaches the database (PostgreSQL refuses
    # a NUL); the length is checked on what the reader sent.
    raw_query = request.GET.get("q", "")
    text, terms = search.clean_query(clean_query_text(raw_query, max_length=None))
    kind = request.GET.get("type", "")
    kinds = [kind] if kind in search.by_kind() else None
    sections = list(Section.objects.only("name", "slug"))
    section = next((s for s in sections if s.slug == request.GET.get("section")), None)
    year = request.GET.get("year", "")
    # Four ASCII digits: isdigit() alone lets "²" through, and a 5000-digit year, both of
    # which int() refuses.
    is_year = len(year) == 4 and year.isascii() and year.isdigit()
    year = int(year) if is_year and 1900 < int(year) < 3000 else None
    context = {
        "query": text,
        "kind": kind if kinds else "",
        "kinds": search.searchables(),
        "sections": sections,
        "section": section,
        "year": year,
        "this_year": timezone.localdate().year,
        "too_long": len(raw_query) > search.MAX_QUERY_LENGTH,
    }
    if not terms:
        # Empty, or nothing but symbols: say so instead of searching for nothing.
        context["no_words"] = bool(text)
        return render(request, "site_config/search.html", context)
    rows = search.matches(text, terms, kinds=kinds, section=section, year=year)
    paginator = CachedCountPaginator(
        rows, SEARCH_PAGE_SIZE, count_key=("search", text, kinds, section and section.pk, year)
    )
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("No such page of results") from exc
    context.update(
        {
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "results": search.load_results(list(page.object_list), text, terms),
        }
    )
    return render(request, "site_config/search.html", context)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): the site's."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def server_error(request):
    """The 500 page, rendered without the database or any context processor."""
    template = loader.get_template("500.html")
    return HttpResponse(template.render(), status=500)
