#!/usr/bin/env python3
"""Benchmark: what the events list and the month calendar cost as events pile up.

    python3 tests/bench/events.py [--requests 100] [--rounds 5]
                                  [--postgres postgres://postgres@127.0.0.1:5432/NAME]
                                  [--scenarios one-off-50,weekly-100,weekly-500]

Builds a site in a temporary folder (SQLite; or in a PostgreSQL database NAME that the
script creates and drops, refusing one that exists) with, in turn, 50 one-off events,
100 weekly ones and 500 weekly ones (each weekly event runs for two years, every tenth
with a skipped and a cancelled date), and renders the events list (page 1 and page 10)
and this month's calendar in-process with Django's test client, with the page cache and
the fragment cache off and debug off. Prints, per page, the CPU time per request
(`time.process_time`; the median of the rounds, pages taking turns within each round)
and the queries of the first request after the events were saved ("cold") and of a
later one ("warm"); and, for scale, what a trivial view costs through the same
middleware (CPU time depends on the machine and on what else runs on it).
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SCENARIOS = {"one-off-50": (50, False), "weekly-100": (100, True), "weekly-500": (500, True)}
CITIES = ("London", "Manchester", "Glasgow", "Cardiff", "Leeds")
KINDS = ("vigil", "picket", "public-meeting", "webinar")
TAGS = ("pay", "pensions", "safety", "solidarity")


def configure(args, workdir):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="benchmark-only-not-a-secret-" + "x" * 30,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DATABASE_URL=args.postgres or f"sqlite:///{workdir / 'events.sqlite3'}",
        PLACARD_PAGE_CACHE="off",
        PLACARD_FRAGMENT_CACHE="off",
    )


def postgres_admin(url, statement):
    import psycopg

    server = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(statement)


def build(count, weekly):
    """`count` published events between 09:00 and 20:00 where they happen, one-off (two a
    day from tomorrow) or weekly (from three weeks ago, for two years), each with a tag;
    every tenth weekly one skips a date and cancels another."""
    import zoneinfo

    from django.db import transaction
    from django.utils import timezone

    from events.models import Event, EventException
    from events.recurrence import to_utc

    today = timezone.localdate()
    with transaction.atomic():
        Event.objects.all().delete()
        for index in range(count):
            zone = "America/New_York" if index % 3 == 0 else "Europe/London"
            if weekly:
                day = today - datetime.timedelta(days=21 - index % 7)
            else:
                day = today + datetime.timedelta(days=1 + index // 2)
            wall_clock = datetime.datetime.combine(day, datetime.time(9 + index % 12))
            start = to_utc(wall_clock, zoneinfo.ZoneInfo(zone))
            event = Event(
                title=f"{KINDS[index % 4].replace('-', ' ').capitalize()} number {index}",
                kind=KINDS[index % 4],
                summary="Come along: everyone is welcome.",
                description="<p>All welcome.</p>",
                start=start,
                end=start + datetime.timedelta(hours=1, minutes=30),
                time_zone=zone,
                venue_name="Union hall",
                venue_address="12 Quay Street",
                venue_city=CITIES[index % len(CITIES)],
                venue_country="GB",
                status=Event.Status.PUBLISHED,
                publish_at=timezone.now() - datetime.timedelta(days=30),
            )
            if weekly:
                event.repeat = Event.Repeat.WEEKLY
                event.repeat_until = (start + datetime.timedelta(days=730)).date()
            event.save()
            event.tags.add(TAGS[index % len(TAGS)])
            if weekly and index % 10 == 0:
                first = event.local_start.date()
                EventException.objects.create(
                    event=event, date=first + datetime.timedelta(weeks=4), kind="skipped"
                )
                EventException.objects.create(
                    event=event,
                    date=first + datetime.timedelta(weeks=5),
                    kind="cancelled",
                    note="No vigil on the bank holiday",
                )


def pages():
    from django.utils import timezone

    today = timezone.localdate()
    return {
        "events list, page 1": "/events/",
        "events list, page 10": "/events/?page=10",
        "month calendar": f"/events/calendar/{today.year}/{today.month}/",
    }


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured.captured_queries)


def cpu_ms(client, url, requests):
    """CPU time per request over `requests` requests, in ms."""
    began = time.process_time()
    for _ in range(requests):
        client.get(url)
    return (time.process_time() - began) * 1000 / requests


def measure(args):
    """Per scenario and page: status, the median CPU ms of the rounds (pages interleaved
    within each round, so that load from other processes hits them alike), and queries."""
    from django.test import Client

    results = []
    for name in args.scenarios.split(","):
        count, weekly = SCENARIOS[name]
        began = time.monotonic()
        build(count, weekly)
        print(f"built {name} in {time.monotonic() - began:.1f} s", file=sys.stderr, flush=True)
        client = Client()
        found = {}
        for page, url in pages().items():
            status, cold = queries(client, url)
            warm = queries(client, url)[1] if status == 200 else None
            found[page] = {"url": url, "status": status, "cold": cold, "warm": warm, "cpu": []}
        measured = [row for row in found.values() if row["status"] == 200]
        for row in measured:
            # Slow pages get fewer requests: about a second of CPU per round at most.
            row["requests"] = max(3, min(args.requests, int(1000 / cpu_ms(client, row["url"], 2))))
        for _ in range(args.rounds):
            for row in measured:
                row["cpu"].append(cpu_ms(client, row["url"], row["requests"]))
        for page, row in found.items():
            cpu = statistics.median(row["cpu"]) if row["cpu"] else None
            results.append((name, page, row["status"], cpu, row["cold"], row["warm"]))
    client = Client()
    cpu_ms(client, "/bench/trivial/", 10)
    floor = statistics.median(cpu_ms(client, "/bench/trivial/", 200) for _ in range(args.rounds))
    return results, floor


def print_table(results, floor):
    print(
        f"{'events':<12} {'page':<22} {'status':>6} {'CPU ms/request':>15} "
        f"{'queries cold/warm':>18}"
    )
    for name, page, status, cpu, cold, warm in results:
        cpu_text = f"{cpu:.2f}" if cpu is not None else "—"
        warm_text = warm if warm is not None else "—"
        print(f"{name:<12} {page:<22} {status:>6} {cpu_text:>15} {f'{cold} / {warm_text}':>18}")
    print(f"For scale: a trivial view through the same middleware takes {floor:.2f} ms.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL database URL to create, use and drop")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="placard-bench-events-") as folder:
        configure(args, Path(folder))
        if args.postgres:
            name = urlparse(args.postgres).path.lstrip("/")
            postgres_admin(args.postgres, f'CREATE DATABASE "{name}"')
        try:
            import django
            from django.core.management import call_command

            django.setup()
            call_command("migrate", verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
            results, floor = measure(args)
        finally:
            if args.postgres:
                from django.db import connections

                connections.close_all()
                postgres_admin(args.postgres, f'DROP DATABASE "{name}"')
    print_table(results, floor)


if __name__ == "__main__":
    main()
