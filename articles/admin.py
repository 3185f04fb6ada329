"""Admin for editors: articles with their bylines, authors and sections."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from site_config.admin import PublishableAdmin

from .models import Article, Author, Byline, Section


class BylineInline(admin.TabularInline):
    model = Byline
    autocomplete_fields = ["author"]
    fields = ["author", "order"]
    extra = 0
    min_num = 1
    verbose_name = _("author")
    verbose_name_plural = _("authors (in byline order)")


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
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_decorative",
                    "lead_image_caption",
                    "lead_image_credit",
                ],
                "description": _(
                    "Choose an image from the library, or upload a new one with the + button."
                ),
            },
        ),
        (_("Search and sharing"), {"fields": ["summary"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

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
