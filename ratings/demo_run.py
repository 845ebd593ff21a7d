"""A short run of Serie A 2020-21 around the demo match, so the player pages and the season
table have a story: real fixtures, dates and scores; line-ups drawn from the seed's squads (only
Napoli's and Juventus's players: their opponents' line-ups are not part of the demo); the
editor's marks and the fans' votes are made up, and every page of these matches says so.

Deterministic (a fixed random seed) and idempotent: running it again updates the same rows.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from matches.models import Appearance, Competition, Match, Player, Team
from ratings.models import (
    DemoFan,
    DemoMatch,
    FanRating,
    editor_value,
    rebuild_tallies,
    save_editor_rating,
    side_for,
)

ROME = ZoneInfo("Europe/Rome")

# (date, local kick-off, home, away, home goals, away goals): Serie A 2020-21 as played.
# Kick-off times are approximate; dates and scores are the real ones.
FIXTURES = [
    ((2021, 1, 30), (18, 0), "Sampdoria", "Juventus", 0, 2),
    ((2021, 2, 6), (18, 0), "Genoa", "Napoli", 2, 1),
    ((2021, 2, 6), (20, 45), "Juventus", "Roma", 2, 0),
    ((2021, 2, 21), (18, 0), "Atalanta", "Napoli", 4, 2),
    ((2021, 2, 22), (20, 45), "Juventus", "Crotone", 3, 0),
    ((2021, 2, 27), (20, 45), "Verona", "Juventus", 1, 1),
    ((2021, 3, 3), (20, 45), "Sassuolo", "Napoli", 3, 3),
    ((2021, 4, 7), (18, 45), "Juventus", "Napoli", 2, 1),
]
SEED_CLUBS = ("Napoli", "Juventus")


def demo_fan_club(number: int) -> str | None:
    """Demo fans split into Napoli fans, Juventus fans and neutrals, so the supporter groups
    have something to show."""
    return {0: "Napoli", 1: "Juventus"}.get(number % 3)


def _squad(team: Team, seed_match: Match) -> tuple[list[Player], list[Player], dict]:
    """The team's starters and substitutes in the seed match, in team-sheet order, and each
    player's form: his seed mark pulled halfway towards a pass (6 when he was not rated)."""
    sheet = (
        seed_match.appearances.filter(team=team)
        .select_related("player", "editor_rating")
        .order_by("role", "order")
    )
    starters = [a.player for a in sheet if a.role == Appearance.Role.STARTER]
    subs = [a.player for a in sheet if a.role == Appearance.Role.SUBSTITUTE]
    form = {a.player_id: (float(editor_value(a) or 6) + 6) / 2 for a in sheet}
    return starters, subs, form


def _mark(rng: random.Random, centre: float) -> str:
    """An editor's mark in half points, written the way reports write them (6,5)."""
    value = min(9.0, max(4.0, round(rng.gauss(centre, 0.7) * 2) / 2))
    return f"{value:g}".replace(".", ",")


def load_demo_run(seed_match: Match, fans: int, now: datetime | None = None) -> list[Match]:
    """Create (or refresh) the run's matches, line-ups, editor's marks and demo fans' votes."""
    rng = random.Random(2021)
    competition = seed_match.competition
    teams = {team.name: team for team in (seed_match.home_team, seed_match.away_team)}
    squads = {name: _squad(team, seed_match) for name, team in teams.items()}
    matches = []
    for (year, month, day), (hour, minute), home, away, home_goals, away_goals in FIXTURES:
        match = _match(competition, home, away, year, month, day, hour, minute)
        match.home_score, match.away_score = home_goals, away_goals
        match.save(update_fields=["home_score", "away_score"])
        DemoMatch.objects.get_or_create(match=match)
        for club in SEED_CLUBS:
            if club not in (home, away):
                continue
            won = (home_goals - away_goals) * (1 if club == home else -1)
            centre = 6.0 + (0.5 if won > 0 else -0.5 if won < 0 else 0)
            _line_up(match, teams[club], squads[club], rng, centre)
        # The editor's man of the match: his best mark, the first on the team sheet if tied.
        sheet = list(match.team_sheet().select_related("editor_rating"))
        match.man_of_the_match = max(sheet, key=lambda a: (editor_value(a) or 0, -sheet.index(a)))
        match.save(update_fields=["man_of_the_match"])
        matches.append(match)
    if fans:
        _vote(matches, fans, rng)
    return matches


