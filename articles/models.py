"""Authors, sections and articles, and `Story`: what articles and statements share."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from images.models import LEAD_PICTURE_FIELDS, PICTURE_COLUMNS, Image, LeadImage
from publishing.links import slug_url
from publishing.models import JSONRows, Publishable, PublishingQuerySet, json_rows
from publishing.prepared import Prepared
from publishing.roles import ALL, AUTHOR, EDITOR, READ
from publishing.sitemaps import CHANGED, file_number
from publishing.slugs import unique_slug
from publishing.validators import no_control_characters_in_text
from richtext.fields import RichTextField


class Author(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True, blank=True)
    bio = RichTextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text=_("Optional: the admin account of this author."),
    )

    role_permissions = {AUTHOR: READ, EDITOR: ALL}

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, instance_pk=self.pk, max_length=160)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:author-detail", self.slug)


class Section(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Sections are listed from the lowest number up.")
    )

    role_permissions = {AUTHOR: READ, EDITOR: ALL}

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Section, self.name, instance_pk=self.pk, max_length=140)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:section-detail", self.slug)


AUTHOR_COLUMNS = ["id", "name", "slug"]  # what a byline shows of its author


def attach_bylines(articles):
    """Give each of `articles` its byline authors (names and slugs), in byline order, in
    one query: cards and feeds read them through `Article.byline_authors()`.

    Rows are read as tuples by a prepared query: for a list of twenty cards this costs a
    twentieth of what Django's `prefetch_related` costs for the same rows."""
    found = {}
    for article in articles:
        if article is not None:
            found.setdefault(article.pk, []).append(article)
    if not found:
        return
    rows = BYLINE_ROWS(ids=list(found))
    authors, by_article = {}, {pk: [] for pk in found}
    for article_id, *author in rows:
        if author[0] not in authors:
            authors[author[0]] = Author.from_db(rows.db, AUTHOR_COLUMNS, author)
        by_article[article_id].append(authors[author[0]])
    for pk, instances in found.items():
        for article in instances:
            article._byline_authors = by_article[pk]


# What an article card reads: the rest (the body above all) stays in the database.
CARD_FIELDS = (
    "title", "slug", "status", "publish_at", "summary", "standfirst", "is_highlight",
    "language", "section__name", "section__slug", *LEAD_PICTURE_FIELDS,
)  # fmt: skip


class ArticleQuerySet(PublishingQuerySet):
    _with_bylines = False

    def _clone(self):
        clone = super()._clone()
        clone._with_bylines = self._with_bylines
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._with_bylines and self._iterable_class is models.query.ModelIterable:
            attach_bylines(self._result_cache)

    def with_bylines(self):
        """Articles that know their byline authors, read in one more query."""
        clone = self._chain()
        clone._with_bylines = True
        return clone

    def for_listing(self, with_bylines=True):
        """What a list of article cards shows, fetched in a fixed number of queries."""
        queryset = self.select_related("section", "lead_image")
        return queryset.with_bylines() if with_bylines else queryset

    def card_rows(self):
        """What a list's cards show, as tuples for `article_cards_of`."""
        return self.values_list(*CARD_ROW)

    def for_cards(self, with_bylines=True):
        """As `for_listing`, reading only the columns a card shows."""
        queryset = self.select_related("section", "lead_image").only(*CARD_FIELDS)
        return queryset.with_bylines() if with_bylines else queryset


def prefetch_bylines(articles):
    """Fetch the bylines of articles from several lists in one query."""
    attach_bylines(articles)


class Story(LeadImage, Publishable):
    """What articles and statements share: a standfirst, a body, a section and a lead
    image with its alt text, caption and credit."""

    standfirst = models.TextField(
        _("standfirst"),
        max_length=600,
        blank=True,
        validators=[no_control_characters_in_text],
        help_text=_("The short lead shown under the title and on lists."),
    )
    body = RichTextField(_("body"), blank=True)
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss",
    )

    class Meta(Publishable.Meta):
        abstract = True

    @property
    def description(self):
        """The text for meta descriptions and feeds."""
        return self.summary or self.standfirst


