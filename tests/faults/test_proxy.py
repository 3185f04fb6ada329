"""The fault proxy itself, against a loopback echo server: pass, cut, stall, and a clean stop."""

import contextlib
import socket
import socketserver
import threading

import pytest

from tests.support.proxy import FaultProxy

pytestmark = pytest.mark.faults


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        with contextlib.suppress(ConnectionError):  # the proxy resets it when cut
            while data := self.request.recv(4096):
                self.request.sendall(data)


@pytest.fixture
def proxy():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    with FaultProxy(*server.server_address, name="echo") as proxy:
        yield proxy
    server.shutdown()
    server.server_close()


def connect(proxy):
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=2)


def echo(sock, data=b"ping", timeout=2):
    sock.settimeout(timeout)
    sock.sendall(data)
    return sock.recv(4096)


def test_pass_forwards_both_ways(proxy):
    with connect(proxy) as sock:
        assert echo(sock, b"hello") == b"hello"
    assert proxy.accepted == 1


def test_stall_holds_open_and_new_connections_then_lets_the_bytes_through(proxy):
    with connect(proxy) as open_before, contextlib.ExitStack() as stack:
        assert echo(open_before) == b"ping"
        proxy.stall()
        with pytest.raises(TimeoutError):
            echo(open_before, b"held", timeout=0.3)
        opened_during = stack.enter_context(connect(proxy))  # accepted, kept open
        with pytest.raises(TimeoutError):
            echo(opened_during, b"new", timeout=0.3)
        proxy.pass_()
        open_before.settimeout(2)
        opened_during.settimeout(2)
        assert open_before.recv(4096) == b"held"
        assert opened_during.recv(4096) == b"new"


def is_closed(sock):
    """Whether the other end has gone: reset, or the end of the stream (a timeout is
    neither: it fails the test)."""
    try:
        return echo(sock) == b""
    except ConnectionError:
        return True


def test_cut_resets_open_and_new_connections_until_passing_again(proxy):
    with connect(proxy) as open_before:
        assert echo(open_before) == b"ping"
        proxy.cut()
        assert is_closed(open_before)
    try:
        during = connect(proxy)
    except ConnectionResetError:
        pass  # reset while connecting, on a busy machine: refused all the same
    else:
        with during:
            assert is_closed(during)
    proxy.pass_()
    with connect(proxy) as after:
        assert echo(after) == b"ping"


def test_stop_ends_every_thread_even_with_held_connections(proxy):
    held = [connect(proxy) for _ in range(3)]
    proxy.stall()
    proxy.stop()
    names = [thread.name for thread in threading.enumerate()]
    assert not [name for name in names if name.startswith(f"fault-proxy-{proxy.name}")], names
    for sock in held:
        sock.close()
