"""Counts the queries of each page given as JSON ({name: address}) on a second request,
in-process with Django's test Client. Prints JSON: {name: {"status", "warm"}}."""

import json
import sys

import django


def main():
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, url in json.loads(sys.argv[1]).items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts[name] = {"status": response.status_code, "warm": len(captured.captured_queries)}
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
