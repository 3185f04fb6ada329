"""Public pages of articles: lists, the article page, sections, authors, tags, archive."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BooleanField, DateTimeField, Exists, Func, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView, MonthArchiveView, YearArchiveView
from taggit.models import Tag, TaggedItem

from publishing.language_sites import is_multilingual, language_shape
from publishing.pagination import CachedCountMixin
from publishing.prepared import Prepared
from publishing.views import PublishableDetailView

from .models import Article, Author, Byline, Section, article_cards_of

PAGE_SIZE = 20


class PublishedArticlesMixin(CachedCountMixin):
    """The one queryset every public article list starts from."""

    paginate_by = PAGE_SIZE
    allow_empty = True
    context_object_name = "article_list"

    def get_queryset(self):
        """The list's articles, built only when they are counted or sliced: a list whose
        count is remembered reads its page by `page_rows`, a prepared query, and building
        the queryset would cost a twentieth of a cold page."""
        return SimpleLazyObject(
            lambda: self.narrow(Article.objects.published().in_language().for_cards())
        )

    def narrow(self, articles):
        """The list's own articles among the published ones: a section's, a tag's."""
        return articles


def cards_of(page):
    """The card rows (`ArticleQuerySet.card_rows`) of the articles whose keys `page`
    gives (a slice of a list's keys): a page's keys are read from an index alone, then
    only its own rows are read whole, where slicing the cards would read every row
    before them, and their pictures."""
    return Article.objects.filter(pk__in=page).card_rows()


# `languages`: the page's site language and the site's list (see `language_shape`).
ARTICLE_PAGE = Prepared(
    lambda start, stop, languages, now: cards_of(
        Article.objects.published(now).in_language(languages[0]).values("pk")[start:stop]
    )
)


class ArticleListView(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.jinja"

    def page_rows(self, start, stop):
        return article_cards_of(ARTICLE_PAGE(start, stop, language_shape(), now=timezone.now()))


class ArticleDetailView(PublishableDetailView):
    model = Article
    template_name = "articles/article_detail.jinja"

    def base_queryset(self):
        # Section and image come in the same query: a join costs less than a query of
        # its own when the page renders cold.
        return Article.objects.select_related("section", "lead_image")

    def read_with_item(self):
        # So do its bylines and tags, for the same reason.
        return {"bylines_read": Article.byline_rows(), "tags_read": Article.tag_rows()}


SECTION_PAGE = Prepared(
    lambda start, stop, languages, now, section: cards_of(
        Article.objects.published(now)
        .in_language(languages[0])
        .filter(section=section)
        .values("pk")[start:stop]
    )
)


SECTION_BY_SLUG = Prepared(lambda slug: Section.objects.filter(slug=slug))


class SectionDetailView(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.jinja"

    def get_queryset(self):
        self.section = next(iter(SECTION_BY_SLUG(slug=self.kwargs["slug"])), None)
        if self.section is None:
            raise Http404("No such section")
        return super().get_queryset()

    def narrow(self, articles):
        return articles.filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)

    def page_rows(self, start, stop):
        return article_cards_of(
            SECTION_PAGE(start, stop, language_shape(), now=timezone.now(), section=self.section.pk)
        )


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
        return super().get_queryset()

    def narrow(self, articles):
        return articles.filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


# Where the index of tags' links in the order of their articles' publication is not used
# (see `ordered_links`): a tag with fewer links to articles than the first number has its
# articles sorted (see `TagDetailView`); the deep pages of one with fewer than the second
# are found by walking the newest articles; those of a tag with more, by testing the
# newest articles' tags.
FEW_LINKS, MANY_LINKS = 2_000, 20_000


class IsTrue(Func):
    """A condition PostgreSQL keeps as written, instead of turning a subquery under it into
    a join: `key IN (subquery) IS TRUE` reads the subquery once into a hash table, then
    tests each row in the order the rows are walked."""

    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def article_links(tag):
    """The links of tag `tag` (a key) to articles."""
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), tag=tag
    )


def ordered_links():
    """Whether a tag's list is read from the index of its links by their articles'
    publish time: on PostgreSQL, where the links keep that time (see articles migration
    0017), and for a one-language site (a language's list is walked as before: the links
    do not know their articles' languages)."""
    return connection.vendor == "postgresql" and not is_multilingual()


def linked_keys(stop, now, tag):
    """The keys of the tag's first `stop` published articles, newest first, read from the
    index of its links alone (see `ordered_links`)."""
    # The column is the database's own, kept by triggers: Django's model does not know it.
    publish_at = RawSQL(
        f'"{TaggedItem._meta.db_table}"."article_publish_at"', (), output_field=DateTimeField()
    )
    return (
        article_links(tag)
        .alias(article_publish_at=publish_at)
        .filter(article_publish_at__lte=now)
        .order_by("-article_publish_at", "-object_id")
        .values_list("object_id", flat=True)[:stop]
    )


