#!/usr/bin/env python3
"""Benchmark kit: Placard against a trivial Django view and an equivalent Wagtail site.

    python3 tests/bench/run.py [--articles 2000] [--database sqlite|postgres] [options]

Builds a fresh site with N published articles in a temporary folder (or in PostgreSQL
databases named by --db-prefix), serves it with gunicorn (sync workers, debug off) in
three modes: cold (page cache and fragment cache off), fragments (fragment cache on) and
cached (both on), and a minimal Wagtail site, installed from PyPI into
tests/bench/.venv-wagtail, cold and with Django's cache middleware. wrk measures every
page in interleaved rounds (the median is kept); gunicorn's workers' CPU time gives CPU ms
per request. Prints the table, the Placard ÷ Wagtail ratios in cold mode and whether the
targets of issue 13 are met.
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explore import deepest_page, explore_sitemaps
from load import POSTGRES, Load, Page, Server, gunicorn, status_of
from report import ONE_READER, print_report

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parents[1]
WAGTAIL_SITE = BENCH / "wagtail_site"
WAGTAIL_VENV = BENCH / ".venv-wagtail"
KIT_PREFIX = "placard_bench"
PLACARD_MODES = {
    "cold": {"PLACARD_PAGE_CACHE": "off", "PLACARD_FRAGMENT_CACHE": "off"},
    "fragments": {"PLACARD_PAGE_CACHE": "off", "PLACARD_FRAGMENT_CACHE": "on"},
    "cached": {"PLACARD_PAGE_CACHE": "on", "PLACARD_FRAGMENT_CACHE": "on"},
}
WAGTAIL_MODES = {"cold": {"BENCH_CACHE": "off"}, "cached": {"BENCH_CACHE": "on"}}
PAGES = (
    "home", "list", "deep-list", "article", "statement", "events", "search",
    "search-varied", "sitemap-index", "sitemap", "static", "trivial",
)  # fmt: skip
ONCE = ("static", "trivial")  # the same in every mode: measured in one


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(command, env, cwd=ROOT, progress=False):
    """Run `command`, returning its output; with `progress`, its messages show as they come."""
    result = subprocess.run(command, env=env, cwd=cwd, text=True, stdout=subprocess.PIPE,
                            stderr=None if progress else subprocess.PIPE, check=False)  # fmt: skip
    if result.returncode:
        log(f"failed: {' '.join(map(str, command))}\n{result.stdout}\n{result.stderr or ''}")
        sys.exit(1)
    return result.stdout


def drop_database(name):
    """Drop the kit's database `name`, refusing while anyone else is connected to it (a
    process of the kit's that just ended may take a few seconds to let go)."""
    import psycopg

    assert name.startswith(KIT_PREFIX)
    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as connection:
        for _ in range(30):
            others = connection.execute(
                "SELECT count(*), string_agg(DISTINCT coalesce(nullif(application_name, ''), "
                "'unnamed client') || ' (' || coalesce(state, '?') || ')', ', ') "
                "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchone()
            if not others[0]:
                break
            time.sleep(1)
        try:
            if others[0]:
                raise psycopg.errors.ObjectInUse
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        except psycopg.errors.ObjectInUse:
            sys.exit(
                f"refusing to drop database {name}: {others[0] or 'some'} other connection(s), "
                f"{others[1] or 'just opened'}. Stop them, or name other databases with "
                "--db-prefix."
            )


def database_url(args, workdir, name):
    if args.database == "postgres":
        import psycopg

        drop_database(name)
        with psycopg.connect(POSTGRES + "postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return POSTGRES + name
    return f"sqlite:///{workdir / (name + '.sqlite3')}"


def build_placard(args, workdir):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DATABASE_URL": database_url(args, workdir, args.db_prefix),
        "CACHE_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    python = sys.executable
    started = time.monotonic()
    log("Placard: migrate")
    building = {**env, "DATABASE_STATEMENT_TIMEOUT_MS": "0"}  # indexes take minutes at 1M
    run([python, "manage.py", "migrate", "--noinput", "-v0"], building)
    log(f"Placard: build {args.articles:,} articles")
    site_file = workdir / "site.json"
    run([python, "-m", "tests.bench.content", "--articles", str(args.articles),
         "--out", str(site_file)], building, progress=True)  # fmt: skip
    site = json.loads(site_file.read_text())
    site["seconds"] = {"whole build": time.monotonic() - started, **site["seconds"]}
    run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    manifest = json.loads((workdir / "static" / "staticfiles.json").read_text())
    site["pages"]["static"] = "/static/" + manifest["paths"]["css/site.css"]
    site["pages"]["trivial"] = "/bench/trivial/"
    site["queries file"] = workdir / "search-queries.txt"
    site["queries file"].write_text("\n".join(site["search queries"]) + "\n")
    return env, site


def build_wagtail(args, workdir):
    python = WAGTAIL_VENV / "bin" / "python"
    if not python.exists():
        log("Wagtail: create the virtualenv (once)")
        subprocess.run([sys.executable, "-m", "venv", str(WAGTAIL_VENV)], check=True)
    check = subprocess.run([python, "-c", "import wagtail, gunicorn, psycopg, dj_database_url"],
                           capture_output=True)  # fmt: skip
    if check.returncode:
        log("Wagtail: pip install wagtail")
        subprocess.run(
            [python, "-m", "pip", "install", "-q", "wagtail>=8,<9", "gunicorn",
             "psycopg[binary]", "dj-database-url"], check=True)  # fmt: skip
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wagtail_bench.settings",
        "DATABASE_URL": database_url(args, workdir, args.db_prefix + "_wagtail"),
        "DJANGO_STATIC_ROOT": str(workdir / "wagtail-static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "wagtail-media"),
        "PLACARD_ROOT": str(ROOT),
        "PYTHONPATH": str(WAGTAIL_SITE),
    }
    started = time.monotonic()
    log("Wagtail: migrate")
    run([python, "manage.py", "migrate", "--noinput", "-v0"], env, cwd=WAGTAIL_SITE)
    log(f"Wagtail: build {args.articles:,} news pages")
    built = json.loads(run([python, "build.py", str(args.articles)], env, cwd=WAGTAIL_SITE))
    pages = {"list": built["news index"], "article": built["news page"]}
    log("Wagtail: count queries")
    queries = run([python, "queries.py", json.dumps(pages)], env, cwd=WAGTAIL_SITE)
    return env, pages, json.loads(queries), time.monotonic() - started


def count_placard_queries(args, env, site, workdir):
    """Queries per page in each mode: a warm request and the first after a change."""
    addresses = {
        name: path
        for name, path in site["pages"].items()
        if name in args.pages and name not in ONCE
    }
    if "search-varied" in addresses:  # three new searches, none of those wrk sends first
        addresses["search-varied"] = site["search queries"][-3:]
    pages_file = workdir / "query-count-pages.json"
    pages_file.write_text(json.dumps(addresses))
    counts = {}
    for mode, switches in PLACARD_MODES.items():
        if mode in args.modes:
            log(f"Placard: count queries, {mode}")
            output = run([sys.executable, "-m", "tests.bench.queries", str(pages_file),
                          site["article slug"]], {**env, **switches})  # fmt: skip
            counts[mode] = json.loads(output)
    return counts


def measure(servers, args, load):
    """Every (server, page) in `args.rounds` interleaved rounds; the median run (by
    requests/s) is kept, with the median CPU times per request.

    All servers run side by side (idle workers cost nothing), so a burst of load from
    another process hits every page alike instead of one page type.
    """
    runs, status = {}, {}
    for round_number in range(args.rounds):
        for server in servers:
            for page in server.pages:
                key = (server.site, page.name, server.mode)
                if round_number == 0:
                    status[key] = status_of(server.url + page.path)
                if status[key] == 404:
                    continue
                measured = load.measure(server, page, warm=round_number == 0)
                runs.setdefault(key, []).append(measured)
        log(f"round {round_number + 1} of {args.rounds} done")
    rows = []
    for key, code in status.items():
        row = {"site": key[0], "page": key[1], "mode": key[2], "status": code}
        if key in runs:
            ordered = sorted(runs[key], key=lambda measured: measured["rps"])
            row.update(ordered[len(ordered) // 2])
            for name in ("cpu", "database cpu"):
                row[name] = statistics.median(measured[name] for measured in ordered)
            row["spread"] = (ordered[0]["rps"], ordered[-1]["rps"])
        rows.append(row)
    return rows


def one_reader(servers, load):
    """Latency of one reader at a time, cold: with more connections than workers, wrk's
    figures include the wait behind other requests."""
    measured = {}
    for server in servers:
        if server.site == "placard" and server.mode == "cold":
            for page in server.pages:
                if page.name in ONE_READER and status_of(server.url + page.path) != 404:
                    measured[page.name] = load.measure(server, page, connections=1)
    return measured


def placard_pages(args, site, mode):
    pages = []
    for name in args.pages:
        if name in ONCE and mode != args.once_mode:
            continue
        path = site["pages"].get(name)
        if path:
            varied = site["queries file"] if name == "search-varied" else None
            pages.append(Page(name, path, varied))
    return pages


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--db-prefix",
        default=KIT_PREFIX,
        help="PostgreSQL: the databases are PREFIX and PREFIX_wagtail; it must start with "
        f"{KIT_PREFIX} (default)",
    )
    parser.add_argument("--port", type=int, default=18431, help="the first of five ports")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; median kept")
    parser.add_argument("--modes", default="cold,fragments,cached", help="comma-separated")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated")
    parser.add_argument(
        "--paragraphs", type=int, default=0,
        help="paragraphs added to each article (about 600 characters each), on both sites",
    )  # fmt: skip
    parser.add_argument("--skip-wagtail", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--build-only", action="store_true", help="build Placard's site, print its settings, stop"
    )
    args = parser.parse_args()
    args.modes = [mode for mode in args.modes.split(",") if mode]
    args.pages = [page for page in args.pages.split(",") if page]
    for value, known, option in ((args.modes, PLACARD_MODES, "--modes"),
                                 (args.pages, PAGES, "--pages")):  # fmt: skip
        if unknown := set(value) - set(known):
            parser.error(
                f"{option}: unknown {', '.join(sorted(unknown))}; known: {', '.join(known)}"
            )
    if not args.db_prefix.startswith(KIT_PREFIX):
        parser.error(f"--db-prefix must start with {KIT_PREFIX}: the kit drops what it names")
    if args.paragraphs < 0:
        parser.error("--paragraphs: 0 or more")
    args.once_mode = "cached" if "cached" in args.modes else args.modes[0]
    # Both sites' builds read it (tests/bench/content.py, `article_text`).
    os.environ["BENCH_PARAGRAPHS"] = str(args.paragraphs)
    return args


def serve(running, args, site, modes, first_port, python, app, env, cwd):
    """Start one gunicorn server per mode of `modes` chosen by --modes, side by side."""
    servers = []
    database = None
    if args.database == "postgres":
        database = args.db_prefix + ("_wagtail" if site == "wagtail" else "")
    for port, (mode, switches) in enumerate(modes.items(), start=first_port):
        if mode in args.modes:
            pid = running.enter_context(
                gunicorn(python, app, port, args.workers, {**env, **switches}, cwd)
            )
            servers.append(Server(site, mode, port, pid, database))
    return servers


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="placard-bench-"))
    wagtail = None
    try:
        env, site = build_placard(args, workdir)
        if args.build_only:
            args.keep = True
            for name, value in sorted(env.items()):
                if name.startswith(("DJANGO_", "DATABASE_URL", "PYTHONPATH")):
                    print(f"export {name}={value}")
            print(json.dumps(site["pages"], indent=1))
            steps = ", ".join(f"{step} {value:.0f} s" for step, value in site["seconds"].items())
            print(f"# build: {steps}")
            return
        if not args.skip_wagtail:
            wagtail = build_wagtail(args, workdir)
        with contextlib.ExitStack() as running:
            servers = serve(running, args, "placard", PLACARD_MODES, args.port, sys.executable,
                            "site_config.wsgi:application", env, ROOT)  # fmt: skip
            if "deep-list" in args.pages:
                wanted = site["pages"]["deep-list"]
                site["pages"]["deep-list"] = deepest_page(servers[0].url, wanted)
                site["deep page wanted"] = wanted
            if {"sitemap-index", "sitemap"} & set(args.pages):
                log("Placard: read the sitemaps")
                site["sitemaps"] = explore_sitemaps(servers[0].url)
                site["pages"].update(site["sitemaps"]["pages"])
            for server in servers:
                server.pages = placard_pages(args, site, server.mode)
            queries = count_placard_queries(args, env, site, workdir)
            if wagtail:
                wagtail_env, wagtail_pages, queries["wagtail"], _seconds = wagtail
                for server in serve(running, args, "wagtail", WAGTAIL_MODES, args.port + 3,
                                    str(WAGTAIL_VENV / "bin" / "python"),
                                    "wagtail_bench.wsgi:application", wagtail_env,
                                    WAGTAIL_SITE):  # fmt: skip
                    server.pages = [Page(name, path) for name, path in wagtail_pages.items()
                                    if name in args.pages]  # fmt: skip
                    servers.append(server)
            load = Load(args.duration, args.connections)
            rows = measure(servers, args, load)
            single = one_reader(servers, load)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if args.database == "postgres":
                drop_database(args.db_prefix)
                drop_database(args.db_prefix + "_wagtail")
    builds = {"Placard": site["seconds"]}
    if wagtail:
        builds["Wagtail"] = {"whole build": wagtail[3]}
    print_report(args, rows, single, queries, site, builds, time.monotonic() - started)
    if args.json:
        results = {"rows": rows, "one reader": single, "queries": queries}
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
