"""Saving an import plan (``desk.importer.plan_import``) in one transaction, or refusing it.

- A new match's fan rating window opens at kick-off and closes ``RATING_WINDOW_HOURS``
  (72 by default) later, unless given: the same default as the match admin and the team sheet.
- The fans'-votes rule is checked again under the match's lock, and the database's own
  refusal (``FanRating.appearance`` is PROTECT) becomes a refusal too, never a server error.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, ProtectedError, Q

from desk.importer import ImportPlan, ImportRefused, rated_problem
from matches.models import Appearance, Competition, Match, MatchEvent, Player, Team
from ratings.models import EditorRating, FanRating


def rating_window(
    kickoff: datetime, opens_at: datetime | None = None, closes_at: datetime | None = None
) -> tuple[datetime, datetime]:
    """A new match's fan rating window: from kick-off for ``RATING_WINDOW_HOURS``, unless given."""
    opens_at = opens_at or kickoff
    return opens_at, closes_at or Match.default_rating_window(opens_at)[1]


def apply_import(
    plan: ImportPlan,
    *,
    match: Match | None = None,
    competition: Competition | None = None,
    kickoff: datetime | None = None,
    rating_opens_at: datetime | None = None,
    rating_closes_at: datetime | None = None,
) -> Match:
    """Write the plan in one transaction and return the match; ImportRefused if it cannot.

    Without a match (planned without one too), a new match is created between the two
    teams: it needs ``competition`` and ``kickoff``. The rating window is set when given.
    """
    if match is not None and (plan.match is None or plan.match.pk != match.pk):
        raise ImportRefused("This import was checked for another match; preview it again.")
    match = plan.match
    if not plan.can_apply:
        problems = plan.all_problems
        first = problems[0]
        raise ImportRefused(
            f"Nothing was imported: {len(problems)} problem(s) to fix first, "
            f"starting with line {first.line}: {first.message}"
        )
    if match is None and len(plan.teams) != 2:
        raise ImportRefused(
            "A report that rates one team imports into an existing match: choose the match."
        )
    if match is None and (competition is None or kickoff is None):
        raise ImportRefused("A new match needs a competition and a kick-off time.")
    if match is None:
        window = rating_window(kickoff, rating_opens_at, rating_closes_at)
    elif rating_opens_at or rating_closes_at:
        window = (
            rating_opens_at or match.rating_opens_at,
            rating_closes_at or match.rating_closes_at,
        )
    else:
        window = None
    if window is not None and window[1] <= window[0]:
        raise ImportRefused("The fan rating window must close after it opens.")
    try:
        return _write(plan, match, competition, kickoff, window)
    except ProtectedError as protected:
        # A fan voted between the check under the lock and the delete: the database refused.
        names = sorted({rating.appearance.player.name for rating in protected.protected_objects})
        raise ImportRefused(
            f"Fans have just rated {', '.join(names)} in this match, so the line-up cannot "
            "drop them. Nothing was saved: preview the report again."
        ) from None


def _write(plan, match, competition, kickoff, window) -> Match:
    with transaction.atomic():
        teams = [
            planned.team or Team.objects.get_or_create(name=planned.parsed.name)[0]
            for planned in plan.teams
        ]
        if match is None:
            match = Match.objects.create(
                competition=competition,
                home_team=teams[0],
                away_team=teams[1],
                kickoff=kickoff,
                rating_opens_at=window[0],
                rating_closes_at=window[1],
            )
        else:
            match = Match.objects.select_for_update().get(pk=match.pk)
        _refuse_moving_rated_appearances(match, plan, teams)
        players = _save_line_ups(match, plan, teams)
        _remove_unlisted(match, players, teams)
        _save_events(match, plan)
        _save_match_fields(match, plan, players, window)
    return match


