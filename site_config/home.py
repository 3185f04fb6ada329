"""The home page: highlights, latest articles, statements, next events and a block per
section.

A composition view, so it may read from every content app.
"""

from django.db import connection
from django.db.models import F, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from articles.context_processors import sections as cached_sections
from articles.models import Article, Statement, prefetch_bylines
from events.models import Event

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
    sections = {section.pk: (section, []) for section in cached_sections()}
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
