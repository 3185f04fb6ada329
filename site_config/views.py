"""The pages that bring every content app together: the home page, search, the sitemap,
robots.txt and the 500 page. Composition views, so they may read from every content app.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.models import Section
from home.blocks import home_page
from publishing import search
from publishing.pagination import (
    MAX_PAGES,
    CachedCountPaginator,
    PastShownPages,
    past_shown_pages,
)
from publishing.prepared import Prepared
from publishing.sitemaps import index_files, index_xml, urlset_xml
from publishing.validators import clean_query_text

from .sitemaps import sitemaps


def home(request):
    # Worked out only when the page's fragment is not cached (see `home.blocks`).
    return render(request, "home/home_page.jinja", {"home": SimpleLazyObject(home_page)})


SEARCH_PAGE_SIZE = 20
SECTIONS = Prepared(lambda: Section.objects.only("name", "slug"))


def search_rows(request, text, terms, kinds, section_id, year):
    """(page number, the page's rows, how many matches there are or None) of a search:
    the rows and their count in one query (`search.matching_page`). The count is None for
    a page past the last, which the paginator then counts to say why it is not there."""
    number = request.GET.get("page", 1)
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404("No such page of results") from None
    if number < 1 or number > MAX_PAGES:
        return number, [], None
    start = (number - 1) * SEARCH_PAGE_SIZE
    rows, total = search.matching_page(
        text, terms, kinds, section_id, year, start, start + SEARCH_PAGE_SIZE
    )
    return number, rows, (0 if total is None and number == 1 else total)


def search_page(request):
    # Control characters dropped before anything reaches the database (PostgreSQL refuses
    # a NUL); the length is checked on what the reader sent.
    raw_query = request.GET.get("q", "")
    text, terms = search.clean_query(clean_query_text(raw_query, max_length=None))
    kind = request.GET.get("type", "")
    kinds = [kind] if kind in search.by_kind() else None
    sections = list(SECTIONS())
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
        return render(request, "site_config/search.jinja", context)
    section_id = section and section.pk
    number, rows, total = search_rows(request, text, terms, kinds, section_id, year)
    counted = MAX_PAGES * SEARCH_PAGE_SIZE + 1  # one more than the pages show
    paginator = CachedCountPaginator(
        None,
        SEARCH_PAGE_SIZE,
        # As the paginator counts (see `count_rows`): asked only for a page past the last,
        # whose rows did not say how many there are.
        count_from=lambda: search.matching_keys(text, terms, kinds, section_id, year, counted),
        rows=lambda start, stop: rows[: stop - start],
    )
    if total is not None:
        paginator.count = min(total, counted)
    try:
        page = paginator.page(number)
    except PastShownPages as error:
        return past_shown_pages(request, error)
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
    return render(request, "site_config/search.jinja", context)


def sitemap_response(xml):
    response = HttpResponse(xml, content_type="application/xml")
    # The files are for crawlers to read, not to show in results.
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_GET
def sitemap_index(request):
    sections = {name: sitemap() for name, sitemap in sitemaps.items()}
    files = [
        (reverse("sitemap-file", kwargs={"section": name, "number": number}), lastmod)
        for name, number, lastmod in index_files(sections)
    ]
    return sitemap_response(index_xml(f"{request.scheme}://{request.get_host()}", files))


@require_GET
def sitemap_file(request, section, number):
    if section not in sitemaps:
        raise Http404("No such sitemap")
    sitemap = sitemaps[section]()
    entries = sitemap.localized_entries(number)
    if not entries:
        raise Http404("No such sitemap file")
    site = f"{request.scheme}://{request.get_host()}"
    return sitemap_response(urlset_xml(site, entries, sitemap.changefreq, sitemap.priority))


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    """The 404 page, in the public pages' templates."""
    return render(request, "404.jinja", status=404)


def server_error(request):
    """The 500 page, rendered without the database or any context processor."""
    template = loader.get_template("500.html")
    return HttpResponse(template.render(), status=500)
