"""Serving and measuring: gunicorn servers, wrk runs, and the CPU time their workers use.

CPU time per request is read from /proc: the user and system time of each gunicorn
worker (the master's children) before and after a wrk run, once the workers are idle,
divided by the requests wrk sent: those it completed, and one per connection still open
when it stopped (the workers finish those after wrk has gone). It is steadier than
requests per second on a machine shared with other work. On PostgreSQL the database
processes serving the workers are measured the same way.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPORT_SCRIPT = BENCH / "report.lua"
SEARCH_SCRIPT = BENCH / "search.lua"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
POSTGRES = "postgres://postgres@127.0.0.1:5432/"


@dataclass
class Page:
    """One address to measure; `varied` pages take their addresses in turn from a file."""

    name: str
    path: str
    varied: Path | None = None


@dataclass
class Server:
    site: str
    mode: str
    port: int
    pid: int
    database: str | None = None  # PostgreSQL: the database's name
    pages: list = field(default_factory=list)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def gunicorn(python, app, port, workers, env, cwd):
    """Serve `app` with `workers` sync workers on 127.0.0.1:`port`; yields the master's pid."""
    if port_in_use(port):
        sys.exit(f"port {port} is already in use: choose other ports with --port")
    command = [
        python, "-m", "gunicorn", app, "--workers", str(workers), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--timeout", "300", "--no-control-socket",
        "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=cwd, start_new_session=True)
    try:
        for _ in range(300):
            if server.poll() is not None:
                sys.exit(f"gunicorn stopped: {' '.join(command)}")
            if status_of(f"http://127.0.0.1:{port}/robots.txt") is not None:
                break
            time.sleep(0.2)
        yield server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def status_of(url):
    """The HTTP status of `url`, or None if nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def processes():
    """(pid, parent pid, CPU seconds used so far: user + system) of every process."""
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:  # it ended meanwhile
                continue
            # After "pid (name)": state, ppid, ..., utime and stime are the 12th and 13th.
            fields = stat.rsplit(")", 1)[1].split()
            yield int(entry.name), int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def worker_seconds(master):
    """CPU seconds used so far by each child of process `master`, by pid."""
    return {pid: seconds for pid, parent, seconds in processes() if parent == master}


def database_seconds(database):
    """CPU seconds used so far by each PostgreSQL process serving a client of `database`,
    by pid (gunicorn's workers keep their connections; autovacuum and parallel query
    workers are not counted)."""
    import psycopg

    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = %s AND backend_type = 'client backend'",
            [database],
        ).fetchall()
    backends = {pid for (pid,) in rows}
    return {pid: seconds for pid, _parent, seconds in processes() if pid in backends}


def spent(before, after):
    return sum(seconds - before.get(pid, 0) for pid, seconds in after.items())


def open_connections(port):
    """How many connections to 127.0.0.1:`port` are waiting or being answered."""
    waiting_or_answered = {"01", "03", "08"}  # established, SYN received, close-wait
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(
        1
        for line in lines
        if int(line.split()[1].split(":")[1], 16) == port and line.split()[3] in waiting_or_answered
    )


def settle(server):
    """Wait until `server` has answered every request sent; returns the CPU seconds of
    its workers and of their database processes, by pid."""
    for _ in range(3000):
        if not open_connections(server.port):
            break
        time.sleep(0.1)
    used = worker_seconds(server.pid)
    return used, database_seconds(server.database) if server.database else {}


class Load:
    """Runs wrk; remembers how far each list of varied addresses has been used, so that
    no address is requested twice in one benchmark."""

    def __init__(self, duration, connections):
        self.duration = duration
        self.connections = connections
        self.used = {}

    def wrk(self, url, page, duration, connections):
        command = [
            "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "60s",
            "--latency", "-s", str(SEARCH_SCRIPT if page.varied else REPORT_SCRIPT),
            url + page.path,
        ]  # fmt: skip
        if page.varied:
            # The first address has been requested already, to check the page exists.
            command += ["--", str(page.varied), str(self.used.setdefault(page.varied, 1))]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        numbers = {
            key: int(value)
            for key, value in re.findall(r"(\w+)=(\d+)", output.split("BENCH", 1)[1])
        }
        if page.varied:
            # Requests still open when wrk stopped were sent too.
            self.used[page.varied] += numbers["requests"] + connections
        return numbers

    def measure(self, server, page, warm=False, connections=None):
        """Requests/s, latency percentiles (ms), errors and CPU ms per request of `page`."""
        connections = connections or self.connections
        if warm:
            self.wrk(server.url, page, 2, connections)
        workers, database = settle(server)
        numbers = self.wrk(server.url, page, self.duration, connections)
        workers_after, database_after = settle(server)
        requests = numbers["requests"] + connections
        return {
            "rps": numbers["requests"] / (numbers["duration"] / 1e6),
            "cpu": spent(workers, workers_after) * 1000 / requests,
            "database cpu": spent(database, database_after) * 1000 / requests,
            **{key: numbers[key] / 1000 for key in ("p50", "p90", "p95", "p99")},
            "errors": numbers["non2xx3xx"] + numbers["socket"],
        }
