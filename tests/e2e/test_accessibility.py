"""Every kind of public page passes axe-core (WCAG 2.2 AA rules) and the Nu HTML checker.

The pages are filled with what a real site has: a logo, an about text, highlights,
lead images with captions and credits, authors with photos and biographies, several
authors on one article, tags, rich text with headings, lists, quotes and links.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.template import loader
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from publishing.models import SiteSettings, SocialLink
from tests.e2e.conftest import describe_html_errors, describe_violations
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    jpeg_bytes,
)

RICH_BODY = (
    "<p>Members met on the quay at dawn. <strong>Every shift</strong> was represented, "
    "and <em>the vote was unanimous</em>.</p>"
    "<h2>What happened</h2><p>The meeting agreed a plan of action.</p>"
    "<blockquote><p>We stand together, or we do not stand at all.</p></blockquote>"
    "<h3>Next steps</h3><ul><li>A public meeting next week</li>"
    "<li>Letters to the port authority</li></ul>"
    "<ol><li>Ballot</li><li>Rally</li></ol><hr>"
    '<p>Read more on <a href="https://harbourside.example/">the network\'s site</a>.</p>'
)


def colour_image(title, index, **kwargs):
    colour = ((37 * index) % 256, (91 * index) % 256, (53 * index) % 256)
    data = jpeg_bytes(width=1000, height=650, color=colour)
    return ImageFactory(title=title, file=ContentFile(data, name=f"photo-{index}.jpg"), **kwargs)


@pytest.fixture
def site_content():
    """A small but realistic site; returns the public paths to check, by name."""
    site, _created = SiteSettings.objects.get_or_create(pk=1)
    site.name = "Harbourside Solidarity Network"
    site.tagline = "Dockworkers, seafarers and their communities, standing together"
    site.about = "<p>A coalition of <strong>port unions</strong> and community groups.</p>"
    site.contact_email = "info@harbourside.example"
    site.footer_text = "Published by the Harbourside Solidarity Network.\nPrinted on the quay."
    site.logo = colour_image("Logo", 99)
    site.save()
    SocialLink.objects.create(site=site, label="Mastodon", url="https://social.example/@hsn")
    SiteSettings.clear_cache()

    news = SectionFactory(name="News", description="Reports from the picket lines.")
    analysis = SectionFactory(name="Analysis", description="Longer pieces on work and trade.")
    sections = [news, analysis, SectionFactory(name="International")]
    authors = [
        AuthorFactory(
            name=name, bio=f"<p>{name} writes about the docks.</p>", photo=colour_image(name, i)
        )
        for i, name in enumerate(["Maria Kowalczyk", "Sam Okafor", "Ольга Петренко"], start=1)
    ]
    now = timezone.now()
    articles = []
    for index in range(14):
        image = colour_image(f"Photo {index}", index + 10) if index % 4 != 3 else None
        article = ArticleFactory(
            title=f"Dockers vote on the night shift, part {index + 1}",
            standfirst="Members met on the quay and agreed a plan of action.",
            body=RICH_BODY,
            section=sections[index % len(sections)] if index != 5 else None,
            publish_at=now - timedelta(days=9 * index + 1),
            is_highlight=index in (0, 2, 4),
            lead_image=image,
            lead_image_alt="A placard held up above a crowd on the quay" if image else "",
            lead_image_decorative=index == 6,
            lead_image_caption="Members on the quay." if image and index % 2 else "",
            authors=authors[: 1 + index % 3],
            tags=["dockers", "solidarity"] if index % 2 else ["pay"],
        )
        articles.append(article)
    # Enough for a second page of /articles/, so the pagination is checked too.
    for index in range(8):
        ArticleFactory(
            title=f"Bulletin {index + 1}",
            section=analysis,
            publish_at=now - timedelta(days=130 + 20 * index),
            authors=[authors[index % len(authors)]],
        )
    ArticleFactory(title="Not yet", draft=True, section=news)
    ArticleFactory(title="Tomorrow", scheduled=True, section=news)

    featured = Article.objects.get(pk=articles[1].pk)
    stamp = timezone.localtime(featured.publish_at)
    return {
        "home": "/",
        "article": featured.get_absolute_url(),
        "article without image": articles[3].get_absolute_url(),
        "section": news.get_absolute_url(),
        "tag": "/tags/dockers/",
        "author": authors[0].get_absolute_url(),
        "article list": "/articles/",
        "article list, page 2": "/articles/?page=2",
        "author list": "/authors/",
        "archive index": "/archive/",
        "archive year": f"/archive/{stamp.year}/",
        "archive month": f"/archive/{stamp.year}/{stamp.month:02d}/",
        "404": "/no-such-page/",
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [(1280, 800), (375, 740)], ids=["desktop", "phone"])
def test_public_pages_have_no_axe_violations(live_server, page, run_axe, site_content, viewport):
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    failures, counts = [], {}
    for name, path in site_content.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == (404 if name == "404" else 200), path
        violations = run_axe(page)
        counts[name] = sum(len(v["nodes"]) for v in violations)
        if violations:
            failures.append(f"--- {name} ({path})\n{describe_violations(violations)}")
    print("axe violations per page:", counts)
    assert not failures, "axe-core found accessibility problems:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_public_pages_are_valid_html(client, tmp_path, check_html, site_content):
    files = {}
    for name, path in site_content.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), path
        target = tmp_path / f"{slugify(name)}.html"
        target.write_bytes(response.content)
        files[target.name] = name
    # The 500 page is a static template that must render without the database.
    (tmp_path / "500.html").write_text(loader.get_template("500.html").render())
    files["500.html"] = "500"
    errors = check_html(sorted(tmp_path.glob("*.html")))
    counts = dict.fromkeys(files.values(), 0)
    for error in errors:
        name = files.get(error.get("url", "").rsplit("/", 1)[-1], "(checker)")
        counts[name] = counts.get(name, 0) + 1
    print("Nu HTML checker errors per page:", counts)
    assert not errors, "The Nu HTML checker found errors:\n" + describe_html_errors(errors)
