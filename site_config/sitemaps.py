"""The site's sitemap: the home page and the main lists, then every installed app's own
sections (the `sitemaps` dict of its `sitemaps` module), in the order of `INSTALLED_APPS`.
Each section is a `publishing.sitemaps.Sitemap`; `/sitemap.xml` is the index of their files."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import reverse

from articles.models import Article
from events.models import Event
from publishing.sitemaps import SmallSitemap, latest_changes
from statements.models import Statement


class StaticPagesSitemap(SmallSitemap):
    """The home page and the lists of articles and statements, each changed with the
    newest change of what it shows (the home page: articles, statements and events)."""

    changefreq = "daily"
    priority = 1.0

    def addresses(self):
        latest = latest_changes(
            {
                "articles": Article.objects.published(),
                "statements": Statement.objects.published(),
                "events": Event.objects.published(),
            }
        )
        home = max(latest.values(), default=None)
        return [
            (reverse("home"), home),
            (reverse("articles:article-list"), latest.get("articles")),
            (reverse("statements:statement-list"), latest.get("statements")),
        ]


def collect_sitemaps():
    found = {"pages": StaticPagesSitemap}
    for config in apps.get_app_configs():
        name = f"{config.name}.sitemaps"
        if config.name != "site_config" and find_spec(name) is not None:
            found.update(getattr(import_module(name), "sitemaps", {}))
    return found


sitemaps = collect_sitemaps()
