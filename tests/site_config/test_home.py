"""The home page: highlights, latest, and the newest four of every section."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_each_section_block_shows_its_four_newest_published_articles(client):
    now = timezone.now()
    sections = [SectionFactory(name=name, order=i) for i, name in enumerate(["News", "Analysis"])]
    for section in sections:
        for age in range(6):
            ArticleFactory(
                title=f"{section.name} {age}",
                section=section,
                publish_at=now - timedelta(days=30 + age),
            )
        ArticleFactory(title=f"{section.name} draft", section=section, draft=True)
        ArticleFactory(title=f"{section.name} later", section=section, scheduled=True)
    page = client.get("/").content.decode()
    for section in sections:
        block = page.split(f'id="section-{section.slug}"', 1)[1].split("</section>", 1)[0]
        titles = re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', block)
        assert titles == [f"{section.name} {age}" for age in range(4)]
    assert page.index('id="section-news"') < page.index('id="section-analysis"')


def test_highlights_come_first_and_are_not_repeated_in_latest(client):
    ArticleFactory(title="Big story", is_highlight=True)
    ArticleFactory(title="Small story")
    page = client.get("/").content.decode()
    highlights = page.split('id="highlights-heading"', 1)[1].split("</section>", 1)[0]
    latest = page.split('id="latest-heading"', 1)[1].split("</section>", 1)[0]
    assert "Big story" in highlights and "Big story" not in latest
    assert "Small story" in latest
