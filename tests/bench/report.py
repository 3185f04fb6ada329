"""What the benchmark prints: the table, the Placard ÷ Wagtail ratios in cold mode, and
the targets of issue 13 as MET, MISS or n/a."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELS = {
    "home": "home",
    "list": "article list",
    "deep-list": "article list, deep page",
    "article": "article page",
    "statement": "statement page",
    "events": "events list",
    "search": "search, a common word",
    "search-varied": "search, varied queries",
    "sitemap-index": "sitemap index",
    "sitemap": "sitemap page",
    "static": "static file",
    "trivial": "trivial view",
}
WAGTAIL_LABELS = {"list": "news index", "article": "news page"}
MODES = ("cold", "fragments", "cached")
# Pages whose latency is measured for one reader at a time, and its limit (ms, p95).
ONE_READER = {
    "list": 20,
    "deep-list": 20,
    "search": 50,
    "search-varied": 50,
    "sitemap-index": 200,
    "sitemap": 200,
}
CPU_LIMIT_MS = 4
CPU_PAGES = ("home", "statement", "events", "search", "search-varied")
QUERY_LIMIT = 8
RATIO_TARGET = 4


def label(row):
    return (WAGTAIL_LABELS if row["site"] == "wagtail" else LABELS)[row["page"]]


def queries_of(row, queries):
    counted = queries.get("wagtail" if row["site"] == "wagtail" else row["mode"], {})
    counted = counted.get(row["page"])
    if not counted:
        return ""
    if "after change" not in counted:
        return str(counted["warm"])
    return f"{counted['warm']} / {counted['after change']}"


def ordered(rows):
    def position(row):
        site = 0 if row["site"] == "placard" else 1
        return list(LABELS).index(row["page"]), site, MODES.index(row["mode"])

    return sorted(rows, key=position)


def line(*columns, database):
    """One line of the table, from its columns as text; on SQLite without the database's
    CPU time (part of the workers' time there)."""
    page, site, mode, rps, cpu, db, p50, p95, p99, errors, spread, queries = columns
    db = "" if database == "sqlite" else f" {db:>7}"
    return (
        f"{page:24} {site:8} {mode:9} {rps:>6} {cpu:>7}{db} {p50:>7} {p95:>7} {p99:>7} "
        f"{errors:>6} {spread:>11}  {queries}"
    )


def print_table(rows, queries, database):
    header = line("page", "site", "mode", "req/s", "CPU ms", "DB ms", "p50 ms", "p95 ms",
                  "p99 ms", "errors", "req/s range", "queries", database=database)  # fmt: skip
    print(header)
    print(line("", "", "", "", "per req", "per req", "", "", "", "", "",
               "warm / after change", database=database))  # fmt: skip
    print("-" * len(header))
    for row in ordered(rows):
        if "rps" not in row:
            print(f"{label(row):24} {row['site']:8} {row['mode']:9} answers {row['status']}")
            continue
        figures = [f"{row[name]:.1f}" for name in ("cpu", "database cpu", "p50", "p95", "p99")]
        print(line(label(row), row["site"], row["mode"], f"{row['rps']:.0f}", *figures,
                   str(row["errors"]), "{:.0f}–{:.0f}".format(*row["spread"]),
                   queries_of(row, queries), database=database))  # fmt: skip


def print_one_reader(single, database):
    if not single:
        return
    print("\nOne reader at a time (wrk -c1), cold:")
    for name, measured in single.items():
        db = "" if database == "sqlite" else f" + {measured['database cpu']:.1f} ms database"
        print(
            f"  {LABELS[name]:24} p50 {measured['p50']:7.1f} ms  p95 {measured['p95']:7.1f} ms  "
            f"p99 {measured['p99']:7.1f} ms  {measured['rps']:5.0f} req/s  "
            f"CPU {measured['cpu']:.1f} ms{db} per request"
        )


def find(rows, site, page, mode):
    for row in rows:
        if (row["site"], row["page"], row["mode"]) == (site, page, mode) and "rps" in row:
            return row
    return None


def ratios(rows, mode):
    """{page: (req/s ratio, CPU ratio)} of Placard against Wagtail in `mode`."""
    found = {}
    for page in WAGTAIL_LABELS:
        ours, theirs = find(rows, "placard", page, mode), find(rows, "wagtail", page, mode)
        if ours and theirs:
            found[page] = (ours["rps"] / theirs["rps"], theirs["cpu"] / max(ours["cpu"], 1e-3))
    return found


def print_ratios(rows):
    for mode, title in (("cold", "cold, the headline"), ("cached", "cached")):
        found = ratios(rows, mode)
        if found:
            print(f"\nPlacard ÷ Wagtail, {title}:")
        for page, (rps, cpu) in found.items():
            print(
                f"  {LABELS[page]} vs {WAGTAIL_LABELS[page]}: {rps:.1f}× the requests/s; "
                f"Wagtail uses {cpu:.1f}× the CPU per request"
            )


def verdict(name, met, detail):
    return ("n/a " if met is None else "MET " if met else "MISS", name, detail)


def ratio_targets(rows, **_):
    cold = ratios(rows, "cold")
    for page in WAGTAIL_LABELS:
        value = cold.get(page, (None,))[0]
        yield verdict(
            f"cold {LABELS[page]} ≥ {RATIO_TARGET}× Wagtail's {WAGTAIL_LABELS[page]} (req/s)",
            None if value is None else value >= RATIO_TARGET,
            "not measured" if value is None else f"{value:.1f}×",
        )


def cpu_targets(args, rows, **_):
    size_note = "" if args.articles == 2000 else " (the target is set at 2,000 articles)"
    for page in CPU_PAGES:
        if page not in args.pages or "cold" not in args.modes:
            continue
        row = find(rows, "placard", page, "cold")
        used = row and row["cpu"] + row["database cpu"]
        detail = "page missing" if row is None else f"{used:.1f} ms"
        if row and row["database cpu"]:
            detail += f" ({row['cpu']:.1f} in gunicorn, {row['database cpu']:.1f} in the database)"
        yield verdict(
            f"cold {LABELS[page]} ≤ {CPU_LIMIT_MS} ms CPU per request",
            row is not None and used <= CPU_LIMIT_MS,
            detail + size_note,
        )


def query_targets(queries, **_):
    for page in LABELS:
        counts = {mode: queries[mode][page] for mode in MODES if page in queries.get(mode, {})}
        if not counts:
            continue
        worst = max(max(count["warm"], count["after change"]) for count in counts.values())
        yield verdict(
            f"{LABELS[page]} ≤ {QUERY_LIMIT} queries, warm / after a change",
            worst <= QUERY_LIMIT and all(count["status"] == 200 for count in counts.values()),
            ", ".join(
                f"{mode} {count['warm']}/{count['after change']}" for mode, count in counts.items()
            ),
        )


def latency_targets(args, single, **_):
    """p95 for one reader, cold: lists and search at 100,000 articles on PostgreSQL, the
    sitemaps at any size."""
    large = args.database == "postgres" and args.articles >= 100_000
    for page, limit in ONE_READER.items():
        if page not in args.pages or "cold" not in args.modes:
            continue
        if page.startswith("search") and args.articles >= 1_000_000:
            limit = 100
        judged = large or page.startswith("sitemap")
        measured = single.get(page)
        detail = "page missing" if measured is None else f"p95 {measured['p95']:.1f} ms"
        if not judged:
            detail += " (the target is for 100,000 articles on PostgreSQL)"
        yield verdict(
            f"cold {LABELS[page]} p95 < {limit} ms, one reader",
            (measured is not None and measured["p95"] < limit) if judged else None,
            detail,
        )


def sitemap_targets(args, site, **_):
    if "sitemaps" in site:
        sitemaps = site["sitemaps"]
        yield verdict(
            "sitemaps list every article, at most 50,000 addresses a file",
            sitemaps["urls"] >= args.articles and sitemaps["largest"] <= 50_000,
            f"{sitemaps['urls']:,} addresses in {sitemaps['files']} file(s) for "
            f"{args.articles:,} articles; the largest lists {sitemaps['largest']:,}",
        )


def cache_targets(rows, **_):
    """Issue 6: a page the page cache serves answers about as fast as a trivial view."""
    floor = find(rows, "placard", "trivial", "cached")
    for page in CPU_PAGES:
        row = find(rows, "placard", page, "cached")
        if floor and row and page != "search-varied":  # a new query is never cached
            share = row["rps"] / floor["rps"]
            yield verdict(
                f"cached {LABELS[page]} ≥ 0.7× trivial view (req/s, issue 6)",
                share >= 0.7,
                f"{share:.2f}×",
            )


TARGETS = (ratio_targets, cpu_targets, query_targets, latency_targets, sitemap_targets,
           cache_targets)  # fmt: skip


def print_report(args, rows, single, queries, site, builds, whole_seconds):
    commit = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(
        f"\nPlacard benchmark: {args.articles:,} articles"
        f"{f' ({args.paragraphs} paragraphs longer)' if args.paragraphs else ''} on "
        f"{args.database}, gunicorn "
        f"{args.workers} sync workers, wrk -t1 -c{args.connections} -d{args.duration}s, median "
        f"of {args.rounds} interleaved rounds, at {commit}"
    )
    print(
        "Modes: cold = page cache and fragment cache off; fragments = fragment cache on; "
        "cached = both on (Wagtail: Django's cache middleware)"
    )
    print(
        "Load average at the end (other processes skew absolute figures): "
        + " ".join(f"{value:.2f}" for value in os.getloadavg())
    )
    for name, seconds in builds.items():
        steps = ", ".join(f"{step} {value:.0f} s" for step, value in seconds.items())
        print(f"Build, {name}: {steps}")
    print(f"Whole run: {whole_seconds:.0f} s\n")
    print_table(rows, queries, args.database)
    pages = site["pages"]
    notes = []
    if "deep-list" in args.pages:
        notes.append(f"deep page {pages['deep-list']}")
        if pages["deep-list"] != site["deep page wanted"]:
            notes[-1] += f", the deepest the list shows ({site['deep page wanted']} answers 404)"
    if "search-varied" in args.pages:
        notes.append(
            f"varied search: a new query each request, from {len(site['search queries']):,}"
        )
    if site.get("sitemaps", {}).get("pages", {}).get("sitemap"):
        notes.append(f"sitemap page {pages['sitemap']} ({site['sitemaps']['largest']:,} addresses)")
    if notes:
        print("\n" + "; ".join(notes))
    print_one_reader(single, args.database)
    print_ratios(rows)
    print("\nTargets (issue 13):")
    for targets in TARGETS:
        for state, name, detail in targets(
            args=args, rows=rows, single=single, queries=queries, site=site
        ):
            print(f"[{state}] {name}: {detail}")