def _save_line_ups(match: Match, plan: ImportPlan, teams: list[Team]) -> dict[str, Player]:
    """Upsert the appearances and editor ratings; returns the player of each row key."""
    players = {}
    for team, planned in zip(teams, plan.teams, strict=True):
        for row in planned.players:
            players[row.key] = row.player or Player(name=row.parsed.name, team=team)
    Player.objects.bulk_create([player for player in players.values() if player.pk is None])
    minutes_before = dict(match.appearances.values_list("player_id", "minute_on"))
    appearances = []
    for team, planned in zip(teams, plan.teams, strict=True):
        orders = {Appearance.Role.STARTER: 0, Appearance.Role.SUBSTITUTE: 0}
        for row in planned.players:
            player, role = players[row.key], Appearance.Role(row.parsed.role)
            orders[role] += 1
            minute_on = row.parsed.minute_on
            if minute_on is None and role == Appearance.Role.SUBSTITUTE:
                minute_on = minutes_before.get(player.pk)  # keep a minute typed in the desk
            appearances.append(
                Appearance(
                    match=match,
                    player=player,
                    team=team,
                    role=role,
                    order=orders[role],
                    minute_on=minute_on,
                )
            )
    Appearance.objects.bulk_create(
        appearances,
        update_conflicts=True,
        unique_fields=["match", "player"],
        update_fields=["team", "role", "order", "minute_on"],
    )
    # Upserted rows do not report their primary keys on every database: read them back.
    saved = {a.player_id: a for a in match.appearances.filter(player__in=players.values())}
    EditorRating.objects.bulk_create(
        [
            EditorRating(
                appearance=saved[players[row.key].pk],
                quarters=EditorRating.quarters_for(row.parsed.value),
                written_as=row.parsed.rating,
            )
            for row in plan.rows
        ],
        update_conflicts=True,
        unique_fields=["appearance"],
        update_fields=["quarters", "written_as"],
    )
    return players


def _refuse_moving_rated_appearances(match: Match, plan: ImportPlan, teams: list[Team]) -> None:
    """The plan's check again, under the match's lock: a fan may have voted since the preview."""
    planned = {
        row.player.pk: team.pk
        for team, planned_team in zip(teams, plan.teams, strict=True)
        for row in planned_team.players
        if row.player is not None
    }
    rated = (
        match.appearances.filter(Q(team__in=teams) | Q(player__in=planned))
        .filter(Exists(FanRating.objects.filter(appearance=OuterRef("pk"))))
        .select_related("player", "team")
        .annotate(fan_votes=Count("fan_ratings"))
    )
    for appearance in rated:
        if appearance.player_id not in planned:
            raise ImportRefused(rated_problem(appearance, "the report no longer lists him").message)
        if planned[appearance.player_id] != appearance.team_id:
            raise ImportRefused(rated_problem(appearance, "the report moves him").message)


def _remove_unlisted(match: Match, players: dict[str, Player], teams: list[Team]) -> None:
    match.appearances.filter(team__in=teams).exclude(player__in=players.values()).delete()


def _save_events(match: Match, plan: ImportPlan) -> None:
    if not plan.report.events:
        return
    match.events.all().delete()
    MatchEvent.objects.bulk_create(
        MatchEvent(match=match, minute=event.minute, kind=event.kind, description=event.text)
        for event in plan.report.events
    )


def _save_match_fields(
    match: Match,
    plan: ImportPlan,
    players: dict[str, Player],
    window: tuple[datetime, datetime] | None,
) -> None:
    match.report_text = plan.text
    fields = ["report_text"]
    if plan.man_of_the_match is not None:
        player = players[plan.man_of_the_match.key]
        match.man_of_the_match = match.appearances.get(player=player)
        fields.append("man_of_the_match")
    if plan.report.score is not None and (match.home_score is None or match.away_score is None):
        match.home_score, match.away_score = plan.report.score
        fields += ["home_score", "away_score"]
    if window is not None:
        match.rating_opens_at, match.rating_closes_at = window
        fields += ["rating_opens_at", "rating_closes_at"]
    match.save(update_fields=fields)
