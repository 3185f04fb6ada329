"""Builds the benchmark site fast: N published articles in bulk, plus what the pages show.

`python3 -m tests.bench.content --articles N --out urls.json` with DJANGO_SETTINGS_MODULE
and DATABASE_URL set by run.py. Writes the addresses to measure as JSON.
"""

import argparse
import json
import random
from datetime import timedelta

import django

BATCH = 2000
WORDS = (
    "dockers harbour seafarers pension safety strike ballot automation solidarity union "
    "warehouse crane shift overtime wages port authority terminal container ferry tugboat "
    "pilots cleaners fishermen climate transition agency contract inspection charter welfare "
    "picket rally conference coalition bulletin minister ministry employer logistics cargo "
    "vessel crew quay night survey history memorial volunteers translation fund families "
    "campaign agreement dispute victory"
).split()
SEARCH_WORD = "pension"
BODY = (
    "<p>{title} — benchmark text for a fictional campaign organisation, as long as a short "
    "news report.</p><h2>What happened</h2><p>Members met on the quay at dawn and agreed a "
    "plan of action about {a} and {b}. <strong>Every shift</strong> was represented, and "
    "<em>the vote was unanimous</em>.</p><blockquote><p>We stand together, or we do not stand "
    "at all.</p></blockquote><h2>What comes next</h2><ul><li>A public meeting about {c}</li>"
    "<li>Letters to the port authority</li><li>A solidarity fund for families</li></ul>"
    '<p>Read more on <a href="https://harbourside.example/">the network\'s site</a>.</p>'
)


def article_text(rng, index):
    picked = rng.sample(WORDS, 5)
    title = f"{picked[0].capitalize()} {picked[1]} and the {picked[2]} {picked[3]}, report {index}"
    body = BODY.format(title=title, a=picked[4], b=rng.choice(WORDS), c=rng.choice(WORDS))
    return title, body


def build(count):
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Author, Byline, Section
    from events.models import Event
    from statements.models import Endorsement, Statement

    rng = random.Random(6)
    now = timezone.now()
    with transaction.atomic():
        sections = [
            Section.objects.create(name=name, order=index)
            for index, name in enumerate(["News", "Analysis", "Speeches", "International"])
        ]
        authors = [Author.objects.create(name=f"Bench Author {index}") for index in range(40)]
        tags = [Tag.objects.create(name=word, slug=word) for word in WORDS[:20]]
    article_type = ContentType.objects.get_for_model(Article)
    for start in range(0, count, BATCH):
        with transaction.atomic():
            articles = []
            for index in range(start, min(start + BATCH, count)):
                title, body = article_text(rng, index)
                articles.append(
                    Article(
                        title=title,
                        slug=f"bench-article-{index}",
                        standfirst=f"{title}: a short lead shown under the title and on lists.",
                        body=body,
                        section=sections[index % len(sections)],
                        status=Article.Status.PUBLISHED,
                        publish_at=now - timedelta(minutes=30 * index + 5),
                        is_highlight=index % 97 == 0,
                        edit_version=1,
                    )
                )
            Article.objects.bulk_create(articles)
            bylines, tagged = [], []
            for article in articles:
                number = article.pk
                bylines.append(Byline(article=article, author=authors[number % 40], order=0))
                if number % 4 == 0:
                    bylines.append(
                        Byline(article=article, author=authors[(number + 7) % 40], order=1)
                    )
                for tag in {tags[number % 20], tags[(number * 3 + 1) % 20]}:
                    tagged.append(TaggedItem(tag=tag, content_type=article_type, object_id=number))
            Byline.objects.bulk_create(bylines)
            TaggedItem.objects.bulk_create(tagged, ignore_conflicts=True)
    with transaction.atomic():
        statements = []
        for index in range(5):
            statement = Statement.objects.create(
                title=f"Declaration on {WORDS[index * 3]} and {WORDS[index * 3 + 1]}",
                issuing_body="Adopted by the conference of the network",
                adopted_place="Rome",
                adopted_on=(now - timedelta(days=40 * index)).date(),
                standfirst="Join the declaration.",
                body=BODY.format(title="Declaration", a="solidarity", b="wages", c="pension"),
                section=sections[index % len(sections)],
                status=Statement.Status.PUBLISHED,
                publish_at=now - timedelta(days=40 * index, hours=1),
            )
            statements.append(statement)
            Endorsement.objects.bulk_create(
                Endorsement(
                    statement=statement,
                    kind=Endorsement.Kind.INDIVIDUAL,
                    name=f"Signer {index}-{number}",
                    email=f"signer{index}-{number}@example.org",
                    country="PL",
                    consent_listed=True,
                    status=Endorsement.Status.CONFIRMED,
                    confirmed_at=now,
                )
                for number in range(200)
            )
        for index in range(50):
            start = now + timedelta(days=index // 2 + 1, hours=18 + index % 2)
            Event(
                title=f"Public meeting on {WORDS[index % len(WORDS)]} {index}",
                kind=Event.Kind.PUBLIC_MEETING,
                summary="Come and hear what happens next.",
                description="<p>All welcome.</p>",
                start=start,
                end=start + timedelta(hours=2),
                time_zone="Europe/London",
                attendance=Event.Attendance.IN_PERSON,
                venue_name="Dockers' Hall",
                venue_address="12 Quay Street",
                venue_city="London",
                venue_country="GB",
                status=Event.Status.PUBLISHED,
                publish_at=now - timedelta(hours=1),
            ).save()
    rebuild_search_index()
    analyze()
    middle = Article.objects.get(slug=f"bench-article-{count // 2}")
    return {
        "home": "/",
        "article list": "/articles/",
        "article page": middle.get_absolute_url(),
        "statement page": statements[0].get_absolute_url(),
        "events list": "/events/",
        "search": f"/search/?q={SEARCH_WORD}",
    }


def rebuild_search_index():
    """bulk_create skips save() and signals: let search fill its index if it keeps one."""
    from django.core.management import call_command, get_commands

    for name in ("rebuild_search_index", "update_search_index", "search_index"):
        if name in get_commands():
            call_command(name)
            return


def analyze():
    """Give PostgreSQL's planner statistics at once, as autovacuum would in a while."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    django.setup()
    urls = build(args.articles)
    with open(args.out, "w") as handle:
        json.dump(urls, handle)


if __name__ == "__main__":
    main()
