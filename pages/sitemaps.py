"""Sitemap section of public pages."""

from django.urls import reverse

from publishing.sitemaps import PLACEHOLDER, PublishedSitemap

from .models import Page


class PageSitemap(PublishedSitemap):
    model = Page
    location_field = "path"
    changefreq = "monthly"
    priority = 0.5

    def address_template(self):
        return reverse("pages:page-detail", kwargs={"path": f"{PLACEHOLDER}/"})


# "pages" names the site's own list pages in the combined sitemap.
sitemaps = {"site-pages": PageSitemap}
