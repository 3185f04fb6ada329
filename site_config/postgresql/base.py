"""PostgreSQL with a client-side limit on every call, so a stalled server fails a request
in seconds instead of holding a worker until gunicorn kills it.

`statement_timeout` (settings) is enforced by the server, so it cannot fire when the
server, or something between it and us, accepts the connection and never answers: the
client would wait on its socket for ever, in a query, a commit or the health check of a
kept connection. Here each such call is registered with a deadline a little past the
server's own limit; one watchdog thread per process shuts the socket of any call that
overruns, and the call fails at once with a database error (the error page for a reader).
"""

import os
import socket
import threading
import time
from contextlib import contextmanager

from django.db.backends.postgresql import base

# Seconds a call may take beyond the server's statement timeout before its socket is cut.
GRACE_SECONDS = 2
WATCH_EVERY_SECONDS = 0.25


class Watchdog:
    """Calls in progress, each with its deadline; cuts the socket of any that overruns."""

    def __init__(self):
        self.calls = {}
        self.lock = threading.Lock()
        self.thread = None

    def start(self):
        with self.lock:
            if self.thread is None or not self.thread.is_alive():  # a fork has none
                self.thread = threading.Thread(target=self.watch, name="db-watchdog", daemon=True)
                self.thread.start()

    @contextmanager
    def guard(self, wrapper, seconds):
        self.start()
        token = object()
        self.calls[token] = (wrapper, time.monotonic() + seconds)
        try:
            yield
        finally:
            self.calls.pop(token, None)

    def watch(self):
        while True:
            time.sleep(WATCH_EVERY_SECONDS)
            now = time.monotonic()
            for token, (wrapper, deadline) in list(self.calls.items()):
                if deadline <= now and self.calls.pop(token, None) is not None:
                    cut(wrapper)


def cut(wrapper):
    """Shut the connection's socket: the call blocked on it returns with an error."""
    connection = wrapper.connection
    if connection is None:
        return
    try:
        descriptor = connection.pgconn.socket
        with socket.socket(fileno=os.dup(descriptor)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # noqa: BLE001, S110 - already closed: nothing left to cut
        pass


watchdog = Watchdog()


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._guarded_execute)

    @property
    def call_limit(self):
        """The server's statement timeout (from the connection options, or from the
        settings when a pooler keeps it out of them) plus a grace."""
        options = self.settings_dict.get("OPTIONS", {}).get("options", "")
        milliseconds = self.settings_dict.get("STATEMENT_TIMEOUT_MS", 0)
        for part in options.split():
            if part.startswith("statement_timeout="):
                milliseconds = int(part.split("=", 1)[1] or 0)
        if not milliseconds:
            return None  # no limit asked for (e.g. a long data migration)
        return milliseconds / 1000 + GRACE_SECONDS

    @contextmanager
    def _guard(self):
        limit = self.call_limit
        if limit is None:
            yield
            return
        with watchdog.guard(self, limit):
            yield

    def _guarded_execute(self, execute, sql, params, many, context):
        with self._guard():
            return execute(sql, params, many, context)

    def is_usable(self):
        with self._guard():
            return super().is_usable()

    def _commit(self):
        with self._guard():
            return super()._commit()

    def _rollback(self):
        with self._guard():
            return super()._rollback()
