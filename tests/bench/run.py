#!/usr/bin/env python3
"""Benchmark kit: Placard against a trivial Django view and an equivalent Wagtail site.

    python3 tests/bench/run.py [--articles 2000] [--database sqlite|postgres]
                               [--duration 10] [--connections 4] [--skip-wagtail]

Builds a fresh site with N published articles in a temporary folder (or in the
`placard_bench` PostgreSQL database), collects static files, serves it with gunicorn
(2 sync workers, debug off) with the page cache on and then off, measures every page type
with wrk, and does the same for a minimal Wagtail site installed from PyPI into
tests/bench/.venv-wagtail. Prints requests/s, p50/p95/p99 latency and queries per page,
the Placard ÷ Wagtail ratios, and whether the targets of issue 6 are met.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parents[1]
WAGTAIL_SITE = BENCH / "wagtail_site"
WAGTAIL_VENV = BENCH / ".venv-wagtail"
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
PORT = 18431  # and the next three: Placard uncached, cached; Wagtail uncached, cached
WORKERS = 2


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(command, env, cwd=ROOT, capture=False):
    result = subprocess.run(command, env=env, cwd=cwd, text=True, capture_output=True, check=False)
    if result.returncode:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stdout}\n{result.stderr}")
    return result.stdout if capture else None


def recreate_database(name):
    import psycopg

    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name):
    import psycopg

    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(args, workdir, name):
    if args.database == "postgres":
        recreate_database(name)
        return POSTGRES + name
    return f"sqlite:///{workdir / (name + '.sqlite3')}"


@contextlib.contextmanager
def gunicorn(executable, app, port, env, cwd):
    command = [
        executable, app, "--workers", str(WORKERS), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=cwd, start_new_session=True)
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/static/none", timeout=2)
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit(f"gunicorn stopped: {' '.join(command)}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url, args, warm=True, connections=None):
    """Warm up, then measure; returns requests/s and latency percentiles in ms."""
    connections = connections or args.connections
    base = ["wrk", "-t1", f"-c{connections}", "-s", str(BENCH / "report.lua"), "--latency"]
    if warm:
        subprocess.run([*base, "-d2s", url], capture_output=True, check=True)
    output = subprocess.run(
        [*base, f"-d{args.duration}s", url], capture_output=True, text=True, check=True
    ).stdout
    numbers = dict(re.findall(r"(\w+)=(\d+)", output.split("BENCH", 1)[1]))
    numbers = {key: int(value) for key, value in numbers.items()}
    return {
        "rps": numbers["requests"] / (numbers["duration"] / 1e6),
        **{key: numbers[key] / 1000 for key in ("p50", "p90", "p95", "p99")},
        "errors": numbers["non2xx3xx"] + numbers["socket"],
    }


def measure_all(targets, args):
    """Measure every (site, mode, page) in `args.rounds` interleaved rounds; keep the median.

    All servers run side by side (idle workers cost nothing), so a burst of load from
    another process hits every page alike instead of one page type.
    """
    samples = {}
    for round_number in range(args.rounds):
        for site, mode, base, pages, queries in targets:
            for page, path in pages.items():
                key = (site, page, mode)
                if round_number == 0:
                    status = status_of(base + path)
                    samples[key] = {"site": site, "page": page, "mode": mode, "path": path,
                                    "status": status, "runs": [],
                                    "queries": (queries or {}).get(page)}  # fmt: skip
                if samples[key]["status"] == 404:
                    samples[key]["missing"] = True
                    continue
                samples[key]["runs"].append(wrk(base + path, args, warm=round_number == 0))
        log(f"round {round_number + 1} of {args.rounds} done")
    # Latency of one reader at a time: with more connections than workers, wrk's figures
    # include the wait behind other requests.
    for site, mode, base, _pages, _queries in targets:
        for page in ("article list", "search"):
            row = samples.get((site, page, mode))
            if site == "placard" and mode == "uncached" and row and not row.get("missing"):
                single = wrk(base + row["path"], args, warm=False, connections=1)
                row["single"] = {key: single[key] for key in ("rps", "p50", "p95", "p99")}
    results = []
    for row in samples.values():
        runs = sorted(row.pop("runs"), key=lambda run: run["rps"])
        if runs:
            row.update(runs[len(runs) // 2])
            row["spread"] = (runs[0]["rps"], runs[-1]["rps"])
        results.append(row)
    return results


def static_path(static_root):
    manifest = static_root / "staticfiles.json"
    if manifest.exists():
        return "/static/" + json.loads(manifest.read_text())["paths"]["css/site.css"]
    return "/static/css/site.css"


def bench_placard(args, workdir):
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
        "DATABASE_URL": database_url(args, workdir, "placard_bench"),
        "CACHE_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    python = sys.executable
    started = time.monotonic()
    log("Placard: migrate")
    run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
    log(f"Placard: build {args.articles} articles")
    urls_file = workdir / "urls.json"
    run([python, "-m", "tests.bench.content", "--articles", str(args.articles),
         "--out", str(urls_file)], env)  # fmt: skip
    build_seconds = time.monotonic() - started
    run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    pages = json.loads(urls_file.read_text())
    pages["static file"] = static_path(workdir / "static")
    pages["trivial view"] = "/bench/trivial/"
    log("Placard: count queries")
    queries = json.loads(
        run(
            [python, "-m", "tests.bench.queries", str(urls_file)],
            {**env, "PLACARD_PAGE_CACHE": "off"},
            capture=True,
        )  # fmt: skip
    )
    return build_seconds, env, pages, queries


def wagtail_env(args, workdir):
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
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wagtail_bench.settings",
        "DATABASE_URL": database_url(args, workdir, "placard_bench_wagtail"),
        "DJANGO_STATIC_ROOT": str(workdir / "wagtail-static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "wagtail-media"),
        "PLACARD_ROOT": str(ROOT),
        "PYTHONPATH": str(WAGTAIL_SITE),
    }


def bench_wagtail(args, workdir):
    env = wagtail_env(args, workdir)
    python = str(WAGTAIL_VENV / "bin" / "python")
    started = time.monotonic()
    log("Wagtail: migrate")
    run([python, "manage.py", "migrate", "--noinput", "-v0"], env, cwd=WAGTAIL_SITE)
    log(f"Wagtail: build {args.articles} news pages")
    pages = json.loads(
        run([python, "build.py", str(args.articles)], env, cwd=WAGTAIL_SITE, capture=True)
    )
    build_seconds = time.monotonic() - started
    pages = {"news index": pages["news index"], "news page": pages["news page"]}
    log("Wagtail: count queries")
    queries = json.loads(
        run(
            [python, "-c", COUNT_WAGTAIL_QUERIES, json.dumps(pages)],
            env,
            cwd=WAGTAIL_SITE,
            capture=True,
        )  # fmt: skip
    )
    return build_seconds, env, pages, queries


COUNT_WAGTAIL_QUERIES = """
import json, sys, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, url in json.loads(sys.argv[1]).items():
    measured = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        measured.append(len(captured.captured_queries))
    counts[name] = {"status": response.status_code, "cold": measured[0], "warm": measured[1]}
