"""Public pages of articles: lists, the article page, sections, authors, tags, archive."""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView, MonthArchiveView, YearArchiveView
from taggit.models import Tag

from site_config.models import SiteSettings
from site_config.views import PublishableDetailView

from .models import Article, Author, Section

PAGE_SIZE = 20


class PublishedArticlesMixin:
    """The one queryset every public article list starts from."""

    paginate_by = PAGE_SIZE
    allow_empty = True

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleListView(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.html"


class ArticleDetailView(PublishableDetailView):
    model = Article
    template_name = "articles/article_detail.html"

    def base_queryset(self):
        return (
            Article.objects.for_listing()
            .select_related("lead_image")
            .prefetch_related("tags")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = news_article_data(self.request, self.object)
        return context


def news_article_data(request, article):
    """JSON-LD `NewsArticle` for an article page."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "datePublished": article.publish_at.isoformat(),
        "dateModified": max(article.updated_at, article.publish_at).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in article.byline_authors()
        ],
        "publisher": {"@type": "Organization", "name": SiteSettings.load().name},
    }
    if article.description:
        data["description"] = article.description
    if article.section:
        data["articleSection"] = article.section.name
    if article.lead_image:
        data["image"] = request.build_absolute_uri(article.lead_image.file.url)
    return data


class SectionDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class AuthorListView(ListView):
    model = Author
    paginate_by = 50
    template_name = "articles/author_list.html"

    def get_queryset(self):
        return Author.objects.select_related("photo")


class AuthorDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])
        return super().get_queryset().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class TagDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArchiveIndexView(ListView):
    """The years and months that have published articles."""

    template_name = "articles/archive_index.html"
    context_object_name = "months"

    def get_queryset(self):
        return Article.objects.published().dates("publish_at", "month", order="DESC")


class ArticleYearArchiveView(PublishedArticlesMixin, YearArchiveView):
    date_field = "publish_at"
    allow_empty = False
    make_object_list = True
    template_name = "articles/article_archive_year.html"


class ArticleMonthArchiveView(PublishedArticlesMixin, MonthArchiveView):
    date_field = "publish_at"
    allow_empty = False
    month_format = "%m"
    template_name = "articles/article_archive_month.html"
