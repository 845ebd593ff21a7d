import csv
import hashlib
import re

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.throttling import rate_count, rate_period_seconds, too_many_requests, wait_words
from matches.models import Appearance, Competition, Match, Player
from matches.sheets import local_copy, match_sheet
from ratings.caching import (
    cached_for_visitors,
    competition_version,
    player_version,
    shared_for_visitors,
    shared_rendering,
)
from ratings.forms import SCORE_CHOICES, BallotForm, PlayerRatingForm, field_name
from ratings.kept_pages import (
    RATED_PLACEHOLDER,
    SCORE_PLACEHOLDER,
    AnyFan,
    filled,
    has_waiting_message,
    split_at,
)
from ratings.models import (
    FanRating,
    RatingClosedError,
    TooManyWritesError,
    WriteLimit,
    marks_and_version,
    rate_player,
    rate_players,
    saved_scores,
)
from ratings.seasons import SEASON_SORT_LABELS, player_seasons, season_table
from ratings.stats import furthest
from ratings.story import (
    CSV_FIELDS,
    GROUPS,
    SORT_LABELS,
    SORTS,
    Story,
    export,
    export_rows,
    match_story,
    numbers_visible,
)

TOO_MANY_RATINGS = "Too many ratings in a short time."


def _write_limit() -> WriteLimit | None:
    """Rating writes are limited per fan (RATING_WRITE_RATE), so a script cannot hammer the
    site from one account; the vote counts itself against it (ratings.models.WriteCount)."""
    if not settings.RATELIMIT_ENABLE:
        return None
    rate = settings.RATING_WRITE_RATE
    return WriteLimit(rate_count(rate), rate_period_seconds(rate))


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
    partial = bool(request.htmx and not request.htmx.history_restore_request)
    # The fan's open ballot, as at the final whistle: the page is the same for every fan
    # but for their own marks, so it is kept whole and filled in (see _fan_ballot_page).
    fast = (
        request.method == "GET"
        and request.user.is_authenticated
        and not has_waiting_message(request)
    )
    sheet = match_sheet(match_id)
    match, appearances = sheet.match, sheet.appearances
    is_open = match.is_open_for_rating()
    if fast and is_open:
        return _fan_ballot_page(request, sheet, partial)

    if request.method == "POST":
        if not request.user.is_authenticated:
            messages.error(request, "Log in to rate players.")
            return redirect_to_login(match.get_absolute_url())
        # The usual ballot is checked without building the form; the form judges the rest.
        scores = BallotForm.plainly_valid(request.POST, appearances)
        form = None if scores else BallotForm(request.POST, appearances=appearances)
        if scores or form.is_valid():
            try:
                count = rate_players(
                    fan=request.user,
                    match=match,
                    scores=scores or form.scores(),
                    limit=_write_limit(),
                )
            except TooManyWritesError as refused:
                return too_many_requests(
                    request, retry_after=refused.retry_after, message=TOO_MANY_RATINGS
                )
            except RatingClosedError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, f"Saved your ratings for {count} player{'s' if count != 1 else ''}."
                )
            return redirect(match)
    # Read only for a page to show: a saved ballot redirects without it.
    saved = {}
    if request.user.is_authenticated:
        saved = saved_scores(request.user.pk, [a.pk for a in appearances])
    if request.method != "POST":
        form = BallotForm(
            initial={f"rating-{pk}": score for pk, score in saved.items()},
            appearances=appearances,
        )

    template = "ratings/ballot.html#ballot" if partial else "ratings/ballot.html"
    sides_html = ""
    if is_open and request.user.is_authenticated:
        sides_html = _ballot_sides_html(request, match, form)
    return render(
        request,
        template,
        {
            "match": match,
            "form": form,
            "is_open": is_open,
            "sides": _ballot_sides(match, form),
            "sides_html": sides_html,
            "rated_count": len(saved),
            "player_count": len(appearances),
            "events": sheet.events,
        },
    )


