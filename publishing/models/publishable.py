"""The publishing base every content type shares, its QuerySet, and slug redirects.

A content model declares here what it takes part in, and the core finds it through
Django's app registry (never through a list of model names):

- `search_fields`: weighted fields for site search (`{"A": [...], "B": [...], "C": [...]}`;
  A counts most). Empty: not searched. `search_related`: relations the search results
  show, selected with them; a result is labelled with the item's `kind_label` when it has
  one (a statement's kind), otherwise with its type's name. A classmethod
  `search_annotations(now)` may add values to the results' rows (an event's next date).
  `search_result_fields`: the columns a result shows besides the searched ones, related
  ones included ("section__name"); empty: every column is read. Tag names are searched
  as well.
- `preview_view`: the dotted path of the detail view that shows it, also to holders of a
  preview link. Empty: no preview.
- `next_change_queries(now)`: when its public pages next change by themselves (asked
  through `next_public_changes(now)`).
- `role_permissions`: what each role may do with it (see `publishing.roles`).
"""

import json
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import DEFERRED, Value
from django.db.models.functions import JSONArray
from django.db.models.lookups import Exact, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ..prepared import Prepared
from ..roles import ADMINISTRATOR, ALL, AUTHOR, EDITOR, OWN_WORK
from ..slugs import unique_slug
from ..validators import no_control_characters


