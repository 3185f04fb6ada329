"""Admin for editors: articles with their bylines, authors and sections."""

import reversion
from django.contrib import admin, messages
from django.db.models import Count, F
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from images.admin import ImageChooserMixin
from images.models import LeadImage
from pagecache.versions import content_changed
from publishing.ordering import OrderedInlineMixin
from publishing.publishable_admin import PublishableAdmin
from publishing.roles import is_editor

from .models import Article, Author, Byline, Section


class BylineInline(OrderedInlineMixin, admin.TabularInline):
    """Bylines are set by editors; an author's own articles carry their byline. Editors put
    them in order by dragging or with each row's up and down buttons."""

    model = Byline
    autocomplete_fields = ["author"]
    fields = ["author", "order"]
    extra = 0
    min_num = 1
    verbose_name = _("author")
    verbose_name_plural = _("authors (in byline order)")

    def get_min_num(self, request, obj=None, **kwargs):
        return self.min_num if is_editor(request.user) else 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)


if not reversion.is_registered(Byline):
    reversion.register(Byline)


def author_profile(user):
    """The byline of a staff account: its linked Author, created on first use.

    Bylines are public and a username is half of a login, so the profile is named after the
    account's full name, never its username. An account without a full name gets the
    neutral name "Staff writer": the author's work is saved all the same, the byline stays
    linked to the account (editors see whose it is under Authors), and an editor sees it on
    the draft before publishing and can rename the profile. Once the account has a full
    name, a profile still called "Staff writer" takes it.
    """
    profile = Author.objects.filter(user=user).first()
    full_name = user.get_full_name().strip()
    if profile is None:
        profile = Author.objects.create(name=full_name or gettext("Staff writer"), user=user)
    elif full_name and profile.name == gettext("Staff writer"):
        profile.name = full_name
        profile.save(update_fields=["name"])
    return profile


@admin.register(Article)
class ArticleAdmin(ImageChooserMixin, PublishableAdmin):
    inlines = [BylineInline]
    list_display = [
        "title",
        "is_live",
        "publication",
        "publish_at",
        "section",
        "author_names",
        "is_highlight",
    ]
    list_filter = ["status", "section", "is_highlight", "publish_at"]
    search_fields = ["title", "standfirst", "authors__name"]
    list_select_related = ["section"]
    autocomplete_fields = ["section", "lead_image"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        (_("Publication"), {"fields": ["status", "publish_at", "section", "tags", "is_highlight"]}),
        (
            _("Lead image"),
            {
                "fields": LeadImage.LEAD_IMAGE_FIELDS,
                "description": _(
                    "Choose an image from the library, or upload a new one with the + button."
                ),
            },
        ),
        (_("Search and sharing"), {"fields": ["summary", "language"], "classes": ["collapse"]}),
    ]

    revision_follow = ["bylines"]
    actions = [*PublishableAdmin.actions, "add_to_highlights", "remove_from_highlights"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    def _set_highlight(self, request, queryset, value):
        # The edit counter moves too, so that an edit form opened before notices the change.
        count = queryset.update(is_highlight=value, edit_version=F("edit_version") + 1)
        content_changed()
        return count

    @admin.action(description=_("Add to highlights"), permissions=["publish"])
    def add_to_highlights(self, request, queryset):
        count = self._set_highlight(request, queryset, True)
        message = ngettext(
            "%(count)d article added to the highlights.",
            "%(count)d articles added to the highlights.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Remove from highlights"), permissions=["publish"])
    def remove_from_highlights(self, request, queryset):
        count = self._set_highlight(request, queryset, False)
        message = ngettext(
            "%(count)d article removed from the highlights.",
            "%(count)d articles removed from the highlights.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not is_editor(request.user) and not article.bylines.exists():
            Byline.objects.create(article=article, author=author_profile(request.user), order=0)

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        return ", ".join(author.name for author in obj.byline_authors())


@admin.register(Author)
class AuthorAdmin(ImageChooserMixin, admin.ModelAdmin):
    list_display = ["name", "user", "article_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["photo", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("bylines"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "article_count"]
    ordering = ["order", "name"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count
