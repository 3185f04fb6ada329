"""Public pages of articles: lists, the article page, sections, authors, tags, archive."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView, MonthArchiveView, YearArchiveView
from taggit.models import Tag

from publishing.language_sites import language_shape
from publishing.pagination import CachedCountMixin
from publishing.prepared import Prepared
from publishing.views import PublishableDetailView

from .models import Article, Author, Byline, Section

PAGE_SIZE = 20


class PublishedArticlesMixin(CachedCountMixin):
    """The one queryset every public article list starts from."""

    paginate_by = PAGE_SIZE
    allow_empty = True

    def get_queryset(self):
        return Article.objects.published().in_language().for_cards()


# `languages`: the page's site language and the site's list (see `language_shape`).
ARTICLE_PAGE = Prepared(
    lambda start, stop, languages, now: (
        Article.objects.published(now).in_language(languages[0]).for_cards()[start:stop]
    )
)


class ArticleListView(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.jinja"

    def page_rows(self, start, stop):
        return list(ARTICLE_PAGE(start, stop, language_shape(), now=timezone.now()))


class ArticleDetailView(PublishableDetailView):
    model = Article
    template_name = "articles/article_detail.jinja"

    def base_queryset(self):
        # Section and image come in the same query (a join costs less than a query of
        # its own when the page renders cold); bylines and tags are read inside the
        # page's cached fragments, so they are only fetched when one renders anew.
        return Article.objects.select_related("section", "lead_image")


class SectionDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.jinja"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


def published_authors(in_language=False):
    """Authors readers may know of: those with at least one published article (in the
    page's language, with `in_language`: the list of authors of a language's site).

    A profile made for a staff account, or one whose articles are all drafts, scheduled or
    withdrawn, is not listed and its page and feeds answer 404, as a draft does.
    """
    articles = Article.objects.published()
    if in_language:
        articles = articles.in_language()
    published = Byline.objects.filter(author=OuterRef("pk"), article__in=articles)
    return Author.objects.filter(Exists(published))


class AuthorListView(CachedCountMixin, ListView):
    model = Author
    paginate_by = 50
    template_name = "articles/author_list.jinja"

    def get_queryset(self):
        return published_authors(in_language=True).select_related("photo")


class AuthorDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.jinja"

    def get_queryset(self):
        self.author = get_object_or_404(
            published_authors().select_related("photo"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class TagDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.jinja"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArchiveIndexView(ListView):
    """The years and months that have published articles."""

    template_name = "articles/archive_index.jinja"
    context_object_name = "months"

    def get_queryset(self):
        return Article.objects.published().in_language().dates("publish_at", "month", order="DESC")


class ArticleYearArchiveView(PublishedArticlesMixin, YearArchiveView):
    date_field = "publish_at"
    allow_empty = False
    make_object_list = True
    template_name = "articles/article_archive_year.jinja"


class ArticleMonthArchiveView(PublishedArticlesMixin, MonthArchiveView):
    date_field = "publish_at"
    allow_empty = False
    month_format = "%m"
    template_name = "articles/article_archive_month.jinja"
