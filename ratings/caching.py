"""A match's public pages, rendered once and served from the cache to every visitor.

At the final whistle thousands of people without an account refresh the same results page.
They all see the same HTML, so it is rendered once per version of the match (the sum of its
write counters, bumped in each vote's transaction, see ratings.models.match_counts) and
served from the shared cache (Redis when REDIS_URL is set) until a vote lands.

A rendering is checked against the version at most every RESULTS_STALE_SECONDS: in between
it is served without a query, and while votes pour in (the version changing many times a
second) it may lag the newest vote by that much, so a flood of votes re-renders a page at
most that often instead of on every read. Fans who are logged in never get a
shared rendering: their page carries their own ballot and their own session.
"""

from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

from ratings.models import MatchTally, match_counts

# Rendered into shared pages in place of the CSRF token, and swapped for the visitor's own
# token on the way out, so no visitor ever receives another's.
CSRF_PLACEHOLDER = "shared-page-csrf-token-placeholder"


def shared_csrf_token(request: HttpRequest) -> dict:
    """Context processor: the placeholder token while a shared page renders."""
    if getattr(request, "rendering_shared_page", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


@contextmanager
def shared_rendering(request: HttpRequest):
    """`with shared_rendering(request):` pages rendered inside carry the placeholder token."""
    request.rendering_shared_page = True
    try:
        yield
    finally:
        request.rendering_shared_page = False


def _is_visitor(request: HttpRequest) -> bool:
    """No session (so not logged in) and no flash message waiting: the page is everyone's."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest, view_name: str, args: tuple, kwargs: dict) -> str:
    # The views vary on these headers, so the renderings do too.
    variant = "|".join(
        (
            repr((args, sorted(kwargs.items()))),
            request.get_host(),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
        )
    )
    digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
    return f"shared-page:{view_name}:{digest}"


def cached_for_visitors(version_of):
    """Serve a view's 200 responses to visitors from the cache while `version_of(the view's
    URL arguments)` is unchanged (or for RESULTS_STALE_SECONDS after it changed). The view
    renders exactly as it would without this; logged-in fans always get it fresh."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _is_visitor(request):
                return view(request, *args, **kwargs)
            key = _key(request, view.__name__, args, kwargs)
            entry = cache.get(key)
            now = time.time()
            # Checked against the database at most every RESULTS_STALE_SECONDS: in between,
            # a visit costs no query at all.
            if entry is not None and now - entry["at"] < settings.RESULTS_STALE_SECONDS:
                return _response(request, entry)
            version = version_of(*args, **kwargs)
            # Still current: keep serving it, but never past RESULTS_CACHE_SECONDS from its
            # rendering, so a change that bumps no version (a player renamed) shows in time.
            left = settings.RESULTS_CACHE_SECONDS - (now - entry["rendered"]) if entry else 0
            if entry is not None and entry["version"] == version and left > 0:
                entry["at"] = now
                cache.set(key, entry, left)
                return _response(request, entry)
            with shared_rendering(request):
                response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            entry = {
                "version": version,
                "at": now,
                "rendered": now,
                "content": response.content,
                "headers": dict(response.headers),
            }
            cache.set(key, entry, settings.RESULTS_CACHE_SECONDS)
            return _response(request, entry)

        return wrapper

    return decorator


def match_version(match_id: int) -> int:
    return match_counts(match_id)["version"]


def player_version(player_id: int) -> int:
    """The sum of the versions of every match the player appeared in: one small query."""
    return (
        MatchTally.objects.filter(match__appearances__player_id=player_id).aggregate(
            version=Sum("writes")
        )["version"]
        or 0
    )


def competition_version(competition_id: int) -> int:
    return (
        MatchTally.objects.filter(match__competition_id=competition_id).aggregate(
            version=Sum("writes")
        )["version"]
        or 0
    )


# A match's results page, its exports and its embed.
shared_for_visitors = cached_for_visitors(match_version)


def _response(request: HttpRequest, entry: dict) -> HttpResponse:
    content = entry["content"]
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(content, headers=entry["headers"])
    # The same URL with a session cookie is someone's own page: no shared cache downstream
    # may hand this one to them.
    patch_vary_headers(response, ["Cookie"])
    return response