class Article(Story):
    authors = models.ManyToManyField(
        Author, through="Byline", related_name="articles", verbose_name=_("authors")
    )
    is_highlight = models.BooleanField(
        _("highlight"),
        default=False,
        help_text=_(
            "Shown among the home page's highlights, unless the home page layout lists "
            "highlights of its own."
        ),
    )

    objects = ArticleQuerySet.as_manager()

    search_fields = {"A": ["title"], "B": ["standfirst", "summary"], "C": ["body"]}
    search_result_fields = (
        "slug", "status", "publish_at", "language", "section__name", "section__slug",
    )  # fmt: skip
    preview_view = "articles.views.ArticleDetailView"

    class Meta(Publishable.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="article_newest_idx"),
            models.Index(fields=["translation_of", "language"], name="article_translation_idx"),
            models.Index(
                fields=["section", "status", "-publish_at", "-id"],
                name="article_section_newest_idx",
            ),
            models.Index(
                fields=["is_highlight", "status", "-publish_at", "-id"],
                name="article_hl_newest_idx",
            ),
            # The admin's list, newest first whatever the state, and the review queue.
            models.Index(fields=["-publish_at", "-id"], name="article_admin_order_idx"),
            models.Index(
                fields=["review_state", "-updated_at"],
                condition=~models.Q(review_state=""),
                name="article_review_idx",
            ),
            # The sitemap index (publishing.sitemaps): the newest change of all published
            # articles, or of those of a section, author or tag, read from the top of the
            # first; each sitemap file's newest article, from the top of its own part of
            # the second, instead of reading every article. The first holds the columns of
            # the change as well, so that the sitemap files of the lists (authors, tags,
            # the archive) read every article's change from it instead of from the table.
            models.Index(
                CHANGED,
                models.F("id"),
                models.F("updated_at"),
                models.F("publish_at"),
                condition=models.Q(status=Publishable.Status.PUBLISHED),
                name="article_changed_idx",
            ),
            models.Index(
                file_number("id"),
                CHANGED,
                condition=models.Q(status=Publishable.Status.PUBLISHED),
                name="article_file_changed_idx",
            ),
        ]

    def get_absolute_url(self):
        return slug_url("articles:article-detail", self.slug)

    @classmethod
    def byline_rows(cls):
        """The article's byline authors as `JSONRows`, for a query that reads them with
        the article as `bylines_read` (see `byline_authors`), in byline order."""
        return JSONRows(
            Byline.objects.filter(article_id=models.OuterRef("pk")).order_by("order", "pk"),
            "author_id",
            "author__name",
            "author__slug",
        )

    def byline_authors(self):
        """Authors in byline order: those read with the list or with the article itself
        (or prefetched), else read now."""
        if "bylines" in getattr(self, "_prefetched_objects_cache", {}):
            return [byline.author for byline in self.bylines.all()]
        if "bylines_read" in self.__dict__:  # read with the article (see `byline_rows`)
            rows, db = json_rows(self.__dict__.pop("bylines_read")), self._state.db
            self._byline_authors = [Author.from_db(db, AUTHOR_COLUMNS, row) for row in rows]
        if not hasattr(self, "_byline_authors"):
            attach_bylines([self])
        return self._byline_authors


class Byline(models.Model):
    """One author of an article, in order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    role_permissions = {EDITOR: ALL}

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_byline")]

    def __str__(self):
        return f"{self.author} – {self.article}"


BYLINE_ROWS = Prepared(
    lambda ids: (
        Byline.objects.filter(article_id__in=ids)
        .order_by("order", "pk")
        .values_list("article_id", "author_id", "author__name", "author__slug")
    )
)


# A list page's rows as tuples (`ArticleQuerySet.card_rows`), made into records by
# `article_cards_of`: what a card reads, in this order.
CARD_ROW = (
    "pk", "slug", "title", "standfirst", "language", "publish_at", "section__name",
    "section__slug", "lead_image_id", *LEAD_PICTURE_FIELDS,
)  # fmt: skip
_IMAGE_COLUMNS = ("id", *PICTURE_COLUMNS)


class CardSection:
    """A card's section: its name and address."""

    __slots__ = ("name", "slug")

    def __init__(self, name, slug):
        self.name, self.slug = name, slug

    get_absolute_url = Section.get_absolute_url


class ArticleCard:
    """An article as a list's card shows it, made from a row (`CARD_ROW`) rather than a
    model instance: a page of twenty cards made sixty instances (the articles, their
    sections and pictures), a tenth of the page's cost. It answers what a card asks of an
    article (see `articles.templatetags.articles.article_card`)."""

    __slots__ = (
        "pk", "slug", "title", "standfirst", "language", "publish_at", "section",
        "lead_image", "_byline_authors",
    )  # fmt: skip

    get_absolute_url = Article.get_absolute_url

    @property
    def lead_image_id(self):
        return None if self.lead_image is None else self.lead_image.pk

    def byline_authors(self):
        if not hasattr(self, "_byline_authors"):
            attach_bylines([self])
        return self._byline_authors


def article_cards_of(rows, db="default", bylines=True):
    """Cards (`ArticleCard`) of `rows` (`CARD_ROW` tuples), each knowing its authors, read
    in one more query for all of them (unless not `bylines`: `attach_bylines` later)."""
    cards, sections = [], {}
    for row in rows:
        card = ArticleCard()
        card.pk, card.slug, card.title, card.standfirst, card.language, card.publish_at = row[:6]
        card.section = None
        if row[7] is not None:  # a section's slug
            key = row[6:8]
            card.section = sections.get(key) or sections.setdefault(key, CardSection(*key))
        card.lead_image = None
        if row[8] is not None:
            card.lead_image = Image.from_db(db, _IMAGE_COLUMNS, row[8:])
        cards.append(card)
    if bylines:
        attach_bylines(cards)
    return cards
