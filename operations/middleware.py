"""Middleware of the operations app: request ids, the health probes' short way in, and
messages stored only when used.

The first two go first in `MIDDLEWARE`: the request id then covers every line logged
while the request is served, and a probe is answered before anything could redirect,
refuse or cache it.
"""

import re
import uuid
from functools import partial

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty

from .logs import request_id
from .views import healthz, readyz

HEADER = "X-Request-ID"
# An incoming id is kept only if it is short and plain (letters, digits, `-_.:`), so that
# it cannot forge log lines or fill them; otherwise a new one is made.
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
PROBES = {"/healthz": healthz, "/readyz": readyz}


def choose_request_id(incoming):
    """The proxy's id when it is sane, else a new one."""
    return incoming if SANE_ID.fullmatch(incoming or "") else uuid.uuid4().hex


def incoming_header(environ=None, scope=None):
    if environ is not None:
        return environ.get("HTTP_X_REQUEST_ID", "")
    for name, value in (scope or {}).get("headers", ()):
        if name.lower() == b"x-request-id":
            return value.decode("latin-1")
    return ""


def request_started(sender, environ=None, scope=None, **kwargs):
    """From the moment Django takes a request until its response is closed (when Django
    logs a 404 or a 500, after the middleware has returned), log records carry its id."""
    request_id.set(choose_request_id(incoming_header(environ, scope)))


def request_finished(sender, **kwargs):
    request_id.set("-")


def task_started(sender, task_result, **kwargs):
    request_id.set(f"task:{task_result.id}")


class RequestIdMiddleware:
    """Gives each request an id: the proxy's `X-Request-ID` when it is sane, else a new
    one (chosen when the request started, see `request_started`). Log records made
    meanwhile carry it (`operations.logs.RequestIdFilter`), and the response returns it in
    the same header, so that a reader's report can be matched to the log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = request_id.get()
        if value == "-":  # a request that did not come through a handler's signal
            value = choose_request_id(request.headers.get(HEADER, ""))
            request_id.set(value)
        request.request_id = value
        response = self.get_response(request)
        response[HEADER] = value
        return response


class ProbeMiddleware:
    """Answers `/healthz` and `/readyz` (see `operations.views`) before the rest of the
    stack: no HTTPS redirect, host check, session, page cache, rate limit or login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)


class LazyMessageMiddleware(MessageMiddleware):
    """Django's messages, with the storage made only when a view or template asks for it.

    Django's middleware makes it for every request and has it store its messages after
    every response; public pages neither add nor show any, and making the storage and
    storing nothing cost a fifteenth of a trivial view. A request whose storage was never
    made has nothing to store, and whatever a cookie carries from an earlier request
    stays for the next page that shows messages (the admin's)."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(partial(default_storage, request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response
        return super().process_response(request, response)
