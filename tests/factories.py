"""Test data helpers: make_x(**overrides) returns a saved object with sensible defaults."""

from datetime import timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from matches.models import Appearance, Competition, Match, MatchEvent, Player, Team
from ratings.models import EditorRating, FanRating, rate_players, save_editor_rating
from ratings.stats import Line, Tally

_numbers = count(1)

# The seed match report (Napoli 1-0 Juventus): its structure, ratings block, man of the match
# and key-moment headlines as published, its prose retold in our own words.
SEED_REPORT = Path(__file__).resolve().parent / "fixtures" / "seed-match-report.txt"

FAN_PASSWORD = "a-long-test-password-1871"


def make_fan(username: str | None = None, **overrides):
    username = username or f"fan-{next(_numbers)}"
    user = get_user_model().objects.create_user(
        username=username, password=FAN_PASSWORD, **overrides
    )
    return user


def make_editor(username: str = "desk-editor"):
    """A staff user in the Editors group, as the demo command and an admin would set one up."""
    from django.contrib.auth.models import Group, Permission

    from ratings.editors import ensure_editors_group

    editor = make_fan(username, is_staff=True)
    editor.groups.add(ensure_editors_group(Group, Permission))
    return editor


def make_team(name: str | None = None) -> Team:
    return Team.objects.get_or_create(name=name or f"Team {next(_numbers)}")[0]


def make_competition(name: str = "Serie A", season: str = "2020-21") -> Competition:
    return Competition.objects.get_or_create(name=name, season=season)[0]


def make_player(name: str | None = None, team: Team | None = None) -> Player:
    return Player.objects.create(name=name or f"Player {next(_numbers)}", team=team)


def make_bare_match(**overrides) -> Match:
    """A match with no line-ups; rating open from an hour ago for a week."""
    now = timezone.now()
    fields = {
        "competition": overrides.pop("competition", None) or make_competition(),
        "home_team": overrides.pop("home_team", None) or make_team(),
        "away_team": overrides.pop("away_team", None) or make_team(),
        "kickoff": now - timedelta(hours=3),
        "home_score": 1,
        "away_score": 0,
        "rating_opens_at": now - timedelta(hours=1),
        "rating_closes_at": now + timedelta(days=7),
    }
    fields.update(overrides)
    return Match.objects.create(**fields)


def make_appearance(
    match: Match,
    name: str | None = None,
    *,
    team: Team | None = None,
    role: str = Appearance.Role.STARTER,
    order: int = 1,
    editor: str | None = None,
    minute_on: int | None = None,
) -> Appearance:
    """A player in a match; editor="6,5" or "N/A" also records the editor's rating."""
    team = team or match.home_team
    appearance = Appearance.objects.create(
        match=match,
        player=make_player(name, team),
        team=team,
        role=role,
        order=order,
        minute_on=minute_on,
    )
    if editor is not None:
        save_editor_rating(appearance, editor)
    return appearance


def make_match(home: str = "Napoli", away: str = "Juventus", **overrides) -> Match:
    """An open match with two players a side: a starter and a substitute each."""
    match = make_bare_match(home_team=make_team(home), away_team=make_team(away), **overrides)
    make_appearance(match, "Alex Meret", editor="8", order=1)
    make_appearance(
        match, "Stanislav Lobotka", editor="N/A", role="substitute", order=1, minute_on=80
    )
    make_appearance(match, "Wojciech Szczesny", team=match.away_team, editor="6", order=1)
    make_appearance(
        match, "Alex Sandro", team=match.away_team, editor="6,5", role="substitute", order=1
    )
    return match


def make_fan_rating(appearance: Appearance, fan=None, score: int = 7) -> FanRating:
    """A vote through rate_players, the one write path, so the tallies count it; a closed
    match is rated as of its opening minute."""
    fan = fan or make_fan()
    match = appearance.match
    rate_players(fan=fan, match=match, scores={appearance: score}, now=match.rating_opens_at)
    return FanRating.objects.get(appearance=appearance, fan=fan)


def make_event(
    match: Match, minute: int = 31, kind: str = "goal", description: str = "Goal."
) -> MatchEvent:
    return MatchEvent.objects.create(match=match, minute=minute, kind=kind, description=description)


def appearance_named(match: Match, name: str) -> Appearance:
    return match.appearances.select_related("player").get(player__name=name)


def make_closed_match(**overrides) -> Match:
    """Like make_match, but the rating window closed a day ago."""
    now = timezone.now()
    overrides.setdefault("rating_opens_at", now - timedelta(days=8))
    overrides.setdefault("rating_closes_at", now - timedelta(days=1))
    return make_match(**overrides)


def make_ballots(match: Match, scores: dict[str, list[int]]) -> list:
    """Fan ratings by player name, {"Alex Meret": [7, 8, 9]}; returns the fans.

    The nth score in every list is the nth fan's, so the longest list sets how many fans vote.
    """
    fans = [make_fan() for _ in range(max(map(len, scores.values()), default=0))]
    for name, player_scores in scores.items():
        appearance = appearance_named(match, name)
        for fan, score in zip(fans, player_scores, strict=False):
            make_fan_rating(appearance, fan, score)
    return fans


def seed_report() -> str:
    return SEED_REPORT.read_text(encoding="utf-8")


def row_counts() -> dict[str, int]:
    """How many rows the match desk's tables hold: an import must change all or none."""
    return {
        "teams": Team.objects.count(),
        "players": Player.objects.count(),
        "matches": Match.objects.count(),
        "appearances": Appearance.objects.count(),
        "editor_ratings": EditorRating.objects.count(),
        "events": MatchEvent.objects.count(),
    }


def make_tally(*votes: int) -> Tally:
    return Tally(len(votes), sum(votes), sum(vote * vote for vote in votes))


def make_line(name: str, *votes: int, editor: str | None = None) -> Line:
    """A comparison line with no database row behind it, for the statistics tables."""
    return Line(
        key=name,
        name=name,
        tally=make_tally(*votes),
        editor_value=None if editor is None else Decimal(editor),
    )
