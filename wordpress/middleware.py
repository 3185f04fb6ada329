"""Old WordPress addresses answer with a 301 to the current address of what they showed.

`/?p=123`, `/?page_id=45`, `/?cat=7` and `/?attachment_id=9` (on any path, as WordPress
reads them) are looked up before the view, because the view would otherwise show the
home page; this middleware sits outside the page cache, which drops those parameters.
Any other old address (a date permalink, `/category/news/`, `/tag/strike/`, an uploaded
file or a resized copy of it) is looked up only when the site has nothing there, that is
when the response is a 404, as Django's redirects app does. So an ordinary request costs
no query at all.

The redirect goes to the object's address as it is now (its slug may have changed since
the import), and only to what readers may see: an old address of a draft stays a 404.
"""

from django.http import HttpResponsePermanentRedirect
from taggit.models import Tag

from articles.models import Section
from publishing.links import slug_url
from publishing.models import Publishable

from .addresses import QUERY_KEYS, original_upload_key, path_key, query_key
from .models import LegacyAddress

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/preview/")


def requested_query_key(request):
    """`?p=123` and the like, when the request carries one with a numeric id."""
    if not request.META.get("QUERY_STRING"):
        return None
    for name in QUERY_KEYS:
        value = request.GET.get(name, "").strip()
        if value.isdigit() and value.isascii():
            return query_key(name, int(value))
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


def redirect_for(key):
    legacy = LegacyAddress.objects.filter(old_address=key).select_related("content_type").first()
    if legacy is None:
        return None
    address = current_address(legacy.content_type, legacy.object_id)
    return HttpResponsePermanentRedirect(address) if address else None


class LegacyAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        looked_at = request.method in ("GET", "HEAD") and not request.path.startswith(
            SKIPPED_PREFIXES
        )
        if looked_at:
            key = requested_query_key(request)
            if key is not None:
                redirect = redirect_for(key)
                if redirect is not None:
                    return redirect
        response = self.get_response(request)
        if looked_at and response.status_code == 404:
            key = path_key(request.path_info)
            if key != "/":
                redirect = redirect_for(key)
                original = original_upload_key(request.path_info)
                if redirect is None and original != key:
                    # A resized copy WordPress made ("photo-300x200.jpg"): the image.
                    redirect = redirect_for(original)
                if redirect is not None:
                    return redirect
        return response
