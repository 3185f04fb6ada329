"""Root URLs of the site."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from publishing import sharing
from publishing.views import admin_shortcut, preview

from . import views

admin.site.site_header = "Placard"
admin.site.site_title = "Placard admin"
admin.site.index_title = "Content"

# The public pages: under a language prefix ("/es/articles/") when the site has several
# languages (publishing/language_sites.py), at the root when it has one.
public = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("", include("articles.urls")),
    path("", include("statements.urls")),
    path("", include("events.urls")),
    # Last of all: any other address is looked up among the pages (`/about/team/`).
    path("", include("pages.urls")),
]

urlpatterns = [
    # Before the admin's own: its "view on site" redirect, limited to what the user may see.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_shortcut),
    ),
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", sharing.favicon, name="favicon"),
    path("site.webmanifest", sharing.web_manifest, name="web-manifest"),
    # Tokens are URL-safe base64, as a slug is: anything else (a NUL) is a 404 here.
    path("preview/<slug:token>/", preview, name="preview"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    # At the top level: a sitemap may only list addresses below its own folder.
    path("sitemap-<slug:section>-<int:number>.xml", views.sitemap_file, name="sitemap-file"),
]

if settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

if len(settings.PLACARD_LANGUAGES) > 1:
    urlpatterns += i18n_patterns(*public, prefix_default_language=True)
else:
    urlpatterns += public

handler404 = "site_config.views.page_not_found"
handler500 = "site_config.views.server_error"
