"""Who is asking, and what to tell them when they have asked too often.

django-axes (log-in lock-out) and django-ratelimit (sign-up and password reset) both count
in Django's cache or database, keyed by the functions here. A fan's rating writes are
counted by the vote itself, in the database (ratings.models.WriteCount), with the rate
read by the helpers here.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

from accounts.usernames import canonical_username


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the trusted proxy's header when one is configured.

    A header anyone can send is never trusted unless TRUSTED_PROXY_HEADER names it; then its
    last address is the one our own proxy appended.
    """
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        forwarded = request.META.get(meta_key, "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses and _is_address(addresses[-1]):
            return addresses[-1]
    remote = request.META.get("REMOTE_ADDR", "")
    # Django's test client and some servers give none; count them all under one address.
    return remote if _is_address(remote) else "0.0.0.0"


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """Lock-outs count against the account, however its name is typed (case, look-alikes)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return canonical_username(str(username))[:150]


def rate_period_seconds(rate: str) -> int:
    """The period of a django-ratelimit rate such as "10/h" or "120/m", in seconds."""
    _count, _slash, period = rate.partition("/")
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    digits = period[:-1] or "1"
    return int(digits) * units.get(period[-1:], 1)


def rate_count(rate: str) -> int:
    """How many a rate such as "120/m" allows in its period."""
    return int(rate.partition("/")[0])


def over_limit(request: HttpRequest, *, group: str, key, rate: str) -> float | None:
    """Count this POST against a limit; the seconds to wait when it is over, else None."""
    usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
    if usage and usage["should_limit"]:
        return usage["time_left"] or rate_period_seconds(rate)
    return None


def wait_words(seconds: float) -> str:
    minutes = math.ceil(seconds / 60)
    if minutes <= 1:
        return "a minute"
    if minutes < 120:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


def too_many_requests(request: HttpRequest, *, retry_after: float, message: str) -> HttpResponse:
    """The 429 page (or, for HTMX, its fragment) saying when to try again."""
    context = {
        "message": message,
        "retry_after": int(retry_after),
        "wait": wait_words(retry_after),
    }
    template = "429.html#error-message" if request.htmx else "429.html"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(max(1, int(retry_after)))
    return response


def locked_out(request: HttpRequest, credentials: dict | None, *args) -> HttpResponse:
    """django-axes calls this when an account or address is locked out of logging in."""
    cool_off = settings.AXES_COOLOFF_TIME
    seconds = timedelta(hours=cool_off).total_seconds() if cool_off else 3600
    return too_many_requests(
        request,
        retry_after=seconds,
        message="Too many failed log-ins for this account or from this address.",
    )
