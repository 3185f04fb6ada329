"""Counts the queries of each page in-process with Django's test Client, against the
benchmark database, in the caching mode its environment sets.

    python3 -m tests.bench.queries pages.json ARTICLE_SLUG [--sql]

`pages.json` maps a page's name to its address, or to a list of addresses to take in turn
(a different search each time). Prints JSON: {name: {"status", "warm", "after change"}}.
"warm" is a second request, after one that filled whatever the mode caches; "after change"
is the first request after an article is saved, which makes every cached page and
fragment stale.
"""

import itertools
import json
import sys

import django


def count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, [query["sql"][:300] for query in captured.captured_queries]


def main():
    django.setup()
    from django.test import Client

    from articles.models import Article

    pages, slug = json.load(open(sys.argv[1])), sys.argv[2]
    show_sql = "--sql" in sys.argv
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, addresses in pages.items():
        addresses = itertools.cycle([addresses] if isinstance(addresses, str) else addresses)
        count(client, next(addresses))
        status, warm = count(client, next(addresses))
        Article.objects.get(slug=slug).save()
        _status, after_change = count(client, next(addresses))
        counts[name] = {"status": status, "warm": len(warm), "after change": len(after_change)}
        if show_sql:
            counts[name]["sql"] = after_change
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
