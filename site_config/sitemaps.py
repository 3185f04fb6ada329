"""The site's sitemap: the home page and the main lists, then every installed app's own
sections (the `sitemaps` dict of its `sitemaps` module), in the order of `INSTALLED_APPS`."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "articles:article-list", "statements:statement-list"]

    def location(self, item):
        return reverse(item)


def collect_sitemaps():
    found = {"pages": StaticPagesSitemap}
    for config in apps.get_app_configs():
        name = f"{config.name}.sitemaps"
        if config.name != "site_config" and find_spec(name) is not None:
            found.update(getattr(import_module(name), "sitemaps", {}))
    return found


sitemaps = collect_sitemaps()
