"""Pages: standing texts such as "About us", "Join" or "Donate".

A page lives at an address made of its own slug and those of the pages above it
(`/about/team/`); the whole address is kept in `path`, so that a page is found, and
linked to, without walking up its parents. When a page's slug or parent page changes, its
subpages move with it and every old address redirects (see `pages.signals`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Concat, Length, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from images.models import LeadImage
from publishing.models import Publishable, PublishingQuerySet
from publishing.slugs import slug_from_title
from richtext.fields import RichTextField

from .addresses import taken_first_segments

# The longest address a page may have, without its slashes (the length of `path`).
MAX_PATH_LENGTH = 200
SLUG_LENGTH = 100
FALLBACK_SLUG = "page"


class PageQuerySet(PublishingQuerySet):
    def published(self, now=None, by_index=True):
        """Published pages whose parent pages are all published as well: a page under a
        draft or scheduled page is not public, whatever its own state."""
        now = now or timezone.now()
        hidden = self.model._default_manager.exclude(
            status=Publishable.Status.PUBLISHED, publish_at__lte=now
        )
        hidden_above = hidden.annotate(prefix=Concat("path", Value("/"))).filter(
            prefix=Substr(OuterRef("path"), 1, Length("prefix"), output_field=models.CharField())
        )
        return super().published(now, by_index).filter(~Exists(hidden_above))


class Page(LeadImage, Publishable):
    """A standing text at an address of its own, possibly under another page."""

    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_LENGTH,
        blank=True,
        help_text=_(
            "The last part of the address, unique among the pages under the same parent. "
            "Filled in from the title; if you change it later, the old address keeps "
            "working and redirects here."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_(
            "Leave empty for a page of its own (/about/); choose a page to put this one "
            "under it (/about/team/)."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Pages under the same parent page are listed from the lowest number up."),
    )
    body = RichTextField(_("text"), blank=True)
    path = models.CharField(_("address"), max_length=MAX_PATH_LENGTH, unique=True, editable=False)

    objects = PageQuerySet.as_manager()

    search_fields = {"A": ["title"], "B": ["summary"], "C": ["body"]}
    search_result_fields = ("slug", "path", "status", "publish_at", "language")
    preview_view = "pages.views.PageDetailView"

    class Meta(Publishable.Meta):
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["order", "title", "pk"]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="page_pub_idx"),
            models.Index(fields=["translation_of", "language"], name="page_translation_idx"),
            models.Index(fields=["parent", "order"], name="page_children_idx"),
        ]

    def get_absolute_url(self):
        return reverse("pages:page-detail", kwargs={"path": f"{self.path}/"})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that a changed address moves the subpages and leaves redirects.
        instance._loaded_path = instance.__dict__.get("path")
        return instance

    def carry_over_from(self, previous):
        # A restored version brings back its own slug and parent: the address it replaces
        # is the one the page had just before, which its subpages still carry.
        super().carry_over_from(previous)
        self._loaded_path = previous.path

    def save(self, *args, **kwargs):
        self.slug = (self.slug or "").lower() or self.free_slug()
        self.path = self.address()
        if self._state.adding or self.path != getattr(self, "_loaded_path", None):
            errors = self.placement_errors()
            if errors:
                raise ValidationError(errors)
        # Pages leave redirects for whole addresses themselves (see `pages.signals`); the
        # shared receiver, which knows only slugs, must see no change of slug.
        self._loaded_slug = self.slug
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "path"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.slug = (self.slug or "").lower()
        if not self.slug and self.title:
            self.slug = self.free_slug()
        errors = self.placement_errors()
        if errors:
            raise ValidationError(errors)

    # Addresses ---------------------------------------------------------------------------

    def address(self):
        """The address this page has with its current slug and parent, without slashes
        around it: "about/team"."""
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def free_slug(self):
        """A slug from the title that no sibling uses (nor, at the top level, another part
        of the site): "join", else "join-2", "join-3"..."""
        room = MAX_PATH_LENGTH - (len(self.parent.path) + 1 if self.parent_id else 0)
        base = slug_from_title(
            self.title, max_length=max(1, min(SLUG_LENGTH, room) - 4), fallback=FALLBACK_SLUG
        )
        taken = set(
            Page.objects.filter(parent_id=self.parent_id, slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        if not self.parent_id:
            taken |= taken_first_segments()
        if base not in taken:
            return base
        counter = 2
        while f"{base}-{counter}" in taken:
            counter += 1
        return f"{base}-{counter}"

    def subpage_paths(self, path=None):
        """The addresses of every page below this one, at any depth."""
        return list(
            Page.objects.filter(path__startswith=f"{path or self.path}/").values_list(
                "path", flat=True
            )
        )

    def placement_errors(self):
        """What is wrong with this page's place in the tree, by field: {} when nothing."""
        stored_path = getattr(self, "_loaded_path", None)
        parent = self.parent if self.parent_id else None
        if parent is not None and self.pk is not None:
            if parent.pk == self.pk or (stored_path and parent.path.startswith(f"{stored_path}/")):
                return {
                    "parent": _(
                        "A page cannot be placed under itself or under one of its own "
                        "subpages. Choose another parent page."
                    )
                }
        if not self.slug:
            return {}
        path = self.address()
        if parent is None and self.slug in taken_first_segments():
            return {
                "slug": _(
                    "The address /%(slug)s/ already belongs to another part of the site. "
                    "Choose another slug."
                )
                % {"slug": self.slug}
            }
        if Page.objects.filter(path=path).exclude(pk=self.pk).exists():
            if parent is None:
                message = _("Another page already has the address /%(path)s/. Choose another slug.")
            else:
                message = _(
                    "Another page under “%(parent)s” already has the address /%(path)s/. "
                    "Choose another slug."
                )
            return {"slug": message % {"path": path, "parent": parent}}
        longest = len(path)
        if stored_path and stored_path != path:
            moved = self.subpage_paths(stored_path)
            longest = max([longest] + [len(path) + len(sub) - len(stored_path) for sub in moved])
        if longest > MAX_PATH_LENGTH:
            return {
                "slug": _(
                    "This would make an address longer than %(limit)s characters. Choose a "
                    "shorter slug, or a parent page higher up."
                )
                % {"limit": MAX_PATH_LENGTH}
            }
        return {}

    # Pages around this one -------------------------------------------------------------

    def ancestors(self):
        """The pages above this one, from the top level down (read once per instance: the
        page shows them twice, in its breadcrumb and in its JSON-LD)."""
        parts = self.path.split("/")
        above = ["/".join(parts[:depth]) for depth in range(1, len(parts))]
        if not above:
            return []
        found = self.__dict__.get("_ancestors")
        if found is None or found[0] != above:
            pages = list(Page.objects.filter(path__in=above).order_by(Length("path")))
            found = self.__dict__["_ancestors"] = (above, pages)
        return list(found[1])

    def public_children(self):
        """The published pages directly under this one, in their order."""
        return list(Page.objects.published().filter(parent=self).order_by("order", "title", "pk"))
