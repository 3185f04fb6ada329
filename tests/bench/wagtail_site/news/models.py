"""A news index listing 20 news pages per page, and the news page: title, date, intro, body."""

from django.core.paginator import Paginator
from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class NewsIndexPage(Page):
    intro = RichTextField(blank=True)
    subpage_types = ["news.NewsPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = NewsPage.objects.live().child_of(self).order_by("-date", "-pk")
        context["page_obj"] = Paginator(children, 20).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    date = models.DateTimeField("Post date", db_index=True)
    intro = models.CharField(max_length=600)
    body = RichTextField(blank=True)
    parent_page_types = ["news.NewsIndexPage"]
