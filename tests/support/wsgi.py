"""A request through Django's WSGI handler, as a server makes it: what the test client
leaves out (the URL prefix of a site mounted below the root) included."""

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import get_script_prefix, set_script_prefix


def served(path, script_name):
    """(status, headers, body) of `path` as a WSGI server gives it, mounted at `script_name`
    (Django's test client never sets the URL prefix; the WSGI handler does, on each request)."""
    environ = RequestFactory().get(path).environ
    environ["SCRIPT_NAME"] = script_name
    answers = []
    # As Django's test client does: the test's database connection stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    previous = get_script_prefix()  # the handler sets it for the thread, as servers do
    try:
        body = WSGIHandler()(
            environ, lambda status, headers: answers.append((status, dict(headers)))
        )
        try:
            return *answers[0], b"".join(body).decode()
        finally:
            body.close()
    finally:
        set_script_prefix(previous)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
