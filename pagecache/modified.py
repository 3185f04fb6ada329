"""`Last-Modified` from what a page shows, so that conditional GETs (`If-Modified-Since`,
what feed readers and calendar apps send) get a 304 until that content changes.

A page's time is the newest change among the items it shows: an item's `updated_at`, or
its `publish_at` when that is later (a scheduled item changes the page when it goes live,
not when it was saved); and never older than the last change of the content versions it
was rendered under (`ContentVersion.changed_at`). The items alone would miss an item
leaving a list (unpublished, deleted, moved to another section) and a change to what an
item shows but does not own (an author's name on a byline, a section's name, a confirmed
signature): each of those bumps a version, and so moves the page's time with it.

Generic views say what they show in their context (`object` on a detail page,
`object_list` on a list: the items of the page shown); other views say it with
`shows(response, items)`. A page that names no items, or items without those times
loaded, gets the time it was stored, as before: never earlier than what it shows.

Not seen by this time: a page changed by the clock alone without the item concerned being
shown (an event ending and leaving a list, a scheduled item pushing another onto the next
page). The `ETag`, the hash of the page, sees those: a client that sends `If-None-Match`
as well (browsers do) is answered by it alone.
"""

import datetime

from django.db import models
from django.db.models.query import QuerySet
from django.utils import timezone

TIME_FIELDS = ("updated_at", "publish_at")


def shows(response, items):
    """Mark `response` as showing `items` (model instances), for its `Last-Modified`. A
    queryset counts only if it was read (telling must not cost a query)."""
    if isinstance(items, QuerySet):
        items = items._result_cache
    response.shown_items = None if items is None else list(items)
    return response


def item_time(item):
    # Only times already loaded: a list that deferred `updated_at` must not pay a query
    # per item for it (the content version's `changed_at` covers every saved change).
    if isinstance(item, models.Model):
        times = [item.__dict__.get(name) for name in TIME_FIELDS]
    else:
        times = [getattr(item, name, None) for name in TIME_FIELDS]
    return max((t for t in times if isinstance(t, datetime.datetime)), default=None)


def shown_items(response):
    """The items `response` says it shows, or None if it does not say (or telling would
    cost a query: a list the page did not read)."""
    items = getattr(response, "shown_items", None)
    if items is not None:
        return items
    context = getattr(response, "context_data", None) or {}
    if "object" in context and context["object"] is not None:
        return [context["object"]]
    listed = context.get("object_list")
    if isinstance(listed, QuerySet):
        listed = listed._result_cache  # None when the page never read it
    if listed is None:
        return None
    return list(listed)


def content_modified(response, changed_at=None):
    """The time of the newest change among the items `response` shows and `changed_at`
    (when the versions it was rendered under last moved), or None when it is not known
    (no items named, or one without a time)."""
    items = shown_items(response)
    if not items:
        return None
    times = [item_time(item) for item in items]
    if any(t is None for t in times):
        return None
    if changed_at is not None:
        times.append(changed_at)
    return min(max(times), timezone.now())
