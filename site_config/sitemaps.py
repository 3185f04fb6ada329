"""The site's sitemap: the home page and the main lists, then every installed app's own
sections (the `sitemaps` dict of its `sitemaps` module), in the order of `INSTALLED_APPS`.
Each section is a `publishing.sitemaps.Sitemap`; `/sitemap.xml` is the index of their files."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import reverse

from publishing.sitemaps import SmallSitemap


class StaticPagesSitemap(SmallSitemap):
    changefreq = "daily"
    priority = 1.0

    def addresses(self):
        names = ["home", "articles:article-list", "statements:statement-list"]
        return [reverse(name) for name in names]


def collect_sitemaps():
    found = {"pages": StaticPagesSitemap}
    for config in apps.get_app_configs():
        name = f"{config.name}.sitemaps"
        if config.name != "site_config" and find_spec(name) is not None:
            found.update(getattr(import_module(name), "sitemaps", {}))
    return found


sitemaps = collect_sitemaps()
