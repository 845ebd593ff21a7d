"""Pages kept whole and filled in per request, for logged-in fans at the final whistle.

A fan's ballot, the reply to a saved rating and a fan's results page are the same for
every fan but for a few things: the CSRF token, the fan's name in the navigation, their
own marks and counts. Each is rendered once for a stand-in fan (AnyFan) with placeholders
where those go, cut at the placeholders (split_at) and kept by each worker
(matches.sheets.local_copy) under the versions it was made from; a request only puts the
fan's own values in. The views' tests compare the result with a fresh rendering.
"""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.html import escape

from ratings.caching import CSRF_PLACEHOLDER

USERNAME_PLACEHOLDER = "shared-page-username-placeholder"
RATED_PLACEHOLDER = "shared-page-rated-count"
SCORE_PLACEHOLDER = "shared-page-score"


class AnyFan:
    """The logged-in fan a kept page is rendered for: the navigation shows a placeholder
    for the name, filled in per request like the CSRF token."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, is_staff: bool):
        self.is_staff = is_staff

    def get_username(self) -> str:
        return USERNAME_PLACEHOLDER


def has_waiting_message(request: HttpRequest) -> bool:
    """A flash message waits for this request (in its cookie, or in the session when the
    cookie overflowed): the page is rendered afresh to show it."""
    return "messages" in request.COOKIES or "_messages" in request.session


def split_at(html: str, pattern: re.Pattern, key) -> tuple[list[str], dict]:
    """The page cut so that each match of `pattern` is a piece of its own, and where the
    pieces are: {key(match): [indexes]}. Joined unchanged, the pieces are the page."""
    parts, places, start = [], {}, 0
    for found in pattern.finditer(html):
        parts.append(html[start : found.start()])
        places.setdefault(key(found), []).append(len(parts))
        parts.append(found[0])
        start = found.end()
    parts.append(html[start:])
    return parts, places


def filled(request: HttpRequest, pieces: list[str]) -> str:
    """The pieces joined, with this request's CSRF token and fan's name put in."""
    return (
        "".join(pieces)
        .replace(CSRF_PLACEHOLDER, get_token(request))
        .replace(USERNAME_PLACEHOLDER, escape(request.user.get_username()))
    )