def who(verbose_name):
    """A reference to the staff account that did something (created, changed, uploaded,
    moderated): kept when the account is deleted, never edited in a form."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


_TAG_QUERIES = {}  # model -> its prepared tag query
TAG_COLUMNS = ["id", "name", "slug"]  # what a page shows of a tag


# {(model, names of the columns read): each field's place among them, or None}
_LAYOUTS = {}


class Constant(Value):
    """A word written into the SQL itself rather than passed beside it as a parameter.

    SQLite plans a statement again on every run when a parameter is compared with a column
    that a partial index's condition names (articles are indexed `WHERE status =
    'published'`), in case the new value lets it use the index: for a page's queries that
    costs more than running them. With the word in the SQL the plan is made once, and the
    partial indexes can be used. Only identifiers from the code, never input, so that no
    quoting is needed.
    """

    def __init__(self, word):
        if not str(word).isidentifier():
            raise ValueError(f"not an identifier: {word!r}")
        super().__init__(str(word), output_field=models.CharField())

    def as_sql(self, compiler, connection):
        return f"'{self.value}'", []


class AsStored(models.Func):
    """A column compared as it is stored, which SQLite does not search an index by.

    SQLite declares Django's date and time columns DATE and DATETIME, which gives them
    numeric affinity: before every comparison with one, SQLite tries to read both sides
    as numbers, fails (they are text, '2026-05-01 18:00:00'), and compares them as text.
    On a calendar month, thousands of dates, that failed conversion costs more than the
    comparison itself. A unary `+` takes the affinity away, so the text is compared at
    once: the same answer. It also keeps SQLite from searching an index by the column:
    use it where another index should find the rows. Other databases compare the column
    itself."""

    arity = 1
    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


class JSONRows(models.Subquery):
    """The rows of a subquery as one JSON array, read with the row it belongs to: a page
    that shows an item with a few related rows (its tags, its bylines) gets them in the
    item's own query instead of one query each.

    Each row of `queryset` gives `columns` (names as in `values()`), in its order;
    `json_rows()` reads the value back as a list of lists. Both databases aggregate the rows
    in the order the subquery gives them (SQLite before 3.44 knows no ORDER BY inside
    an aggregate); the tests of the pages that use it check that order on both."""

    output_field = models.TextField()

    def __init__(self, queryset, *columns):
        super().__init__(queryset.values(row=JSONArray(*columns)))

    def as_sql(self, compiler, connection, template=None, **extra_context):
        if connection.vendor == "postgresql":
            template = "(SELECT coalesce(json_agg(found.row), '[]') FROM (%(subquery)s) found)"
        else:
            template = "(SELECT json_group_array(json(found.row)) FROM (%(subquery)s) found)"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def json_rows(value):
    """The rows `JSONRows` gave: a list of lists (PostgreSQL's driver may have read it
    already)."""
    return value if isinstance(value, list) else json.loads(value or "[]")


class PublishingQuerySet(models.QuerySet):
    """Publication is decided at query time, so scheduled items appear by themselves."""

    def published(self, now=None, by_index=True):
        """Public now, or at `now`. Without `by_index`, SQLite is kept from searching the
        index of state and publish time: for a query whose few rows another index finds
        by their keys (a search's trigram index), which SQLite would otherwise check
        against every published row it walks in that index."""
        now = now or timezone.now()
        if by_index:
            return self.filter(status=PUBLISHED, publish_at__lte=now)
        return self.filter(
            Exact(AsStored("status"), PUBLISHED), LessThanOrEqual(AsStored("publish_at"), now)
        )

    def drafts(self):
        return self.filter(status=Publishable.Status.DRAFT)

    def scheduled(self):
        return self.filter(status=PUBLISHED, publish_at__gt=timezone.now())

    def tagged(self, tag):
        """The items tagged `tag`, as a condition each item meets (EXISTS) rather than a
        join: the planner can then walk the newest items and stop at a page's worth,
        where a join reads every item with the tag first (10,000 for a common tag at
        100,000 articles), since the tag's link holds the item's key as another type."""
        from taggit.models import TaggedItem

        links = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            tag=tag,
            object_id=models.OuterRef("pk"),
        )
        return self.filter(models.Exists(links))

    def in_language(self, language=None):
        """The items listed under site language `language` (the active one by default):
        see `publishing.language_sites`. On a one-language site, every item, with no
        condition added to the query."""
        from ..language_sites import current_language, language_condition

        condition = language_condition(language or current_language())
        return self if condition is None else self.filter(condition)


def site_language():
    """The site's own language (`LANGUAGE_CODE`, lower-case BCP 47 such as "en-gb"): what
    a new item is written in unless its editor says otherwise. A named function, so that
    migrations refer to it instead of freezing one site's setting."""
    return settings.LANGUAGE_CODE.lower()


_NEXT_CHANGES = {}  # model -> its `next_change_queries`, prepared


def _nth_change_query(model, index, now):
    return model.next_change_queries(now)[index]


class Publishable(models.Model):
    """Abstract base of every content type: publication state, slug, tags, review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250, validators=[no_control_characters])
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_(
            "The last part of the address. Filled in from the title; if you change it later, "
            "the old address keeps working and redirects here."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are never shown to readers."),
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_(
            "When readers can see it. A time in the future schedules a published item: "
            "it appears by itself at that moment."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        validators=[no_control_characters],
        help_text=_(
            "One or two sentences for search engines and link previews. "
            "Left empty, the standfirst or the start of the text is used."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=15,
        default=site_language,
        help_text=_(
            "The language the text is written in. Readers' browsers and screen readers use "
            "it to choose a voice and hyphenation."
        ),
    )
    # Translations of one text form a group around the original: each translation points at
    # it (never at another translation), and the original points nowhere.
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        db_index=False,  # built concurrently by each app's migration
        help_text=_("The original this text translates. Empty for an original."),
    )
    # The original's `updated_at` when this translation last caught up with it: a later
    # change to the original flags the translation as needing re-translation.
    source_updated_at = models.DateTimeField(
        _("original's version translated"), null=True, blank=True, editable=False
    )
    note_outdated_translation = models.BooleanField(
        _("say when the original changed"),
        default=True,
        db_default=True,
        help_text=_(
            "While this translation is behind its original, its page says when the original "
            "was updated."
        ),
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        blank=True,
        help_text=_("Separate tags with commas."),
    )

    class Review(models.TextChoices):
        NONE = "", _("Not in review")
        SUBMITTED = "submitted", _("Waiting for review")
        SENT_BACK = "sent_back", _("Sent back to the author")

    review_state = models.CharField(
        _("review"), max_length=12, choices=Review.choices, default=Review.NONE, blank=True
    )
    review_note = models.TextField(
        _("note from the editor"),
        blank=True,
        help_text=_("Why the item was sent back, for its author."),
    )
    edit_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Counts saves, so that two people editing at once notice each other."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = who(_("created by"))
    updated_by = who(_("last changed by"))

    objects = PublishingQuerySet.as_manager()

    # What this content type takes part in (see the module docstring).
    search_fields = {}
    search_related = ()
    search_result_fields = ()
    # Names editors see for fields whose own name is ambiguous on a form, in lists and in
    # history: "status" alone is mistaken for an event's own status. Kept out of the
    # fields' verbose names so that changing a label needs no migration.
    editor_labels = {"status": _("publication status")}
    preview_view = ""
    role_permissions = {AUTHOR: OWN_WORK, EDITOR: ALL}

    class Meta:
        abstract = True
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        # "publish" separates editors, who may put things live, from authors, who may not.
        default_permissions = ("add", "change", "delete", "view", "publish")
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="%(app_label)s_%(class)s_pub_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        source = self.translation_of
        if source is not None and source.translation_of_id:
            self.translation_of_id = source.translation_of_id  # the group's original
        if self.translation_of_id is not None and self.translation_of_id == self.pk:
            self.translation_of = None
        if self.translation_of_id and self.source_updated_at is None:
            self.source_updated_at = self.translation_of.updated_at
        if not self.slug:
            self.slug = unique_slug(type(self), self.title, instance_pk=self.pk)
        self.edit_version = (self.edit_version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "edit_version"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        source = self.translation_of
        if source is None:
            return
        if source.translation_of_id:
            source = source.translation_of
        if source.pk == self.pk:
            raise ValidationError({"translation_of": _("A text cannot be its own translation.")})
        if source.language.split("-")[0] == (self.language or "").split("-")[0]:
            raise ValidationError(
                {"language": _("A translation must be in another language than its original.")}
            )
        taken = (
            type(self)
            ._default_manager.filter(translation_of=source, language=self.language)
            .exclude(pk=self.pk)
            .first()
        )
        if taken is not None:
            raise ValidationError(
                {
                    "language": _("“%(title)s” already translates this text into that language.")
                    % {"title": taken.title}
                }
            )

    @classmethod
    def from_db(cls, db, field_names, values):
        fields = cls._meta.concrete_fields
        if len(values) != len(fields):
            # Some columns not read (a card's query, `only()`): where each field's value
            # stands among those read, worked out once per model and columns, where
            # Django looks each field up in the names on every row.
            layout = _LAYOUTS.get((cls, tuple(field_names)))
            if layout is None:
                places = {name: place for place, name in enumerate(field_names)}
                layout = _LAYOUTS[cls, tuple(field_names)] = [
                    places.get(field.attname) for field in fields
                ]
            values = [DEFERRED if place is None else values[place] for place in layout]
        instance = cls(*values)
        instance._state.adding = False
        instance._state.db = db
        # Remembered so that a changed slug can leave a redirect behind (see signals).
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    @classmethod
    def next_change_queries(cls, now):
        """When readers' pages next change by themselves, as queries (each of one time
        column, soonest first, one row at most): here, the next scheduled publish. A
        content type adds its own moments by extending this."""
        return [
            cls._default_manager.filter(status=PUBLISHED, publish_at__gt=now)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)[:1]
        ]

    @classmethod
    def next_public_changes(cls, now):
        """`next_change_queries(now)`, each compiled once (see `publishing.prepared`): the
        page cache asks them together after every change."""
        prepared = _NEXT_CHANGES.get(cls)
        if prepared is None:
            count = len(cls.next_change_queries(now))
            prepared = _NEXT_CHANGES[cls] = [
                Prepared(partial(_nth_change_query, cls, index)) for index in range(count)
            ]
        return [query(now=now) for query in prepared]

    @classmethod
    def next_public_change(cls, now):
        """The soonest of `next_public_changes`, or None."""
        return min(
            (moment for query in cls.next_public_changes(now) for moment in query), default=None
        )

    def carry_over_from(self, previous):
        """When an earlier version's content replaces `previous` (a restore), keep what must
        never go back in time: the edit counter, so that forms opened before the restore
        still notice it."""
        self.edit_version = previous.edit_version

    @classmethod
    def tag_rows(cls):
        """The item's tags as `JSONRows`, for a query that reads them with the item as
        `tags_read` (see `tag_list`), in the order they were added."""
        through = cls.tags.through
        return JSONRows(
            through.objects.filter(
                content_type__app_label=cls._meta.app_label,
                content_type__model=cls._meta.model_name,
                object_id=models.OuterRef("pk"),
            ).order_by("pk"),
            "tag_id",
            "tag__name",
            "tag__slug",
        )

    def tag_list(self):
        """The item's tags, as `tags.all()` gives them: those read with the item (as
        `tags_read`, see `tag_rows()`), else through a query compiled once per
        model (see `publishing.prepared`)."""
        if "tags_read" in self.__dict__:
            tag, db = self._meta.get_field("tags").related_model, self._state.db
            return [tag.from_db(db, TAG_COLUMNS, row) for row in json_rows(self.tags_read)]
        model = type(self)
        if model not in _TAG_QUERIES:
            _TAG_QUERIES[model] = Prepared(lambda pk: model(pk=pk).tags.all())
        return list(_TAG_QUERIES[model](pk=self.pk))

    @property
    def translation_root_id(self):
        """The id of the group's original: the item's own for an original."""
        return self.translation_of_id or self.pk

    def translation_group(self):
        """Every item of this item's translation group, itself included (a QuerySet)."""
        root = self.translation_root_id
        return type(self)._default_manager.filter(
            models.Q(pk=root) | models.Q(translation_of_id=root)
        )

    @property
    def needs_retranslation(self):
        """Whether the original changed after this translation last caught up with it."""
        if not self.translation_of_id or self.source_updated_at is None:
            return False
        return self.translation_of.updated_at > self.source_updated_at

    def mark_translation_current(self):
        """This translation has caught up with its original's present text."""
        if self.translation_of_id:
            self.source_updated_at = self.translation_of.updated_at

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def publication_label(self):
        if self.status == self.Status.DRAFT:
            return _("Draft")
        return _("Scheduled") if self.is_scheduled else _("Published")


PUBLISHED = Constant(Publishable.Status.PUBLISHED)  # the published() filter's word


class SlugRedirect(models.Model):
    """An old slug of a publishable item, kept so that old addresses answer with a 301."""

    role_permissions = {ADMINISTRATOR: ALL}

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("slug redirect")
        verbose_name_plural = _("slug redirects")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="unique_old_slug_per_type"
            )
        ]

    def __str__(self):
        return f"{self.old_slug} → {self.target}"

    def get_absolute_url(self):
        return self.target.get_absolute_url() if self.target else "/"