def _match(competition: Competition, home: str, away: str, *date_and_time: int) -> Match:
    year, month, day, hour, minute = date_and_time
    kickoff = datetime(year, month, day, hour, minute, tzinfo=ROME)
    match, _ = Match.objects.update_or_create(
        competition=competition,
        home_team=Team.objects.get_or_create(name=home)[0],
        away_team=Team.objects.get_or_create(name=away)[0],
        kickoff=kickoff,
        defaults={
            "rating_opens_at": kickoff + timedelta(hours=2),
            "rating_closes_at": kickoff + timedelta(days=7),
        },
    )
    return match


def _line_up(match: Match, team: Team, squad, rng: random.Random, centre: float) -> None:
    starters, subs, form = squad
    # The seed's XI, with one starter rested for a substitute now and then.
    starters, subs = list(starters), list(subs)
    if subs and rng.random() < 0.5:
        rested = rng.randrange(1, len(starters))  # never the goalkeeper
        starters[rested], subs[0] = subs[0], starters[rested]
    on = rng.sample(subs, k=min(3, len(subs)))
    sheet = [(p, Appearance.Role.STARTER, n, None) for n, p in enumerate(starters, start=1)]
    sheet += [
        (p, Appearance.Role.SUBSTITUTE, n, minute)
        for n, (p, minute) in enumerate(zip(on, (60, 70, 80), strict=False), start=1)
    ]
    for player, role, order, minute_on in sheet:
        appearance, _ = Appearance.objects.update_or_create(
            match=match,
            player=player,
            defaults={"team": team, "role": role, "order": order, "minute_on": minute_on},
        )
        save_editor_rating(appearance, _mark(rng, form[player.pk] + centre - 6))


def demo_fans(count: int) -> list:
    """The demo fans demo-fan-001 onwards, marked as demo fans, each with a club or none."""
    User = get_user_model()
    clubs = {team.name: team for team in Team.objects.filter(name__in=SEED_CLUBS)}
    users = []
    for number in range(1, count + 1):
        user, created = User.objects.get_or_create(username=f"demo-fan-{number:03d}")
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        club = clubs.get(demo_fan_club(number))
        if user.club_id != (club.pk if club else None):
            user.club = club
            user.save(update_fields=["club"])
        DemoFan.objects.get_or_create(user=user)
        users.append(user)
    return users


def tribal_bias(fan, appearance) -> float:
    """Fans are a little kinder to their own club's players and harder on the other side's."""
    if fan.club_id is None:
        return 0.0
    return 0.8 if fan.club_id == appearance.team_id else -0.8


def _vote(matches: list[Match], count: int, rng: random.Random) -> None:
    """Demo fans vote near the editor's mark, a little kinder to their own club's players."""
    users = demo_fans(count)
    appearances = list(
        Appearance.objects.filter(match__in=matches)
        .select_related("editor_rating", "match")
        .order_by("match__kickoff", "pk")
    )
    # Each player gets a crowd mood of his own in each match, so some verdicts differ.
    mood = {a.pk: rng.choice([-1.5, -1, -0.5, 0, 0, 0.5, 1, 1.5]) for a in appearances}
    votes = []
    for user in users:
        for appearance in appearances:
            if rng.random() < 0.25:
                continue  # nobody rates every match
            editor = float(editor_value(appearance) or 6) + mood[appearance.pk]
            score = round(rng.gauss(editor + tribal_bias(user, appearance), 1.0))
            votes.append(
                FanRating(
                    appearance=appearance,
                    fan=user,
                    score=min(10, max(1, score)),
                    side=side_for(appearance.match, user.club_id),
                )
            )
    FanRating.objects.bulk_create(
        votes,
        update_conflicts=True,
        unique_fields=["fan", "appearance"],
        update_fields=["score", "side", "updated_at"],
    )
    # Bulk-written for speed; the tallies are then counted from the votes in SQL.
    rebuild_tallies([match.pk for match in matches])
