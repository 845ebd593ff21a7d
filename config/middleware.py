"""Requests refused before any view or middleware reads their body."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def form_charset_guard(get_response):
    """A form body must be UTF-8, the only encoding our pages send.

    Django refuses such a form body each time something reads request.POST, and several
    things do (CSRF, log-in throttling, the view, the error page), so the refusal used to
    end as a bare 500 with a traceback per reader. Refused here, before any of them, it is
    our 400 page and one warning line in the log.
    """

    def middleware(request: HttpRequest):
        charset = (
            request.content_params.get("charset") if request.content_type in FORM_TYPES else None
        )
        if charset is not None and charset.strip().lower() != "utf-8":
            raise BadRequest(
                f"This form was sent as {charset[:40]!r}; Terrace only accepts forms sent as "
                "UTF-8. Reload the page and send it again from your browser."
            )
        return get_response(request)

    return middleware
