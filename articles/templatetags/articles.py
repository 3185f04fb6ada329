"""Template tags of article pages: bylines, the sections in order and the article's JSON-LD."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language
from markupsafe import Markup, escape

from images.templatetags.images import picture
from pagecache.versions import remember
from publishing import structured_data
from publishing.formatting import card_dates, truncate_words
from publishing.languages import interface_text, language_marker
from publishing.links import absolute, slug_urls
from publishing.models import SiteSettings
from publishing.templatetags.publishing import json_ld

from ..apps import SECTIONS_PART
from ..models import Section

register = template.Library()


class CardSettings:
    """What every card of a list shares, read once for the list: the addresses'
    patterns, the time zone, the language and the words around a byline. Each of these
    comes from a thread- and task-local value, and reading them for every card cost a
    third of it."""

    def __init__(self):
        self.article_url = slug_urls("articles:article-detail")
        self.section_url = slug_urls("articles:section-detail")
        self.author_url = slug_urls("articles:author-detail")
        self.dates = card_dates()
        self.language_attributes = language_marker()
        self.by = interface_text("By %(authors)s")
        self.joined = interface_text("%(names)s and %(last)s")

    def byline(self, authors):
        return _byline(authors, self.author_url, self.joined)

    @classmethod
    def current(cls):
        """The settings of the language, time zone and address prefix in force, made
        once per process for each (the home page's lists and cards asked for eight)."""
        key = (get_language(), timezone.get_current_timezone(), get_script_prefix())
        found = _CARD_SETTINGS.get(key)
        if found is None:
            if len(_CARD_SETTINGS) >= 64:  # bounded, whatever the requests ask for
                _CARD_SETTINGS.clear()
            found = _CARD_SETTINGS[key] = cls()
        return found


_CARD_SETTINGS = {}  # (language, time zone, address prefix) -> CardSettings


@receiver(setting_changed)
def _forget_card_settings(**kwargs):
    _CARD_SETTINGS.clear()


def _byline(authors, author_url, joined):
    # Plain strings of escaped parts, made Markup once: Markup's own join and % escape
    # each piece again, half the cost of a byline.
    links = [
        f'<a href="{escape(author_url(author.slug))}">{escape(author.name)}</a>'
        for author in authors
    ]
    if len(links) <= 1:
        return Markup(links[0]) if links else ""
    # `joined` is the interface's own text ("%(names)s and %(last)s"), as trusted as ours.
    return Markup(joined % {"names": ", ".join(links[:-1]), "last": links[-1]})


@register.simple_tag
def byline(authors):
    """Author names as links, joined the way a reader says them: "A, B and C"."""
    joined = interface_text("%(names)s and %(last)s") if len(authors) > 1 else ""
    return _byline(authors, slug_urls("articles:author-detail"), joined)


CARD_SIZES = "(min-width: 64rem) 20rem, (min-width: 40rem) 45vw, 100vw"


def article_card(article, heading_level=3, hide_section=False, loading="lazy"):
    """The card of an article on lists and the home page: picture, section, title,
    standfirst, byline and date. Built in Python: a list page shows twenty of them, and a
    template include per card costs several times as much."""
    return Markup(_card(CardSettings.current(), article, heading_level, hide_section, loading))


def article_cards(articles, heading_level=3, hide_section=False):
    """The cards of `articles`, one after another (see `article_card`)."""
    shared = CardSettings.current()
    return Markup(
        "".join(f"{_card(shared, article, heading_level, hide_section)}\n" for article in articles)
    )


def _card(shared, article, heading_level, hide_section, loading="lazy"):
    url = escape(shared.article_url(article.slug))
    lines = [f'<article class="card"{shared.language_attributes(article.language)}>']
    if article.lead_image:
        # "eager" for the card whose picture is the page's largest at first sight (LCP).
        image = picture(article.lead_image, "", CARD_SIZES, loading, crop="3:2")
        lines.append(
            f'  <a href="{url}" class="card__image" tabindex="-1" aria-hidden="true">{image}</a>'
        )
    lines.append('  <div class="card__body">')
    section = article.section
    if section and not hide_section:
        lines.append(
            f'    <p class="card__section"><a href="{escape(shared.section_url(section.slug))}">'
            f"{escape(section.name)}</a></p>"
        )
    level = int(heading_level or 3)
    lines.append(
        f'    <h{level} class="card__title"><a href="{url}">{escape(article.title)}</a></h{level}>'
    )
    if article.standfirst:
        standfirst = escape(truncate_words(article.standfirst, 40))
        lines.append(f'    <p class="card__standfirst">{standfirst}</p>')
    authors = article.byline_authors()
    by = ""
    if authors:
        by = shared.by % {"authors": shared.byline(authors)}
        by = f'<span class="byline">{by} · </span>'
    iso, shown = shared.dates(article.publish_at)
    lines.append(f'    <p class="card__meta">{by}<time datetime="{iso}">{shown}</time></p>')
    lines += ["  </div>", "</article>"]
    return "\n".join(lines)


def menu_sections():
    return list(Section.objects.only("name", "slug", "order"))


@register.simple_tag
def nav_sections():
    """All sections in their order (the home page's blocks), read once per version of the
    sections' part of the site (see `ArticlesConfig.ready`) from the cache."""
    return remember("sections", "menu", menu_sections, scope=SECTIONS_PART)


def news_article_data(request, article):
    """JSON-LD `NewsArticle` for an article page, with what Google recommends: the
    picture in several shapes, both dates, each author with the address of their page,
    and the publisher with its logo."""
    site = SiteSettings.load()
    url = absolute(request, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "inLanguage": article.language,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": max(article.updated_at, article.publish_at).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute(request, author.get_absolute_url()),
            }
            for author in article.byline_authors()
        ],
        "publisher": structured_data.organization(request, site),
        "image": structured_data.page_images(request, article.lead_image),
    }
    if not data["author"]:
        # An article without a byline is the organisation's own.
        data["author"] = [structured_data.organization(request, site)]
    if article.description:
        data["description"] = article.description
    if article.section:
        data["articleSection"] = article.section.name
    return data


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """The article's JSON-LD block. The page keeps it in the "article-head" fragment, so
    its bylines, section and image are only read when that fragment is rendered anew."""
    return json_ld(news_article_data(context["request"], article))
