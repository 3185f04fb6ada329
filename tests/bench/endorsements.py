#!/usr/bin/env python3
"""Benchmark: what signatures pouring in cost the readers.

    python3 tests/bench/endorsements.py [--articles 200] [--database sqlite|postgres]
                                        [--duration 20] [--connections 8] [--rate 2]
                                        [--rounds 3]
                                        [--port 18451] [--redis redis://127.0.0.1:6379/10]

Builds the benchmark site (tests/bench/content.py), serves it with gunicorn (2 sync
workers, debug off, page cache in Redis) and measures readers with wrk on a mix of pages
(every article page of the first list pages, the home page, the article list and the
statement being signed) with no signatures, and while signatures arrive at `--rate` per
second through the public form and their confirmation links, as a campaign's sign-ups do,
in interleaved rounds. Prints the medians of requests/s, latency, the page-cache hit ratio
and the server's CPU time per request (the steadier figure on a shared machine) for both,
and the share of throughput kept (target: at least 80 %).
"""

import argparse
import contextlib
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parents[1]
sys.path.insert(0, str(ROOT))

from tests.bench.run import database_url, gunicorn, log, run  # noqa: E402

TARGET = 0.8
SIGNER_NUMBERS = itertools.count(1)


def server_env(args, workdir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DATABASE_URL": database_url(args, workdir, "placard_bench_endorse"),
        "CACHE_URL": args.redis,
        # Many signers share the benchmark's one address; the limits are not measured here.
        "PLACARD_ENDORSE_LIMIT_PER_IP": "1000000",
        "PLACARD_TASKS": "database",
        "PYTHONPATH": str(ROOT),
    }


def reader_paths(env):
    """The pages readers ask for: article pages, lists, and the statement being signed."""
    script = (
        "import django, json; django.setup()\n"
        "from articles.models import Article\n"
        "from statements.models import Statement\n"
        "articles = [a.get_absolute_url() for a in Article.objects.published()[:40]]\n"
        "statement = Statement.objects.published().order_by('-publish_at').first()\n"
        "print(json.dumps({'articles': articles, 'statement': statement.slug}))\n"
    )
    found = json.loads(run([sys.executable, "-c", script], env, capture=True))
    paths = [*found["articles"], "/", "/articles/", f"/statements/{found['statement']}/"]
    return paths, found["statement"]


MIX_LUA = """
-- wrk script: cycles through the paths given after --, counts page-cache hits.
-- (Globals, not locals: done() reads each thread's counters through thread:get.)
paths, index, hits, seen = {}, 0, 0, 0
init = function(args) for _, path in ipairs(args) do table.insert(paths, path) end end
request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
response = function(status, headers, body)
  seen = seen + 1
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local all_hits, all_seen = 0, 0
  for _, thread in ipairs(threads) do
    all_hits = all_hits + thread:get("hits")
    all_seen = all_seen + thread:get("seen")
  end
  io.write(string.format(
    "BENCH requests=%d duration=%d p50=%d p99=%d errors=%d hits=%d seen=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.timeout, all_hits, all_seen))
end
"""


def cpu_seconds(root_pid):
    """User and system time of gunicorn's master and workers so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            # fields[2] is the parent, [11]/[12] user and system time (after pid and comm).
            if int(entry.name) == root_pid or int(fields[1]) == root_pid:
                total += int(fields[11]) + int(fields[12])
    return total / ticks


def gunicorn_pid(port):
    output = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    for line in output.splitlines():
        if f"127.0.0.1:{port}" in line and "gunicorn" in line and "--bind" in line:
            return int(line.split()[0])
    raise SystemExit("gunicorn not found")


def measure(base, paths, args, lua, pid):
    command = ["wrk", "-t1", f"-c{args.connections}", "-s", str(lua), "--latency"]
    warm = subprocess.run([*command, "-d3s", base, "--", *paths], capture_output=True, text=True)
    if warm.returncode:
        raise SystemExit(f"wrk failed: {warm.stdout}{warm.stderr}")
    cpu_before = cpu_seconds(pid)
    output = subprocess.run(
        [*command, f"-d{args.duration}s", base, "--", *paths],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = cpu_seconds(pid) - cpu_before
    numbers = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", output.split("BENCH", 1)[1])}
    seconds = numbers["duration"] / 1e6
    return {
        "rps": numbers["requests"] / seconds,
        "p50": numbers["p50"] / 1000,
        "p99": numbers["p99"] / 1000,
        "errors": numbers["errors"],
        "hit_ratio": numbers["hits"] / max(1, numbers["seen"]),
        "cpu_ms": 1000 * cpu / max(1, numbers["requests"]),
    }


def median_run(runs):
    """Per figure, the median over the rounds."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


