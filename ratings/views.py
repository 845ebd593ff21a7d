from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from matches.models import Appearance, Match, Player
from ratings.forms import BallotForm, PlayerRatingForm, field_name
from ratings.models import (
    FanRating,
    RatingClosedError,
    lines_for,
    match_lines,
    rate_players,
)
from ratings.stats import biggest_disagreements, crowd_pick, mean_difference, record


def _get_match(match_id: int) -> Match:
    return get_object_or_404(Match.objects.with_teams(), pk=match_id)


def _by_team(match: Match, items: list, team_of) -> list[dict]:
    """Split a home-first list into the two sides for the template."""
    return [
        {"team": team, "items": [item for item in items if team_of(item) == team.pk]}
        for team in (match.home_team, match.away_team)
    ]


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def ballot(request: HttpRequest, match_id: int) -> HttpResponse:
    match = _get_match(match_id)
    appearances = list(match.team_sheet().select_related("player", "team"))
    is_open = match.is_open_for_rating()
    saved = {}
    if request.user.is_authenticated:
        saved = dict(
            FanRating.objects.filter(fan=request.user, appearance__match=match).values_list(
                "appearance_id", "score"
            )
        )

    if request.method == "POST":
        if not request.user.is_authenticated:
            messages.error(request, "Log in to rate players.")
            return redirect_to_login(match.get_absolute_url())
        form = BallotForm(request.POST, appearances=appearances)
        if form.is_valid():
            try:
                count = rate_players(fan=request.user, match=match, scores=form.scores())
            except RatingClosedError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, f"Saved your ratings for {count} player{'s' if count != 1 else ''}."
                )
            return redirect(match)
    else:
        form = BallotForm(
            initial={f"rating-{pk}": score for pk, score in saved.items()},
            appearances=appearances,
        )

    template = "ratings/ballot.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#ballot"
    sides = [
        {
            "team": side["team"],
            "groups": [
                (label, [pair for pair in side["items"] if pair[0].role == role])
                for role, label in (
                    (Appearance.Role.STARTER, "Starting line-up"),
                    (Appearance.Role.SUBSTITUTE, "Substitutes"),
                )
            ],
        }
        for side in _by_team(match, form.players(), lambda pair: pair[0].team_id)
    ]
    return render(
        request,
        template,
        {
            "match": match,
            "form": form,
            "is_open": is_open,
            "sides": sides,
            "rated_count": len(saved),
            "player_count": len(appearances),
            "events": list(match.events.all()),
        },
    )


@require_POST
def rate(request: HttpRequest, match_id: int, appearance_id: int) -> HttpResponse:
    match = _get_match(match_id)
    appearance = get_object_or_404(
        Appearance.objects.select_related("player", "team"), pk=appearance_id, match=match
    )
    if not request.user.is_authenticated:
        login_url = f"{reverse(settings.LOGIN_URL)}?next={match.get_absolute_url()}"
        if request.htmx:
            return HttpResponseClientRedirect(login_url)
        messages.error(request, "Log in to rate players.")
        return redirect(login_url)

    form = PlayerRatingForm(request.POST, appearance=appearance)
    error = ""
    saved = False
    if form.is_valid():
        try:
            rate_players(fan=request.user, match=match, scores={appearance: form.score})
            saved = True
        except RatingClosedError as closed:
            error = str(closed)
            # Show what the fan has on record, not the score that was just refused.
            kept = FanRating.objects.filter(fan=request.user, appearance=appearance).first()
            form = PlayerRatingForm(
                initial={field_name(appearance): kept.score if kept else None},
                appearance=appearance,
            )
    else:
        error = " ".join(form.field.errors)

    if not request.htmx:
        if saved:
            messages.success(request, f"Saved {form.score} for {appearance.player.name}.")
        else:
            messages.error(request, error)
        return redirect(match)
    context = {
        "match": match,
        "appearance": appearance,
        "field": form.field,
        "is_open": match.is_open_for_rating(),
        "saved": saved,
        "error": error,
    }
    html = render_to_string("ratings/ballot.html#player-ballot", context, request)
    if saved:
        # The "rated N of M" line sits above the ballot: a small counter, so it rides along
        # as an out-of-band swap. Two index-bound counts: neither reads other fans' votes.
        progress = {
            "player_count": match.appearances.count(),
            "rated_count": FanRating.objects.filter(
                fan=request.user, appearance__match=match
            ).count(),
            "oob": True,
        }
        html += render_to_string("ratings/ballot.html#ballot-progress", context | progress, request)
    return HttpResponse(html)


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def results(request: HttpRequest, match_id: int) -> HttpResponse:
    match = get_object_or_404(
        Match.objects.with_teams().select_related(
            "man_of_the_match__player", "man_of_the_match__team"
        ),
        pk=match_id,
    )
    lines = match_lines(match)
    min_votes = settings.CROWD_MOTM_MIN_VOTES
    template = "ratings/results.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(
        request,
        template,
        {
            "match": match,
            "sides": [
                side | {"mean_difference": mean_difference(side["items"])}
                for side in _by_team(match, lines, lambda line: line.key.team_id)
            ],
            "crowd_motm": crowd_pick(lines, min_votes),
            "min_votes": min_votes,
            "disagreements": biggest_disagreements(lines),
            **FanRating.objects.filter(appearance__match=match).aggregate(
                fans=Count("fan", distinct=True),
                demo_fans=Count("fan", distinct=True, filter=Q(fan__demo_fan__isnull=False)),
            ),
        },
    )


@require_GET
def player(request: HttpRequest, player_id: int) -> HttpResponse:
    player = get_object_or_404(Player.objects.select_related("team"), pk=player_id)
    lines = lines_for(
        player.appearances.select_related(
            "player",
            "editor_rating",
            "match__competition",
            "match__home_team",
            "match__away_team",
        ).order_by("match__competition", "-match__kickoff")
    )
    seasons = []
    for competition, group in groupby(lines, key=lambda line: line.key.match.competition):
        season_lines = list(group)
        seasons.append(
            {"competition": competition, "lines": season_lines, "record": record(season_lines)}
        )
    seasons.sort(key=lambda season: season["lines"][0].key.match.kickoff, reverse=True)
    return render(request, "ratings/player.html", {"player": player, "seasons": seasons})


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        form = UserCreationForm(request.POST)
        if form.is_valid():
            user = form.save()
            login(request, user)
            messages.success(
                request, f"Welcome, {user.username}. Pick a match and rate the players."
            )
            return redirect(next_url or "matches:list")
    else:
        form = UserCreationForm()
    return render(request, "registration/signup.html", {"form": form, "next": next_url})
