"""The site's URLs plus a trivial view, the floor that cached pages are compared with.

The view says `no-store`, so the page cache passes it by: in both modes it measures plain
Django with the site's middleware, not a cache hit.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from site_config.urls import handler500  # noqa: F401
from site_config.urls import urlpatterns as site_urlpatterns


@never_cache
def trivial(request):
    return HttpResponse("<!doctype html><title>ok</title><p>ok</p>")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *site_urlpatterns]
