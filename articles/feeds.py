"""RSS 2.0 and Atom feeds of published articles: all, per section, per author, per tag."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from taggit.models import Tag

from site_config.models import SiteSettings
from site_config.richtext import sanitize_html

from .models import Article, Author, Section, Statement

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    def site_name(self):
        return SiteSettings.load().name

    def title(self, obj=None):
        return _("%(site)s: latest articles") % {"site": self.site_name()}

    def link(self, obj=None):
        return reverse("articles:article-list")

    def description(self, obj=None):
        return SiteSettings.load().tagline or self.title(obj)

    def articles(self, obj):
        return Article.objects.published().for_listing()

    def items(self, obj=None):
        return self.articles(obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        lead = f"<p>{item.standfirst}</p>" if item.standfirst else ""
        return lead + sanitize_html(item.body)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.byline_authors()) or None

    def item_categories(self, item):
        return [item.section.name] if item.section else []

    def item_guid(self, item):
        return f"urn:placard:article:{item.pk}"

    item_guid_is_permalink = False


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj=None):
        return f"{self.site_name()}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def articles(self, obj):
        return super().articles(obj).filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesAtomFeed.subtitle


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return _("%(site)s: articles by %(author)s") % {"site": self.site_name(), "author": obj}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def articles(self, obj):
        return super().articles(obj).filter(bylines__author=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesAtomFeed.subtitle


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return _("%(site)s: tagged “%(tag)s”") % {"site": self.site_name(), "tag": obj.name}

    def link(self, obj=None):
        return reverse("articles:tag-detail", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return super().articles(obj).filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesAtomFeed.subtitle


class StatementFeed(Feed):
    def title(self):
        return _("%(site)s: statements") % {"site": SiteSettings.load().name}

    def link(self):
        return reverse("articles:statement-list")

    def description(self):
        return self.title()

    def items(self):
        return Statement.objects.published()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        dateline = f"<p><em>{item.dateline}</em></p>" if item.dateline else ""
        return f"<p>{item.issuing_body}</p>{dateline}{sanitize_html(item.body)}"

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        return item.issuing_body

    def item_guid(self, item):
        return f"urn:placard:statement:{item.pk}"

    item_guid_is_permalink = False


class StatementAtomFeed(StatementFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
