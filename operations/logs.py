"""Log lines: one per event, with its time, level, logger and the request's id.

`RequestIdFilter` puts the id of the request being served (`request_id`, set by
`operations.middleware.RequestIdMiddleware`) on every record, "-" outside a request.
`OneLineFormatter` writes `time level logger [request id] message`, with a traceback
folded into the same line; `JsonLineFormatter` writes one JSON object a line, chosen with
PLACARD_LOG_FORMAT=json (see `LOGGING` in the settings).
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def timestamp(record):
    """The record's time in UTC, ISO 8601 with milliseconds."""
    moment = datetime.fromtimestamp(record.created, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class OneLineFormatter(logging.Formatter):
    def format(self, record):
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            message = f"{message}\n{record.exc_text}"
        if record.stack_info:
            message = f"{message}\n{self.formatStack(record.stack_info)}"
        # Line breaks (a traceback, or a reader's input in a message) stay visible but
        # never start a line that could pass for an event of its own.
        message = message.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
        rid = getattr(record, "request_id", "-")
        return f"{timestamp(record)} {record.levelname} {record.name} [{rid}] {message}"


class JsonLineFormatter(logging.Formatter):
    def format(self, record):
        event = {
            "time": timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            event["exception"] = record.exc_text
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return json.dumps(event, default=str)
