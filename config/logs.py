"""Logging that reads one line per event, as log collectors expect.

A traceback stays in the same line with its line breaks written as "\\n", and a refused
request (an oversized body, too many fields, a bad Host header) is one warning line
rather than an ERROR with a traceback followed by Django's own "Bad Request" line.
"""

from __future__ import annotations

import logging
from http import HTTPStatus


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", "\\n")


class RefusedRequestFilter(logging.Filter):
    """On the handler: a SuspiciousOperation becomes one warning line with no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if record.name.startswith("django.security."):
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
            record.exc_info = None
            record.exc_text = None
            if request is not None:
                record.msg = f"Refused {request.method} {request.path}: {record.getMessage()}"
                record.args = ()
                request._refusal_logged = True
            return True
        status = getattr(record, "status_code", None)
        if record.name != "django.request" or status is None or not 400 <= status < 500:
            return True
        # Django then logs the 400 response itself: the line above already said it.
        if getattr(request, "_refusal_logged", False):
            return False
        # A 4xx raised as an exception (BadRequest, Http404) is the client's mistake: say
        # what it was in one line, without our traceback.
        if record.exc_info and request is not None:
            error = record.exc_info[1]
            record.msg = "%s %s %s: %s"
            record.args = (
                HTTPStatus(status).phrase,
                request.method,
                request.path,
                error,
            )
            record.exc_info = None
            record.exc_text = None
        return True