print(json.dumps(counts))
"""


def format_queries(row):
    counted = row.get("queries")
    if not counted or row["mode"] != "uncached":
        return ""
    if counted["cold"] == counted["warm"]:
        return str(counted["warm"])
    return f"{counted['warm']} (cold {counted['cold']})"


def print_table(results):
    header = f"{'site':8} {'page':15} {'mode':9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} " \
             f"{'p99 ms':>8} {'errors':>6} {'req/s range':>12}  queries"  # fmt: skip
    print(header)
    print("-" * len(header))
    for row in results:
        if row.get("missing"):
            print(f"{row['site']:8} {row['page']:15} {row['mode']:9} {'missing (404)':>8}")
            continue
        print(
            f"{row['site']:8} {row['page']:15} {row['mode']:9} {row['rps']:8.0f} "
            f"{row['p50']:8.2f} {row['p95']:8.2f} {row['p99']:8.2f} {row['errors']:6d} "
            f"{'{:.0f}–{:.0f}'.format(*row['spread']):>12}  "
            f"{format_queries(row)}"
        )


def find(results, site, page, mode):
    for row in results:
        if (row["site"], row["page"], row["mode"]) == (site, page, mode):
            return None if row.get("missing") else row
    return None


def ratio(results, ours, theirs, mode):
    a, b = find(results, "placard", ours, mode), find(results, "wagtail", theirs, mode)
    return a["rps"] / b["rps"] if a and b else None


def print_verdict(results, args):
    print()
    lines = []
    for mode in ("uncached", "cached"):
        for ours, theirs in (("article list", "news index"), ("article page", "news page")):
            value = ratio(results, ours, theirs, mode)
            if value is not None:
                print(f"Placard ÷ Wagtail, {ours} vs {theirs}, {mode}: {value:.1f}×")
    print()

    def verdict(name, met, detail):
        state = "n/a " if met is None else ("MET " if met else "MISS")
        lines.append(f"[{state}] {name}: {detail}")

    for ours, theirs, target in (
        ("article list", "news index", 5),
        ("article page", "news page", 3),
    ):
        value = ratio(results, ours, theirs, "uncached")
        verdict(f"uncached {ours} ≥ {target}× Wagtail {theirs}",
                None if value is None else value >= target,
                "Wagtail not measured" if value is None else f"{value:.1f}×")  # fmt: skip
    floor = find(results, "placard", "trivial view", "cached")
    for row in results:
        if row["site"] != "placard" or row["mode"] != "cached":
            continue
        if row["page"] in ("trivial view", "static file"):
            continue
        if row.get("missing"):
            verdict(f"cached {row['page']} ≥ 0.7× trivial view", False, "page missing (404)")
            continue
        share = row["rps"] / floor["rps"]
        verdict(f"cached {row['page']} ≥ 0.7× trivial view", share >= 0.7,
                f"{share:.2f}× ({row['rps']:.0f} vs {floor['rps']:.0f} req/s)")  # fmt: skip
    large = args.database == "postgres" and args.articles >= 100_000
    for page in ("article list", "search"):
        row = find(results, "placard", page, "uncached")
        if row is None:
            detail, met = "page missing (404)", False
        else:
            single = row["single"]
            detail = (
                f"p95 {single['p95']:.1f} ms uncached with one connection; "
                f"{row['p95']:.1f} ms with {args.connections} (queued behind each other)"
            )
            met = single["p95"] < 50
        if not large:
            detail += " (the target is for 100,000 articles on PostgreSQL)"
        verdict(f"{page} p95 < 50 ms at 100,000 articles on PostgreSQL", met if large else None,
                detail)  # fmt: skip
    for row in results:
        if row["site"] == "placard" and row["mode"] == "uncached" and row.get("queries"):
            warm, cold = row["queries"]["warm"], row["queries"]["cold"]
            if row["page"] == "trivial view":
                continue
            if row["queries"]["status"] == 404:
                verdict(f"{row['page']} ≤ 8 queries uncached", False, "page missing (404)")
                continue
            verdict(f"{row['page']} ≤ 8 queries uncached", max(warm, cold) <= 8,
                    f"{warm} warm, {cold} cold")  # fmt: skip
    print("Targets:")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; median kept")
    parser.add_argument("--skip-wagtail", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--build-only", action="store_true", help="build Placard's site, print its settings, stop"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="placard-bench-"))
    try:
        placard_build, placard_env, pages, queries = bench_placard(args, workdir)
        if args.build_only:
            args.keep = True
            names = ("DJANGO_", "DATABASE_URL", "PYTHONPATH")
            for name, value in sorted(placard_env.items()):
                if name.startswith(names):
                    print(f"export {name}={value}")
            print(json.dumps(pages, indent=1), json.dumps(queries, indent=1), sep="\n")
            return
        wagtail_build = None
        if not args.skip_wagtail:
            wagtail_build, wagtail_env_, news_pages, news_queries = bench_wagtail(args, workdir)
        with contextlib.ExitStack() as servers:
            targets = []
            for mode, switch, port in (("uncached", "off", PORT), ("cached", "on", PORT + 1)):
                base = servers.enter_context(gunicorn(
                    shutil.which("gunicorn") or "gunicorn", "site_config.wsgi:application", port,
                    {**placard_env, "PLACARD_PAGE_CACHE": switch}, ROOT))  # fmt: skip
                targets.append(("placard", mode, base, pages, queries))
            if not args.skip_wagtail:
                for mode, switch, port in (
                    ("uncached", "off", PORT + 2),
                    ("cached", "on", PORT + 3),
                ):
                    base = servers.enter_context(gunicorn(
                        str(WAGTAIL_VENV / "bin" / "gunicorn"), "wagtail_bench.wsgi:application",
                        port, {**wagtail_env_, "BENCH_CACHE": switch}, WAGTAIL_SITE))  # fmt: skip
                    targets.append(("wagtail", mode, base, news_pages, news_queries))
            results = measure_all(targets, args)
    finally:
        if args.database == "postgres" and not args.keep:
            drop_database("placard_bench")
            drop_database("placard_bench_wagtail")
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"kept {workdir}")
    commit = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(f"\nPlacard benchmark: {args.articles} articles on {args.database}, gunicorn "
          f"{WORKERS} sync workers, wrk -t1 -c{args.connections} -d{args.duration}s, "
          f"median of {args.rounds} interleaved rounds, "
          f"at {commit}")  # fmt: skip
    print(
        f"Load average at the end (other processes skew absolute figures): "
        f"{' '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )
    print(f"Build: Placard {placard_build:.0f} s"
          + ("" if wagtail_build is None else f", Wagtail {wagtail_build:.0f} s")
          + f"; whole run {time.monotonic() - started:.0f} s\n")  # fmt: skip
    print_table(results)
    print_verdict(results, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