def _fan_ballot_page(request: HttpRequest, sheet, partial: bool) -> HttpResponse:
    """The open ballot for a logged-in fan without a message waiting, kept per line-up (the
    desk version) and kind of page (ratings.kept_pages); per request the fan's token, name,
    "rated N of M" count and saved marks are put in."""
    match, appearances = sheet.match, sheet.appearances

    def render_page():
        blank = BallotForm(appearances=appearances)
        sides = _ballot_sides(match, blank)
        with shared_rendering(request):
            sides_html = render_to_string(
                "ratings/ballot.html#ballot-sides",
                {"match": match, "is_open": True, "sides": sides},
                request,
            )
            html = render_to_string(
                "ratings/ballot.html#ballot" if partial else "ratings/ballot.html",
                {
                    "match": match,
                    "form": blank,
                    "is_open": True,
                    "sides": sides,
                    # Safe: rendered just above by the template, autoescaped.
                    "sides_html": mark_safe(sides_html),  # noqa: S308
                    "rated_count": RATED_PLACEHOLDER,
                    "player_count": len(appearances),
                    "events": sheet.events,
                    "user": AnyFan(request.user.is_staff),
                },
                request,
            )
        return split_at(html, RADIO_ID, _radio_key)

    key = f"ballot-page:{match.pk}:{int(request.user.is_staff)}:{int(partial)}"
    parts, radios = local_copy(key, sheet.version, render_page)
    saved = saved_scores(request.user.pk, [a.pk for a in appearances])
    pieces = _ticked(parts, radios, saved)
    return HttpResponse(filled(request, pieces).replace(RATED_PLACEHOLDER, str(len(saved))))


def _radio_key(found: re.Match) -> tuple[int, int]:
    return int(found[1]), int(found[2])


def _ticked(parts: list[str], radios: dict, marks: dict[int, int]) -> list[str]:
    """A page cut at its radio buttons (split_at with RADIO_ID), each mark's button ticked."""
    pieces = list(parts)
    for pk, score in marks.items():
        for at in radios[(pk, SCORE_INDEX[score])]:
            pieces[at] += " checked"
    return pieces


