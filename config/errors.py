"""The app's own error pages: full pages, or for HTMX requests the fragment shown in place.

Each template (templates/400.html ... 503.html) extends base.html and wraps its message in
`{% partialdef error-message %}`; an HTMX request gets only that partial, which
static/js/htmx-errors.js places beside the element that made the request.

The 500 and 503 pages are rendered without the request, so they never touch the
database: no session, no user, no messages. They are what we show when it is down.
"""

from __future__ import annotations

import sys

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

# Seconds a client should wait before trying again when the database is unavailable.
DATABASE_RETRY_AFTER = 30


def _wants_fragment(request: HttpRequest) -> bool:
    # Read the headers directly: an error raised in an early middleware comes before
    # HtmxMiddleware has set request.htmx.
    headers = request.headers
    return headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != (
        "true"
    )


def _template(request: HttpRequest, name: str) -> str:
    return f"{name}#error-message" if _wants_fragment(request) else name


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Our own BadRequest messages say what was wrong; a SuspiciousOperation's are not shown.
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, _template(request, "400.html"), {"reason": reason}, status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, _template(request, "403.html"), {}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: say what happened and what to do, in the app's words."""
    return render(
        request,
        _template(request, "403.html"),
        {"csrf_failed": True, "no_cookie": "cookie" in reason.lower()},
        status=403,
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, _template(request, "404.html"), {}, status=404)


def database_unavailable(error: BaseException | None) -> bool:
    """True for the errors of a database that cannot be reached, not of a bad query."""
    return isinstance(error, OperationalError | InterfaceError)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page, rendered without the request so the database is never asked."""
    html = render_to_string(_template(request, "503.html"), {"retry_after": DATABASE_RETRY_AFTER})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the exception, so sys.exc_info() has it."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return HttpResponse(render_to_string(_template(request, "500.html")), status=500)
