import hashlib
import logging

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Case, Exists, OuterRef, Q, When
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from matches.models import Appearance, Competition, Match, Team
from matches.sheets import desk_version
from ratings.caching import cached_for_visitors

MATCHES_PER_PAGE = 20

logger = logging.getLogger(__name__)


def _match_list_version() -> str:
    """What a visitor's match list shows changes when an editor changes something (the desk
    version) or a match opens or closes for rating."""
    open_now = list(Match.objects.open_for_rating().order_by("pk").values_list("pk", flat=True))
    return f"{desk_version()}:{open_now}"


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@cached_for_visitors(_match_list_version)
def match_list(request: HttpRequest) -> HttpResponse:
    matches = Match.objects.with_teams()
    team = competition = None
    # Team and competition pages are this list, filtered; an unknown id shows everything.
    if team_id := _int_or_none(request.GET.get("team")):
        team = Team.objects.filter(pk=team_id).first()
    if competition_id := _int_or_none(request.GET.get("competition")):
        competition = Competition.objects.filter(pk=competition_id).first()
    if team:
        matches = matches.filter(Q(home_team=team) | Q(away_team=team))
    if competition:
        matches = matches.filter(competition=competition)
    # Matches a fan can rate now come first, then the rest, most recent first.
    now = timezone.now()
    open_first = Case(When(rating_opens_at__lte=now, rating_closes_at__gt=now, then=0), default=1)
    matches = matches.annotate(open_first=open_first).order_by("open_first", "-kickoff", "-pk")
    if request.user.is_authenticated:
        matches = matches.annotate(
            fan_rated=Exists(
                Appearance.objects.filter(match=OuterRef("pk"), fan_ratings__fan=request.user)
            )
        )
    # get_page() turns a missing, garbled or too-large page number into a real page.
    page = Paginator(matches, MATCHES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "matches": page.object_list, "team": team, "competition": competition}
    html = _match_list_html(request, page, context)
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(html)
    return render(request, "matches/match_list.html", context | {"list_html": html})


MATCH_LIST_CACHE_SECONDS = 300


def _match_list_html(request: HttpRequest, page, context: dict) -> SafeString:
    """The match cards, rendered once per everything they show (each match's teams, score,
    rating window and whether it is open now, the fan's "you rated it", the page) and kept
    in the cache: the home page is everyone's first request."""
    now = timezone.now()
    shown = repr(
        (
            request.get_full_path(),
            request.user.is_authenticated,
            page.number,
            page.paginator.num_pages,
            [
                (
                    match.pk,
                    match.competition_id,
                    str(match.competition),
                    match.kickoff,
                    match.score_display,
                    match.rating_opens_at,
                    match.rating_closes_at,
                    match.is_open_for_rating(now),
                    match.has_rating_closed(now),
                    getattr(match, "fan_rated", None),
                    [
                        (team.pk, team.name, team.primary_colour, team.secondary_colour)
                        for team in (match.home_team, match.away_team)
                    ],
                )
                for match in page.object_list
            ],
        )
    )
    digest = hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()
    key = f"match-list:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("matches/match_list.html#match-list", context, request)
        cache.set(key, html, MATCH_LIST_CACHE_SECONDS)
    # Safe: rendered by the template with autoescaping.
    return mark_safe(html)


def _int_or_none(raw: str | None) -> int | None:
    # Only ASCII digits: str.isdigit() also accepts "²" (int() raises) and "٣" (int() takes
    # it as 3). Eighteen digits fit any id column.
    if raw and len(raw) <= 18 and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    # One round trip proves the database answers, not only that Python is up.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        # The driver's own last words ("Connection refused", "timeout expired"), without
        # the host and port that come before them.
        first_line = (str(error).strip().splitlines() or [""])[0]
        reason = first_line.rpartition(":")[2].strip() or type(error).__name__
        logger.warning("Health check failed: %s", first_line)
        return HttpResponse(
            f"database unavailable: {reason}", content_type="text/plain", status=503
        )
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@cache_control(max_age=86400, public=True)
def icon(request: HttpRequest, maskable: bool = False) -> HttpResponse:
    """The app's icon as SVG: the favicon (also at /favicon.ico) and the home-screen icons."""
    return render(
        request, "icons/terrace.svg", {"maskable": maskable}, content_type="image/svg+xml"
    )


@require_GET
@cache_control(max_age=86400, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, so a fan can put Terrace on their home screen."""
    return JsonResponse(
        {
            "name": "Terrace: crowd v editor player ratings",
            "short_name": "Terrace",
            "description": "Rate every player out of 10 and see the crowd's verdict against the editor's.",
            "start_url": reverse("matches:list"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#074d29",
            "icons": [
                {
                    "src": reverse("matches:icon"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                    "purpose": "any",
                },
                {
                    "src": reverse("matches:icon_maskable"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                    "purpose": "maskable",
                },
            ],
        },
        content_type="application/manifest+json",
    )
