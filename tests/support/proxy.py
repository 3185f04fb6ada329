"""A TCP proxy on loopback whose behaviour can be switched while it runs, for fault tests.

It stands between the site and a service (Redis, PostgreSQL, a mail server) and plays
one of three parts, switched at run time:

- `pass`: bytes go both ways, as if the proxy were not there;
- `cut`: every open connection is reset and every new one is reset as soon as it
  arrives, as when the service has gone away;
- `stall`: connections are accepted and held open, but no byte moves in either
  direction, on new and open connections alike, as when the service has frozen. Back in
  `pass`, what was held goes through, as when a frozen service resumes.

`set_mode()` returns once every connection obeys the new mode, so that a test knows the
fault is in place when it acts. `stop()` closes everything and joins every thread.
"""

import contextlib
import select
import socket
import struct
import threading

PASS, CUT, STALL = "pass", "cut", "stall"
MODES = (PASS, CUT, STALL)
# How often idle threads look at the mode and the stop flag (seconds).
TICK = 0.05
CHUNK = 65536


def reset(sock):
    """Close `sock` with a TCP reset rather than an orderly close: the peer's next call
    fails at once ("connection reset"), as with a server that has gone away."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class Link:
    """One client connection and, once bytes may flow, its connection to the target."""

    def __init__(self, proxy, client):
        self.proxy = proxy
        self.client = client
        self.upstream = None
        self.seen = None  # the mode this link last acted on
        self.closed = False
        self.thread = threading.Thread(
            target=self.run, name=f"fault-proxy-{proxy.name}-link", daemon=True
        )

    def run(self):
        try:
            self.pump()
        finally:
            self.close(abort=self.proxy.mode == CUT)
            self.proxy._forget(self)

    def pump(self):
        proxy = self.proxy
        reading = {self.client: True}  # which sides may still send
        while not proxy.stopping:
            mode = proxy._observe(self)
            if mode == CUT:
                return
            if mode == STALL:
                proxy._wait_for_change(mode)
                continue
            if self.upstream is None:
                try:
                    self.upstream = socket.create_connection(proxy.target, timeout=5)
                except OSError:
                    return
                self.upstream.settimeout(10)
                self.client.settimeout(10)
                reading[self.upstream] = True
            sources = [sock for sock, still in reading.items() if still]
            if not sources:
                return
            try:
                ready, _, _ = select.select(sources, [], [], TICK)
            except (OSError, ValueError):
                return
            for source in ready:
                # The mode may have changed during select: nothing moves once it has.
                if proxy.mode != PASS:
                    break
                target = self.upstream if source is self.client else self.client
                try:
                    data = source.recv(CHUNK)
                except OSError:
                    return
                if not data:
                    # One side is done sending: pass the end on, keep the other way open.
                    reading[source] = False
                    with contextlib.suppress(OSError):
                        target.shutdown(socket.SHUT_WR)
                    continue
                try:
                    target.sendall(data)
                except OSError:
                    return

    def close(self, abort=False):
        if self.closed:
            return
        self.closed = True
        for sock in (self.client, self.upstream):
            if sock is None:
                continue
            if abort:
                reset(sock)
            else:
                with contextlib.suppress(OSError):
                    sock.close()


class FaultProxy:
    """A proxy from a free loopback port to `target_host:target_port`.

    Use as a context manager, or call `start()` and `stop()`. `port` is where clients
    connect; `accepted` counts the connections it has taken.
    """

    def __init__(self, target_host, target_port, name="proxy"):
        self.target = (target_host, int(target_port))
        self.name = name
        self.mode = PASS
        self.stopping = False
        self.accepted = 0
        self._links = set()
        self._changed = threading.Condition()
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._listener.settimeout(TICK)
        self.port = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(
            target=self._accept_loop, name=f"fault-proxy-{name}", daemon=True
        )

    def __repr__(self):
        return f"<FaultProxy {self.name} :{self.port} -> {self.target[0]}:{self.target[1]} {self.mode}>"

    # Running ----------------------------------------------------------------------------

    def start(self):
        self._acceptor.start()
        return self

    def stop(self):
        """Close the listener and every connection, and wait for every thread to end."""
        with self._changed:
            self.stopping = True
            self._changed.notify_all()
        if self._acceptor.is_alive():
            self._acceptor.join(timeout=5)
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._changed:
            links = list(self._links)
        for link in links:
            link.thread.join(timeout=5)
        leftover = [link for link in links if link.thread.is_alive()]
        assert not leftover, f"{self!r}: {len(leftover)} connection threads did not end"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # Modes ------------------------------------------------------------------------------

    def set_mode(self, mode, timeout=5):
        """Switch to `mode`; returns once every open connection acts on it."""
        if mode not in MODES:
            raise ValueError(f"unknown proxy mode {mode!r}; one of {MODES}")
        with self._changed:
            self.mode = mode
            self._changed.notify_all()
            if mode == CUT:  # every open connection reset and gone
                obeyed = self._changed.wait_for(lambda: not self._links, timeout=timeout)
            else:
                obeyed = self._changed.wait_for(
                    lambda: all(link.seen == mode or link.closed for link in self._links),
                    timeout=timeout,
                )
        assert obeyed, f"{self!r}: connections did not switch to {mode} in {timeout} s"

    def pass_(self):
        self.set_mode(PASS)

    def cut(self):
        self.set_mode(CUT)

    def stall(self):
        self.set_mode(STALL)

    @contextlib.contextmanager
    def fault(self, mode):
        """`with proxy.fault("stall"): ...` puts the fault in place for the block only."""
        self.set_mode(mode)
        try:
            yield self
        finally:
            self.set_mode(PASS)

    # Internals --------------------------------------------------------------------------

    def _accept_loop(self):
        while not self.stopping:
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            if self.mode == CUT:
                reset(client)
                continue
            client.setblocking(True)
            link = Link(self, client)
            with self._changed:
                self._links.add(link)
            link.thread.start()

    def _observe(self, link):
        """The current mode, recorded as seen by `link` (see `set_mode`)."""
        with self._changed:
            mode = self.mode
            if link.seen != mode:
                link.seen = mode
                self._changed.notify_all()
            return mode

    def _wait_for_change(self, mode):
        with self._changed:
            self._changed.wait_for(lambda: self.mode != mode or self.stopping, timeout=TICK * 4)

    def _forget(self, link):
        with self._changed:
            self._links.discard(link)
            self._changed.notify_all()