def _ballot_sides(match: Match, form: BallotForm) -> list[dict]:
    """Each team's players, starters then substitutes, as (appearance, bound field) pairs."""
    return [
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


# A radio button's id, "id_rating-<appearance id>_<index of the score in SCORE_CHOICES>".
RADIO_ID = re.compile(r'id="id_rating-(\d+)_(\d+)"')
SCORE_INDEX = {score: index for index, (score, _label) in enumerate(SCORE_CHOICES)}


def _ballot_sides_html(request: HttpRequest, match: Match, form: BallotForm) -> SafeString:
    """The players and their buttons as the form has them: the fan's saved marks, or on a
    refused ballot their own choices and each player's error."""
    context = {"match": match, "is_open": True, "sides": _ballot_sides(match, form)}
    # Safe: rendered by the template with autoescaping.
    return mark_safe(render_to_string("ratings/ballot.html#ballot-sides", context, request))  # noqa: S308


@require_POST
def rate(request: HttpRequest, match_id: int, appearance_id: int) -> HttpResponse:
    # The player, his match and the match's player count without a query: a save is on
    # the hot path at the final whistle.
    sheet = match_sheet(match_id)
    appearance = sheet.appearance(appearance_id)
    if appearance is None:
        raise Http404("No such player in this match.")
    match = sheet.match
    if not request.user.is_authenticated:
        login_url = f"{reverse(settings.LOGIN_URL)}?next={match.get_absolute_url()}"
        if request.htmx:
            return HttpResponseClientRedirect(login_url)
        messages.error(request, "Log in to rate players.")
        return redirect(login_url)
    # A plain mark from 1 to 10 is taken without building the form; the form judges and
    # explains anything else.
    score = PlayerRatingForm.plainly_valid(request.POST, appearance)
    form = None if score else PlayerRatingForm(request.POST, appearance=appearance)
    error = ""
    saved = False
    rated_count = 0
    wait = None
    if score or form.is_valid():
        score = score or form.score
        try:
            rated_count = rate_player(
                fan=request.user,
                match=match,
                appearance=appearance,
                score=score,
                limit=_write_limit(),
            )
            saved = True
        except TooManyWritesError as refused:
            wait = refused.retry_after
            if not request.htmx:
                return too_many_requests(request, retry_after=wait, message=TOO_MANY_RATINGS)
            error = f"{TOO_MANY_RATINGS} Nothing was saved; try again in {wait_words(wait)}."
        except RatingClosedError as closed:
            error = str(closed)
        if not saved:
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
            messages.success(request, f"Saved {score} for {appearance.player.name}.")
        else:
            messages.error(request, error)
        return redirect(match)
    is_open = match.is_open_for_rating()
    if saved:
        return HttpResponse(_rating_saved_html(request, sheet, appearance, score, rated_count))
    html = _player_ballot_html(request, sheet, appearance, form, is_open, error=error)
    if wait is not None:
        response = HttpResponse(html, status=429)
        response["Retry-After"] = str(max(1, int(wait)))
        return response
    return HttpResponse(html)


def _rating_saved_html(request, sheet, appearance, score: int, rated_count: int) -> str:
    """The reply to a saved rating, as _player_ballot_html renders it. Every fan who rates
    this player gets it but for the score and their "rated N of M", so it is kept per
    player and line-up (ratings.kept_pages) and the score's button ticked."""
    is_open = sheet.match.is_open_for_rating()

    def render_reply():
        # Unbound, so the placeholder shows where the score does and ticks no button.
        blank = PlayerRatingForm(
            initial={field_name(appearance): SCORE_PLACEHOLDER}, appearance=appearance
        )
        html = _player_ballot_html(request, sheet, appearance, blank, is_open, saved=True)
        return split_at(html, RADIO_ID, _radio_key)

    key = f"rating-saved:{sheet.match.pk}:{appearance.pk}:{int(is_open)}"
    parts, radios = local_copy(key, sheet.version, render_reply)
    return (
        "".join(_ticked(parts, radios, {appearance.pk: score}))
        .replace(SCORE_PLACEHOLDER, str(score))
        .replace(RATED_PLACEHOLDER, str(rated_count))
    )


def _player_ballot_html(
    request, sheet, appearance, form, is_open: bool, *, saved: bool = False, error: str = ""
) -> str:
    """One player's buttons after a save (or a refusal), and after a save the "rated N of
    M" line as an out-of-band swap."""
    context = {
        "match": sheet.match,
        "appearance": appearance,
        "field": form.field,
        "is_open": is_open,
        "saved": saved,
        "error": error,
    }
    html = render_to_string("ratings/ballot.html#player-ballot", context, request)
    if saved:
        # The "rated N of M" line sits above the ballot: a small counter, so it rides along
        # as an out-of-band swap.
        progress = {
            "player_count": len(sheet.appearances),
            "rated_count": RATED_PLACEHOLDER,  # filled in by _rating_saved_html
            "oob": True,
        }
        html += render_to_string("ratings/ballot.html#ballot-progress", context | progress, request)
    return html


def _results_match(match_id: int) -> Match:
    return get_object_or_404(
        Match.objects.with_teams().select_related(
            "man_of_the_match__player", "man_of_the_match__team", "demo_match"
        ),
        pk=match_id,
    )


def _story_for(request: HttpRequest, match: Match) -> Story:
    """The match as this reader may see it, sorted and grouped as the query string asks.

    Unknown values fall back to the defaults: a mangled link shows the plain page, never an error.
    """
    sort = request.GET.get("sort", "")
    return match_story(
        match,
        user=request.user,
        group=request.GET.get("fans", "all"),
        sort=sort,
        descending=request.GET.get("order") != "asc",
    )


def _canonical_results_url(request: HttpRequest, match_id: int) -> str:
    """The address as the page's own links write it for what the query string asks. Only
    these are kept for fans (a bounded few a match); any other spelling is rendered afresh."""
    group = request.GET.get("fans", "")
    sort = request.GET.get("sort", "")
    query = urlencode(
        {
            "fans": group if group in GROUPS and group != "all" else "",
            "sort": sort if sort in SORTS else "",
            "order": "asc" if request.GET.get("order") == "asc" else "",
        }
    )
    query = "&".join(part for part in query.split("&") if not part.endswith("="))
    url = reverse("ratings:results", args=[match_id])
    return f"{url}?{query}" if query else url


def _results_url(match: Match, **params: str) -> str:
    query = urlencode({name: value for name, value in params.items() if value})
    url = reverse("ratings:results", args=[match.pk])
    return f"{url}?{query}" if query else url


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@shared_for_visitors
def results(request: HttpRequest, match_id: int) -> HttpResponse:
    if (
        request.user.is_authenticated
        and not has_waiting_message(request)
        and request.get_full_path() == _canonical_results_url(request, match_id)
    ):
        return _fan_results_page(request, match_id)
    match = _results_match(match_id)
    story = _story_for(request, match)
    context = _results_context(match, story)
    html = _fill_results_region(_results_region(request, story, context), story)
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(html)
    return render(request, "ratings/results.html", context | {"results_html": html})


def _results_context(match: Match, story: Story) -> dict:
    group = "" if story.group == "all" else story.group
    # Each column's link: the first click sorts highest first, a second click flips it.
    sort_links = [
        {
            "key": key,
            "label": label,
            "active": story.sort == key,
            "url": _results_url(
                match,
                fans=group,
                sort=key,
                order="asc" if story.sort == key and story.descending else "",
            ),
        }
        for key, label in SORT_LABELS.items()
    ]
    group_links = [
        {
            "key": key,
            "label": label,
            "active": story.group == key,
            "url": _results_url(match, fans="" if key == "all" else key, sort=story.sort),
        }
        for key, label in story.group_labels.items()
    ]
    return {
        "match": match,
        "story": story,
        "sides": story.sides,
        "sort_links": sort_links,
        "team_sheet_url": _results_url(match, fans=group),
        "group_links": group_links,
        "min_votes": settings.CROWD_MOTM_MIN_VOTES,
        "provisional_votes": settings.PROVISIONAL_VOTES,
        "refresh_seconds": settings.RESULTS_REFRESH_SECONDS,
    }


# Where the reader's own marks go in the shared rendering of the results.
YOUR_BALLOT_OR_YOU_CELL = re.compile(r"<!--your-ballot-->|<!--you-(\d+)-->")


def _results_region(request: HttpRequest, story: Story, context: dict) -> str:
    """The results region: rendered once per version of the match and kind of reader (marks
    shown or hidden, rated or not, logged in or not) and kept in the cache, with
    placeholders where the reader's own ballot and "You" column go."""
    variant = "|".join(
        (
            request.get_full_path(),
            str(story.visible),
            str(story.rated),
            str(request.user.is_authenticated),
        )
    )
    digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
    key = f"results-region:{story.match.pk}:{story.version}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("ratings/results.html#results", context, request)
        # Bounded like the visitors' pages, so a change that bumps no version (a renamed
        # player) shows in time.
        cache.set(key, html, settings.RESULTS_CACHE_SECONDS)
    return html


def _fill_results_region(html: str, story: Story) -> SafeString:
    """The region with the reader's own ballot and "You" column put in."""
    mine = {row.appearance.pk: row.mine for row in story.rows if row.mine is not None}
    lines = [row.line for row in story.rows]
    # Safe: the text was rendered by the template with autoescaping, and what is filled
    # in is a rendered partial and whole numbers.
    return mark_safe(_with_own_marks(_split_at_own_marks(html), lines, mine))  # noqa: S308


def _split_at_own_marks(html: str) -> tuple[list[str], dict]:
    return split_at(html, YOUR_BALLOT_OR_YOU_CELL, _your_ballot_key)


def _with_own_marks(split: tuple[list[str], dict], lines: list, mine: dict[int, int]) -> str:
    """A page cut by _split_at_own_marks, with this reader's "Your ballot" section and
    "You" column put in."""
    parts, places = split
    pieces = list(parts)
    for key, indexes in places.items():
        for at in indexes:
            if key is None:
                pieces[at] = _your_ballot_html(lines, mine)
            else:
                pieces[at] = str(mine[key]) if key in mine else "–"
    return "".join(pieces)


def _your_ballot_key(found: re.Match) -> int | None:
    return int(found[1]) if found[1] else None


def _fan_results_page(request: HttpRequest, match_id: int) -> HttpResponse:
    """A logged-in fan's results page (no message waiting), kept per version of the match,
    desk version, address and kind of reader (ratings.kept_pages): per request one query
    (the fan's marks and the match's version) and the fan's ballot and "You" column put
    in. Their own vote bumps the version, so they always see it counted."""
    sheet = match_sheet(match_id)
    mine, version = marks_and_version(
        request.user.pk, match_id, [appearance.pk for appearance in sheet.appearances]
    )
    partial = bool(request.htmx and not request.htmx.history_restore_request)
    rated = bool(mine)
    visible = numbers_visible(sheet.match, request.user, rated)

    def render_page():
        match = _results_match(match_id)
        story = _story_for(request, match)
        context = _results_context(match, story)
        region = _results_region(request, story, context)
        with shared_rendering(request):
            html = region
            if not partial:
                html = render_to_string(
                    "ratings/results.html",
                    context
                    | {
                        "results_html": mark_safe(region),  # noqa: S308 (rendered, escaped)
                        "user": AnyFan(request.user.is_staff),
                    },
                    request,
                )
        # In the rows' order: a tie for "furthest" goes to the earlier row.
        lines = [row.line for row in story.rows]
        return _split_at_own_marks(html), lines

    variant = repr((request.get_full_path(), partial, rated, visible, request.user.is_staff))
    digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
    split, lines = local_copy(
        f"fan-results:{match_id}:{digest}", f"{sheet.version}:{version}", render_page
    )
    return HttpResponse(filled(request, [_with_own_marks(split, lines, mine)]))


def _your_ballot_html(lines: list, mine: dict[int, int]) -> str:
    """The "Your ballot" section for these marks, as match_story and the template give it."""
    by_line = {line.key: mine[line.key.pk] for line in lines if line.key.pk in mine}
    story = {
        "mine_count": len(by_line),
        "furthest_from_crowd": furthest(lines, by_line, "crowd"),
        "furthest_from_editor": furthest(lines, by_line, "editor"),
    }
    return render_to_string("ratings/results.html#your-ballot", {"story": story})


@require_GET
@shared_for_visitors
def results_json(request: HttpRequest, match_id: int) -> HttpResponse:
    story = _story_for(request, _results_match(match_id))
    return JsonResponse(export(story), json_dumps_params={"ensure_ascii": False})


@require_GET
@shared_for_visitors
def results_csv(request: HttpRequest, match_id: int) -> HttpResponse:
    match = _results_match(match_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="match-{match.pk}-results.csv"'
    writer = csv.DictWriter(response, fieldnames=CSV_FIELDS)
    writer.writeheader()
    writer.writerows(export_rows(export(_story_for(request, match))))
    return response


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@xframe_options_exempt
def embed(request: HttpRequest, match_id: int) -> HttpResponse:
    """A compact results card for publishers' iframes: the only page that may be framed,
    and only by the origins in EMBED_ALLOWED_ORIGINS (read per request, so a changed
    setting applies at once)."""
    ancestors = settings.EMBED_ALLOWED_ORIGINS or ["'none'"]
    return csp_replace({"frame-ancestors": ancestors})(_embed)(request, match_id)


@shared_for_visitors
def _embed(request: HttpRequest, match_id: int) -> HttpResponse:
    match = _results_match(match_id)
    story = match_story(match, user=request.user)
    template = "ratings/embed.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#embed-card"
    return render(
        request,
        template,
        {
            "match": match,
            "story": story,
            "results_url": request.build_absolute_uri(reverse("ratings:results", args=[match.pk])),
            "min_votes": settings.CROWD_MOTM_MIN_VOTES,
            "refresh_seconds": settings.RESULTS_REFRESH_SECONDS,
        },
    )


@require_GET
@cached_for_visitors(player_version)
def player(request: HttpRequest, player_id: int) -> HttpResponse:
    player = get_object_or_404(Player.objects.select_related("team"), pk=player_id)
    return render(
        request,
        "ratings/player.html",
        {"player": player, "seasons": player_seasons(player, request.user)},
    )


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@cached_for_visitors(competition_version)
def season(request: HttpRequest, competition_id: int) -> HttpResponse:
    competition = get_object_or_404(Competition, pk=competition_id)
    raw_min = request.GET.get("min", "").strip()
    min_given = None
    min_error = ""
    if raw_min:
        # ASCII digits only: int() would take "٣" or "+3", and a huge number means nothing.
        if raw_min.isascii() and raw_min.isdigit() and int(raw_min) <= 99:
            min_given = int(raw_min)
        else:
            min_error = (
                "Minimum appearances must be a whole number from 0 to 99; showing the default."
            )
    sort = request.GET.get("sort", "crowd")
    table = season_table(
        competition,
        request.user,
        min_appearances=min_given,
        sort=sort,
        descending=request.GET.get("order") != "asc",
    )
    base = reverse("ratings:season", args=[competition.pk])
    sort_links = []
    for key, label in SEASON_SORT_LABELS.items():
        active = table["sort"] == key
        query = {
            "min": "" if min_given is None else str(min_given),
            "sort": key,
            "order": "asc" if active and table["descending"] else "",
        }
        query_string = urlencode({name: value for name, value in query.items() if value})
        sort_links.append(
            {"key": key, "label": label, "active": active, "url": f"{base}?{query_string}"}
        )
    template = "ratings/season.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#season-table"
    return render(
        request,
        template,
        {
            "competition": competition,
            "table": table,
            "sort_links": sort_links,
            "min_given": min_given,
            "min_value": "" if min_given is None else min_given,
            "min_error": min_error,
        },
    )
