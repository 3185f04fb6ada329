"""The site's URLconf with routes another app might add later (see test_addresses)."""

from django.http import HttpResponse
from django.urls import include, path, re_path

from site_config.urls import handler500  # noqa: F401
from site_config.urls import urlpatterns as site_urlpatterns


def answer(request, **kwargs):
    return HttpResponse("A campaign page")


urlpatterns = [
    path("campaigns/", answer),
    re_path(r"^petitions/(?P<number>\d+)/$", answer),
    path("donate-now/", include([path("", answer)])),
    *site_urlpatterns,
]
