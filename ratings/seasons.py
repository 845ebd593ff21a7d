"""Across matches: a player's record season by season, and a competition's season table.

Both follow the results page's no-herding rule: a match still open for rating counts only
for a reader who has rated it (or an editor, or when the rule is off).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from matches.models import Appearance, Competition, Match
from ratings.models import FanRating, lines_for
from ratings.stats import Line, Record, record


def hidden_matches(user, matches: list[Match]) -> set[int]:
    """The ids of the matches whose marks this reader may not see yet (one query at most)."""
    open_ids = {match.pk for match in matches if match.is_open_for_rating()}
    if not open_ids or not settings.HIDE_RESULTS_UNTIL_RATED:
        return set()
    if getattr(user, "is_staff", False):
        return set()
    if user is None or not user.is_authenticated:
        return open_ids
    rated = set(
        FanRating.objects.filter(fan=user, appearance__match__in=open_ids)
        .values_list("appearance__match_id", flat=True)
        .distinct()
    )
    return open_ids - rated


@dataclass(frozen=True)
class PlayerMatch:
    line: Line
    hidden: bool  # the no-herding rule hides this match's marks from this reader

    @property
    def match(self) -> Match:
        return self.line.key.match


def player_seasons(player, user) -> list[dict]:
    """Each competition the player appeared in, newest first: its matches (newest first),
    the chart's points (oldest first) and the season's averages over the visible matches."""
    appearances = list(
        player.appearances.select_related(
            "player",
            "team",
            "editor_rating",
            "match__competition",
            "match__home_team",
            "match__away_team",
            "match__demo_match",
        ).order_by("-match__kickoff", "-match_id")
    )
    hidden = hidden_matches(user, [appearance.match for appearance in appearances])
    by_competition: dict[int, list[PlayerMatch]] = defaultdict(list)
    competitions: dict[int, Competition] = {}
    for line in lines_for(appearances):
        match = line.key.match
        competitions[match.competition_id] = match.competition
        by_competition[match.competition_id].append(PlayerMatch(line, match.pk in hidden))
    seasons = []
    for competition_id, games in by_competition.items():
        shown = [game.line for game in games if not game.hidden]
        seasons.append(
            {
                "competition": competitions[competition_id],
                "games": games,
                "chart": [game.line for game in reversed(games) if not game.hidden],
                "record": record(shown),
                "hidden": len(games) - len(shown),
            }
        )
    # Newest season first: each season's games are already newest first.
    seasons.sort(key=lambda season: season["games"][0].match.kickoff, reverse=True)
    return seasons


@dataclass(frozen=True)
class SeasonRow:
    player: object
    team: object
    record: Record
    team_matches: int  # the team's rated matches in the competition (visible to this reader)

    @property
    def appearances(self) -> int:
        return self.record.matches

    @property
    def crowd_mean(self) -> Decimal | None:
        return self.record.crowd.mean


SEASON_SORTS = {
    "crowd": lambda row: row.crowd_mean,
    "editor": lambda row: row.record.editor_mean,
    "difference": lambda row: row.record.difference,
    "votes": lambda row: row.record.crowd.votes,
    "appearances": lambda row: row.appearances,
}
SEASON_SORT_LABELS = {
    "appearances": "Apps",
    "crowd": "Crowd",
    "votes": "Votes",
    "editor": "Editor",
    "difference": "Crowd − editor",
}


def season_table(
    competition: Competition,
    user,
    *,
    min_appearances: int | None = None,
    sort: str = "crowd",
    descending: bool = True,
) -> dict:
    """Every player of a competition with his season's averages, ranked by the crowd.

    A player needs `min_appearances` matches, or by default half of his team's rated matches
    (those with any fan vote on that team's players), so one good afternoon does not top it.
    """
    appearances = list(
        Appearance.objects.filter(match__competition=competition)
        .select_related("player", "team", "editor_rating", "match__demo_match")
        .order_by("match__kickoff", "match_id", "order", "pk")
    )
    hidden = hidden_matches(user, list({a.match_id: a.match for a in appearances}.values()))
    lines = [line for line in lines_for(appearances) if line.key.match_id not in hidden]
    team_rated: dict[int, set[int]] = defaultdict(set)
    by_player: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_player[line.key.player_id].append(line)
        if line.tally.votes:
            team_rated[line.key.team_id].add(line.key.match_id)
    rows = []
    for player_lines in by_player.values():
        latest = player_lines[-1].key  # his team is the one he played for most recently
        rows.append(
            SeasonRow(
                player=latest.player,
                team=latest.team,
                record=record(player_lines),
                team_matches=len(team_rated[latest.team_id]),
            )
        )
    if min_appearances is None:
        kept = [row for row in rows if 2 * row.appearances >= row.team_matches]
    else:
        kept = [row for row in rows if row.appearances >= min_appearances]
    sort = sort if sort in SEASON_SORTS else "crowd"
    key = SEASON_SORTS[sort]
    by_name = sorted(kept, key=lambda row: row.player.name)
    known = [row for row in by_name if key(row) is not None]
    unknown = [row for row in by_name if key(row) is None]
    return {
        "rows": sorted(known, key=key, reverse=descending) + unknown,
        "left_out": len(rows) - len(kept),
        "hidden_matches": len(hidden),
        "demo": any(hasattr(line.key.match, "demo_match") for line in lines),
        "sort": sort,
        "descending": descending,
    }
