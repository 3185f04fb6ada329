"""RSS 2.0 and Atom feeds of published articles: all, per section, per author, per tag."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from taggit.models import Tag

from publishing.feeds import MultiAuthorAtomFeed, PublishableFeed, paragraph, rich_text
from publishing.models import SiteSettings

from .models import Article, Section
from .views import published_authors

FEED_SIZE = 30


class LatestArticlesFeed(PublishableFeed):
    def title(self, obj=None):
        return _("%(site)s: latest articles") % {"site": self.site_name()}

    def link(self, obj=None):
        return reverse("articles:article-list")

    def description(self, obj=None):
        return SiteSettings.load().tagline or self.title(obj)

    def articles(self, obj):
        return Article.objects.published().in_language().for_listing()

    def items(self, obj=None):
        return self.articles(obj)[:FEED_SIZE]

    def item_description(self, item):
        return paragraph(item.standfirst) + rich_text(item.body)

    def item_authors(self, item):
        return [author.name for author in item.byline_authors()]

    def item_categories(self, item):
        return [item.section.name] if item.section else []


class AtomMixin:
    feed_type = MultiAuthorAtomFeed

    def subtitle(self, obj=None):
        return self.description(obj)


class LatestArticlesAtomFeed(AtomMixin, LatestArticlesFeed):
    pass


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj=None):
        return f"{self.site_name()}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def articles(self, obj):
        return super().articles(obj).filter(section=obj)


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(published_authors(), slug=slug)

    def title(self, obj=None):
        return _("%(site)s: articles by %(author)s") % {"site": self.site_name(), "author": obj}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def articles(self, obj):
        return super().articles(obj).filter(bylines__author=obj)


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return _("%(site)s: tagged “%(tag)s”") % {"site": self.site_name(), "tag": obj.name}

    def link(self, obj=None):
        return reverse("articles:tag-detail", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return super().articles(obj).tagged(obj)


class TagAtomFeed(AtomMixin, TagFeed):
    pass
