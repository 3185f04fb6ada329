"""Old WordPress addresses answer with a 301 to the current address of what they showed.

`/?p=123`, `/?page_id=45`, `/?cat=7` and `/?attachment_id=9` (on any path, as WordPress
reads them) are looked up before the view, because the view would otherwise show the
home page; this middleware sits outside the page cache, which drops those parameters.
Any other old address (a date permalink, `/category/news/`, `/tag/strike/`, an uploaded
file or a resized copy of it) is looked up only when the site has nothing there, that is
when the response is a 404, as Django's redirects app does. So an ordinary request costs
no query at all.

Feeds: `/feed/` (`/feed/rss2/`, `/feed/atom/`...) and a category's or tag's
`/category/news/feed/`, `/tag/strike/feed/` are 404s here too, so they are handled then:
the first lead to the articles' feed without a query, the others (looked up) to the
section's or the tag's. `/?feed=rss2` (with `cat=7` or
`tag=x`, as WordPress links them) and `/?tag=x` are read on the home page only: the
events list reads `?tag=` itself. There are no comments here, so a comments feed
(`/comments/feed/`, a post's `/…/slug/feed/`) stays a 404 and `/?feed=comments-rss2` the
home page.

The redirect goes to the object's address as it is now (its slug may have changed since
the import), and only to what readers may see: an old address of a draft stays a 404.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from taggit.models import Tag

from articles.models import Section
from publishing.links import slug_url
from publishing.models import Publishable

from .addresses import QUERY_KEYS, numeric_id, original_upload_key, path_key, query_key
from .models import LegacyAddress

KEY_LENGTH = LegacyAddress._meta.get_field("old_address").max_length
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/preview/")
# WordPress's feed types; `atom` has an Atom feed here, the others (rss2, rss, rdf) RSS.
FEED_TYPES = ("rss2", "atom", "rss", "rdf")
# "/feed", "/feed/atom", "/category/news/feed/rss2" as `path_key` gives them.
FEED_PATH = re.compile(r"^(?P<base>.*?)/feed(?:/(?P<type>rss2|atom|rss|rdf))?$")


def feed_kind(feed_type):
    return "atom" if feed_type == "atom" else "rss"


def site_feed(kind):
    """The articles' feed: no query."""
    return HttpResponsePermanentRedirect(reverse(f"articles:article-feed-{kind}"))


def requested_query_key(request):
    """`?p=123` and the like, when the request carries one with a numeric id."""
    if not request.META.get("QUERY_STRING"):
        return None
    for name in QUERY_KEYS:
        value = numeric_id(request.GET.get(name, ""))
        if value is not None:
            return query_key(name, value)
    return None


def current_address(content_type, object_id):
    """Where the object is now, if readers may see it; else None."""
    model = content_type.model_class()
    if model is None:
        return None
    if model is Tag:
        tag = Tag.objects.filter(pk=object_id).only("slug").first()
        return slug_url("articles:tag-detail", tag.slug) if tag and tag.slug else None
    if issubclass(model, Publishable):
        found = model._default_manager.published().filter(pk=object_id).first()
    elif model is Section:
        found = Section.objects.filter(pk=object_id).first()
    else:
        found = model._default_manager.filter(pk=object_id).first()
    return found.get_absolute_url() if found is not None else None


def feed_address(content_type, object_id, kind):
    """The feed of a section or a tag; None for anything else (a post's comments)."""
    model = content_type.model_class()
    if model is Section:
        found, name = Section.objects.filter(pk=object_id).only("slug").first(), "section"
    elif model is Tag:
        found, name = Tag.objects.filter(pk=object_id).only("slug").first(), "tag"
    else:
        return None
    if found is None or not found.slug:
        return None
    return slug_url(f"articles:{name}-feed-{kind}", found.slug)


def redirect_for(key, feed=None):
    """A 301 to where the old address `key` leads, or to its feed of kind `feed`."""
    if len(key) > KEY_LENGTH or not key.isprintable():
        return None  # no stored address is like it (and PostgreSQL refuses NUL in text)
    legacy = LegacyAddress.objects.filter(old_address=key).select_related("content_type").first()
    if legacy is None:
        return None
    if feed:
        address = feed_address(legacy.content_type, legacy.object_id, feed)
    else:
        address = current_address(legacy.content_type, legacy.object_id)
    return HttpResponsePermanentRedirect(address) if address else None


def home_query_redirect(request):
    """`/?feed=rss2` (of a category or tag with `cat=` or `tag=`) and `/?tag=x`: read on
    the home page only, where WordPress put them (other pages may read `tag` themselves).
    None when the query holds neither, or leads nowhere."""
    if request.path_info != "/" or not request.META.get("QUERY_STRING"):
        return None
    feed_type = request.GET.get("feed", "").strip().lower()
    tag = request.GET.get("tag", "").strip()
    category = numeric_id(request.GET.get("cat", ""))
    if feed_type in FEED_TYPES:
        kind = feed_kind(feed_type)
        if category is not None:
            return redirect_for(query_key("cat", category), feed=kind)
        if tag:
            return redirect_for(path_key(f"tag/{tag}"), feed=kind)
        return site_feed(kind)
    if tag and category is None:
        return redirect_for(path_key(f"tag/{tag}"))
    return None


def not_found_redirect(path):
    """Where an old path that answered 404 leads, or None."""
    key = path_key(path)
    if key == "/":
        return None
    feed = FEED_PATH.match(key)
    if feed:
        # WordPress had a feed at this address, so no item of the site took it.
        kind = feed_kind(feed["type"])
        return redirect_for(feed["base"], feed=kind) if feed["base"] else site_feed(kind)
    redirect = redirect_for(key)
    original = original_upload_key(path)
    if redirect is None and original != key:
        # A resized copy WordPress made ("photo-300x200.jpg"): the image.
        redirect = redirect_for(original)
    return redirect


class LegacyAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        looked_at = request.method in ("GET", "HEAD") and not request.path.startswith(
            SKIPPED_PREFIXES
        )
        if looked_at:
            redirect = home_query_redirect(request)
            if redirect is None:
                key = requested_query_key(request)
                redirect = redirect_for(key) if key is not None else None
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if looked_at and response.status_code == 404:
            redirect = not_found_redirect(request.path_info)
            if redirect is not None:
                return redirect
        return response
