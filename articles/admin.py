"""Admin for editors: articles with their bylines, authors and sections."""

import reversion
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from images.models import LeadImage
from publishing.publishable_admin import PublishableAdmin
from publishing.roles import is_editor

from .models import Article, Author, Byline, Section


class BylineInline(admin.TabularInline):
    """Bylines are set by editors; an author's own articles carry their byline."""

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
    the draft before publishing and can rename the profile.
    """
    profile = Author.objects.filter(user=user).first()
    if profile is None:
        name = user.get_full_name().strip() or gettext("Staff writer")
        profile = Author.objects.create(name=name, user=user)
    return profile


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
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
        (_("Search and sharing"), {"fields": ["summary"], "classes": ["collapse"]}),
    ]

    revision_follow = ["bylines"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not is_editor(request.user) and not article.bylines.exists():
            Byline.objects.create(article=article, author=author_profile(request.user), order=0)

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        return ", ".join(author.name for author in obj.byline_authors())


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
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