def tag_keys(stop, languages, walk, now, tag):
    """The keys of the tag's first `stop` articles, newest first. With `walk`, found by
    walking the index of published articles and keeping the keys among the tag's, read
    once; otherwise as `tagged()` finds them."""
    articles = Article.objects.published(now).in_language(languages[0])
    if walk:
        articles = articles.filter(IsTrue(Q(pk__in=article_links(tag).values("object_id"))))
    else:
        articles = articles.tagged(tag)
    return articles.values_list("pk", flat=True)[:stop]


LINKED_KEYS = Prepared(linked_keys)
TAG_KEYS = Prepared(tag_keys)
# The tag, knowing whether it has at least each of `bounds` links to articles (read from
# the index of links by tag, up to the largest of them).
TAG_BY_SLUG = Prepared(
    lambda bounds, slug: Tag.objects.annotate(
        **{f"links_{bound}": Exists(article_links(OuterRef("pk"))[bound - 1 :]) for bound in bounds}
    ).filter(slug=slug)
)
# The keys of up to `stop` articles of a tag, in no order: what the list's count counts.
TAGGED_KEYS = Prepared(
    lambda stop, languages, now, tag: (
        Article.objects.published(now)
        .in_language(languages[0])
        .tagged(tag)
        .order_by()
        .values_list("pk", flat=True)[:stop]
    )
)
TAG_PAGE = Prepared(
    lambda start, stop, languages, now, tag: cards_of(
        Article.objects.published(now)
        .in_language(languages[0])
        .tagged(tag)
        .values("pk")[start:stop]
    )
)
CARDS = Prepared(lambda keys: cards_of(keys))
# Keys read from the tag's links are the articles' as the links know them: the articles
# are asked again whether they are published.
PUBLISHED_CARDS = Prepared(lambda now, keys: cards_of(keys).published(now))


class TagDetailView(PublishedArticlesMixin, ListView):
    """The articles of a tag, newest first.

    On PostgreSQL, each link of a tag to an article keeps the article's publish time while
    it is published (see articles migration 0017), and an index of the links orders each
    tag's articles by it: the keys of the articles the pages can show, read from that
    index alone in one query, give the count and every page, however many articles the
    tag has (for a one-language site: see `ordered_links`).

    Elsewhere, no index holds a tag's articles in the order of their publication, so the
    way a page is found depends on how many articles the tag has (read with the tag:
    whether its links reach `FEW_LINKS` and, for a page after the first, `MANY_LINKS`):

    - few: the tag's own articles are sorted, and the keys of those the pages can show,
      read in one query, give the count and every page;
    - more, on page 1, and very many on every page: the newest articles are walked and
      each one's tag tested, until a page's worth is found;
    - more, on a deeper page: testing each article costs too much (tens of milliseconds
      for page 50 of a tag of a tenth of 100,000 articles), so the walk keeps the keys
      among the tag's, read once into a hash table (`IsTrue`), and, as for few, the keys
      of the articles the pages can show give the count and the page.
    """

    template_name = "articles/tag_detail.jinja"
    first_keys = None

    def get_queryset(self):
        self.by_links = ordered_links()
        deep = self.deep()
        if self.by_links:
            bounds = ()
        else:
            bounds = (FEW_LINKS, MANY_LINKS) if deep else (FEW_LINKS,)
        self.tag = next(iter(TAG_BY_SLUG(bounds, slug=self.kwargs["slug"])), None)
        if self.tag is None:
            raise Http404("No such tag")
        if self.by_links:
            self.walk = False
            self.by_keys = True
        else:
            few = not getattr(self.tag, f"links_{FEW_LINKS}")
            self.walk = deep and not few and not getattr(self.tag, f"links_{MANY_LINKS}")
            self.by_keys = few or self.walk
        return super().get_queryset()

    def narrow(self, articles):
        return articles.tagged(self.tag)

    def deep(self):
        """Whether the page asked for is one of those shown after the first."""
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        if page == "last":
            return True
        try:
            return 1 < int(page) <= self.max_pages
        except (TypeError, ValueError):
            return False

    def count_from(self):
        """Keys of the tag's articles, read by a prepared query (building the count's query
        costs more than running it): those the pages can show and one more if there are
        more, newest first when the pages are read from them."""
        stop = self.max_pages * self.paginate_by + 1
        if self.by_keys:
            return self.read_first_keys(stop)
        return list(TAGGED_KEYS(stop, language_shape(), now=timezone.now(), tag=self.tag.pk))

    def read_first_keys(self, stop):
        if self.first_keys is None:
            now = timezone.now()
            if self.by_links:
                keys = LINKED_KEYS(stop, now=now, tag=self.tag.pk)
            else:
                keys = TAG_KEYS(stop, language_shape(), self.walk, now=now, tag=self.tag.pk)
            self.first_keys = list(keys)
        return self.first_keys

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def page_rows(self, start, stop):
        if self.by_keys:
            # When the count was remembered, the keys are read now.
            keys = self.read_first_keys(self.max_pages * self.paginate_by + 1)[start:stop]
            if self.by_links:
                return article_cards_of(PUBLISHED_CARDS(now=timezone.now(), keys=keys))
            return article_cards_of(CARDS(keys=keys))
        return article_cards_of(
            TAG_PAGE(start, stop, language_shape(), now=timezone.now(), tag=self.tag.pk)
        )


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