class Signers(threading.Thread):
    """Signs the statement at `rate` per second through the public form, and confirms
    each signature through its link, as signers' browsers do."""

    def __init__(self, base, slug, rate, env):
        super().__init__(daemon=True)
        self.base, self.slug, self.rate, self.env = base, slug, rate, env
        self.stop = threading.Event()
        self.signed = self.confirmed = self.failed = 0

    def run(self):
        # The confirmation links come from the site's own signing code, in a process of
        # its own with the site's settings (the mail they would travel in is not measured).
        helper = subprocess.Popen(
            [sys.executable, "-c", LINKS],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        try:
            while not self.stop.is_set():
                started = time.monotonic()
                number = next(SIGNER_NUMBERS)  # a new address in every round
                email = f"bench-signer-{os.getpid()}-{number}@example.org"
                if self.post(
                    f"/statements/{self.slug}/sign/",
                    {
                        "kind": "individual",
                        "name": f"Bench Signer {number}",
                        "country": "PL",
                        "email": email,
                        "consent_listed": "on",
                    },
                ):
                    self.signed += 1
                    helper.stdin.write(email + "\n")
                    link = helper.stdout.readline().strip()
                    if link and self.confirm(link):
                        self.confirmed += 1
                self.stop.wait(max(0, 1 / self.rate - (time.monotonic() - started)))
        finally:
            helper.stdin.close()
            helper.wait(timeout=10)

    def confirm(self, link):
        """Open the link (a page with a button), then press the button, with its cookie."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        try:
            with opener.open(self.base + link, timeout=30) as response:
                page = response.read().decode()
        except OSError:
            self.failed += 1
            return False
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.post(link, {"csrfmiddlewaretoken": token.group(1)} if token else {}, opener)

    def post(self, path, data, opener=None):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        try:
            with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
                return response.status < 400
        except OSError:
            self.failed += 1
            return False


LINKS = """
import sys, django
django.setup()
from django.urls import reverse
from statements.endorsements import make_token
from statements.models import Endorsement
for line in sys.stdin:
    endorsement = Endorsement.objects.select_related("statement").filter(
        email=line.strip()).first()
    if endorsement is None:
        print("", flush=True)
        continue
    print(reverse("statements:endorsement-confirm", kwargs={
        "slug": endorsement.statement.slug, "token": make_token(endorsement)}), flush=True)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=20, help="seconds of wrk per mode")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rate", type=float, default=2.0, help="signatures per second")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per mode")
    parser.add_argument("--port", type=int, default=18451)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/10")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="placard-bench-endorse-") as folder:
        workdir = Path(folder)
        env = server_env(args, workdir)
        python = sys.executable
        log("migrate and build the site")
        run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([python, "-m", "tests.bench.content", "--articles", str(args.articles),
             "--out", str(workdir / "urls.json")], env)  # fmt: skip
        run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        paths, slug = reader_paths(env)
        lua = workdir / "mix.lua"
        lua.write_text(MIX_LUA)
        run([python, "-c", "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()",
             args.redis], env)  # fmt: skip
        executable = str(Path(python).with_name("gunicorn"))
        if not Path(executable).exists():
            executable = "gunicorn"
        with gunicorn(executable, "site_config.wsgi", args.port, env, ROOT) as base:
            pid = gunicorn_pid(args.port)
            quiet_runs, busy_runs, signed = [], [], [0, 0, 0]
            # Interleaved rounds, the median of each mode: a shared machine's load drifts.
            for round_number in range(1, args.rounds + 1):
                log(f"round {round_number}: readers alone ({len(paths)} pages)")
                quiet_runs.append(measure(base, paths, args, lua, pid))
                log(f"round {round_number}: readers while {args.rate} signatures/s arrive")
                signers = Signers(base, slug, args.rate, env)
                signers.start()
                busy_runs.append(measure(base, paths, args, lua, pid))
                signers.stop.set()
                signers.join(30)
                for index, value in enumerate((signers.signed, signers.confirmed, signers.failed)):
                    signed[index] += value
            quiet, busy = median_run(quiet_runs), median_run(busy_runs)
    print(f"\nReaders: {args.connections} connections, {args.duration} s per mode, "
          f"{len(paths)} pages in turn; {args.database}, page cache in Redis, 2 workers")  # fmt: skip
    print(f"{'mode':<24}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'hits':>7}{'CPU ms/req':>12}"
          f"{'errors':>8}")  # fmt: skip
    for name, row in (("no signatures", quiet), (f"{args.rate:g} signatures/s", busy)):
        print(f"{name:<24}{row['rps']:>8.1f}{row['p50']:>9.1f}{row['p99']:>9.1f}"
              f"{row['hit_ratio']:>7.0%}{row['cpu_ms']:>12.2f}{row['errors']:>8}")  # fmt: skip
    seconds = (args.duration + 3) * args.rounds
    print(f"signatures: {signed[0]} signed, {signed[1]} confirmed, {signed[2]} failed, "
          f"in about {seconds} s of signing")  # fmt: skip
    kept = busy["rps"] / quiet["rps"]
    verdict = "met" if kept >= TARGET else "NOT met"
    print(f"throughput kept: {kept:.0%} (target {TARGET:.0%}: {verdict}); by CPU per request: "
          f"{quiet['cpu_ms'] / busy['cpu_ms']:.0%}")  # fmt: skip


if __name__ == "__main__":
    main()
