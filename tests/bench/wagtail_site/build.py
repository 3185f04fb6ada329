"""Builds the news index and N news pages in bulk, with the texts Placard's kit uses.

Pages are inserted without save(): tree paths, URL paths and the child table rows are
written directly, which is what makes 100,000 pages quick. Prints the two addresses.
"""

import json
import os
import sys
from datetime import timedelta

import django

STEP = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's alphabet for Wagtail pages
BATCH = 2000


def step(number):
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = STEP[rest] + digits
    return digits.rjust(4, "0")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wagtail_bench.settings")
    sys.path.insert(0, os.environ["PLACARD_ROOT"])
    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from news.models import NewsIndexPage, NewsPage
    from wagtail.models import Page

    from tests.bench.content import article_text

    count = int(sys.argv[1])
    home = Page.objects.get(depth=2)
    index = home.add_child(instance=NewsIndexPage(title="News", slug="news"))
    news_type = ContentType.objects.get_for_model(NewsPage)
    now = timezone.now()
    table = NewsPage._meta.db_table
    for start in range(0, count, BATCH):
        with transaction.atomic():
            pages, rows = [], []
            for number in range(start, min(start + BATCH, count)):
                title, body = article_text(number)
                published = now - timedelta(minutes=30 * number + 5)
                slug = f"bench-article-{number}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=news_type,
                        live=True,
                        has_unpublished_changes=False,
                        url_path=f"{index.url_path}{slug}/",
                        depth=index.depth + 1,
                        path=index.path + step(number + 1),
                        numchild=0,
                        locale_id=index.locale_id,
                        first_published_at=published,
                        last_published_at=published,
                    )
                )
                rows.append(
                    [published, f"{title}: a short lead shown under the title and on lists.", body]
                )
            Page.objects.bulk_create(pages)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (page_ptr_id, date, intro, body) VALUES (%s, %s, %s, %s)",
                    [[page.pk, *row] for page, row in zip(pages, rows, strict=True)],
                )
    Page.objects.filter(pk=index.pk).update(numchild=count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # statistics at once, as autovacuum would later
    middle = Page.objects.get(slug=f"bench-article-{count // 2}")
    print(json.dumps({"news index": index.url, "news page": middle.url}))


if __name__ == "__main__":
    main()
