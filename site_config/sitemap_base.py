"""A sitemap base for content types with a modest number of items."""

from django.contrib.sitemaps import Sitemap


class ListedSitemap(Sitemap):
    """Reads its items in one query instead of counting them first.

    Django's sitemap pages its items, which costs a COUNT query per section of the
    sitemap. Sections, authors, statements and events number in the hundreds at most, so
    reading them as a list is cheaper; articles, which can number in the hundreds of
    thousands, keep Django's paging.
    """

    def _items(self):
        return list(super()._items())
