"""Loopback ports for servers the tests start in another process (nginx, moto, PgBouncer)."""

import contextlib
import random
import socket


def free_port_below_ephemeral():
    """A port free now, below the ephemeral range: the server binds it itself later, and a
    port the kernel hands out to outgoing connections could be taken meanwhile. Callers
    that can, try again on a clash."""
    for _ in range(100):
        port = random.randint(20000, 32000)
        with contextlib.suppress(OSError), socket.create_server(("127.0.0.1", port)):
            return port
    raise AssertionError("no free port found")
