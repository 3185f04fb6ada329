"""Counts the queries of each page in-process with Django's test Client, against the
benchmark database. Prints JSON: {name: {"status": ..., "cold": n, "warm": n}}.

"cold" is the first request of a fresh process (caches of settings and fragments empty),
"warm" the second; run with PLACARD_PAGE_CACHE=off so that pages are rendered.
"""

import json
import sys

import django


def main():
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    urls = json.load(open(sys.argv[1]))
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, url in urls.items():
        measured = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            measured.append(len(captured.captured_queries))
        counts[name] = {"status": response.status_code, "cold": measured[0], "warm": measured[1]}
        if len(sys.argv) > 2 and sys.argv[2] == "--sql":
            counts[name]["sql"] = [query["sql"][:300] for query in captured.captured_queries]
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
