"""The pages' catch-all route: included last in the site's URLconf, after every other."""

from django.urls import path, register_converter

from . import views


class PagePathConverter:
    """One or more slugs separated by slashes, with or without the final slash: every
    address a page could have. Anything else (dots, other characters) is no page's."""

    regex = r"[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+)*/?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PagePathConverter, "page_path")

app_name = "pages"

urlpatterns = [
    path("<page_path:path>", views.PageDetailView.as_view(), name="page-detail"),
]
