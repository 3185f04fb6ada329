"""The search page: one query box over articles, statements and events."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import search
from .pagination import CachedCountPaginator

PAGE_SIZE = 20


def search_page(request):
    text, terms = search.clean_query(request.GET.get("q", ""))
    kind = request.GET.get("type", "")
    kinds = [kind] if kind in search.BY_KIND else None
    Section = search.apps.get_model("articles", "Section")
    sections = list(Section.objects.only("name", "slug"))
    section = next((s for s in sections if s.slug == request.GET.get("section")), None)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1900 < int(year) < 3000 else None
    context = {
        "query": text,
        "kind": kind if kinds else "",
        "kinds": search.SEARCHABLE,
        "sections": sections,
        "section": section,
        "year": year,
        "this_year": timezone.localdate().year,
        "too_long": len(request.GET.get("q", "")) > search.MAX_QUERY_LENGTH,
    }
    if not terms:
        # Empty, or nothing but symbols: say so instead of searching for nothing.
        context["no_words"] = bool(text)
        return render(request, "site_config/search.html", context)
    rows = search.matches(text, terms, kinds=kinds, section=section, year=year)
    paginator = CachedCountPaginator(rows, PAGE_SIZE)
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
