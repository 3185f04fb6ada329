"""Template tags of article pages: bylines, the sections in order and the article's JSON-LD."""

from django import template
from markupsafe import Markup

from pagecache.versions import remember
from publishing.models import SiteSettings
from publishing.templatetags.publishing import json_ld

from ..models import Section

register = template.Library()


@register.simple_tag
def byline(authors):
    """Author names as links, joined the way a reader says them: "A, B and C"."""
    link = Markup('<a href="{}">{}</a>').format
    links = [link(author.get_absolute_url(), author.name) for author in authors]
    if len(links) <= 1:
        return links[0] if links else ""
    return Markup(", ").join(links[:-1]) + Markup(" and ") + links[-1]


def menu_sections():
    return list(Section.objects.only("name", "slug", "order"))


@register.simple_tag
def nav_sections():
    """All sections in their order (the home page's blocks), read once per content version
    from the cache."""
    return remember("sections", "menu", menu_sections)


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


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """The article's JSON-LD block, kept as a cached fragment: its bylines, section and
    image are only read when the fragment is rendered anew."""
    request = context["request"]
    return remember(
        "fragment",
        ("article-head", article.pk),
        lambda: json_ld(news_article_data(request, article)),
    )
