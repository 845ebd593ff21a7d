"""One match's results as one reader may see them: sorted, split by supporters, or hidden.

The results page, its exports and the embed all read a match through `match_story`, so the
no-herding rule, the supporter groups and the sort live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal

from django.conf import settings

from matches.models import Match
from ratings.models import FanRating, Side, editor_value, match_counts, tallies_for
from ratings.stats import (
    Agreement,
    Furthest,
    Line,
    Tally,
    agreement,
    biggest_disagreements,
    crowd_pick,
    furthest,
    is_provisional,
    mean_difference,
    round2,
)

# Sort keys: each puts players without the number last, whichever way the column runs.
SORTS = {
    "crowd": lambda row: row.line.crowd_mean,
    "editor": lambda row: row.line.editor_value,
    "difference": lambda row: row.line.difference,
    "votes": lambda row: row.line.tally.votes,
}
SORT_LABELS = {
    "crowd": "Crowd",
    "editor": "Editor",
    "difference": "Crowd − editor",
    "votes": "Votes",
}
# "all" every fan; one supporter group; or "split", the three groups side by side.
GROUPS = ("all", Side.HOME.value, Side.AWAY.value, Side.NEUTRAL.value, "split")


@dataclass(frozen=True)
class GroupMark:
    """One supporter group's verdict on one player."""

    side: str
    label: str
    tally: Tally
    provisional: bool

    @property
    def mean(self) -> Decimal | None:
        return self.tally.mean


@dataclass(frozen=True)
class Row:
    """One player on the results page: his line, and what this reader adds to it."""

    line: Line
    provisional: bool
    mine: int | None = None
    groups: tuple[GroupMark, ...] = ()

    @property
    def appearance(self):
        return self.line.key


@dataclass
class Story:
    match: Match
    visible: bool  # False: the no-herding rule hides every mark but the vote counts
    group: str
    sort: str
    descending: bool
    sides: list[dict]
    rows: list[Row]
    agreement: Agreement
    crowd_motm: Line | None
    disagreements: list[Line]
    fans: int
    demo_fans: int
    rated: bool  # this reader rated at least one player of the match
    furthest_from_crowd: Furthest | None = None
    furthest_from_editor: Furthest | None = None
    group_labels: dict = field(default_factory=dict)
    supporter_split: tuple | None = None  # (row, home mark, away mark) in the split view
    version: int = 0  # the match's write counter when read: changes with every vote

    @property
    def group_label(self) -> str:
        return self.group_labels[self.group]

    @property
    def mine_count(self) -> int:
        return sum(1 for row in self.rows if row.mine is not None)


def group_labels(match: Match) -> dict[str, str]:
    return {
        "all": "All fans",
        Side.HOME.value: f"{match.home_team} fans",
        Side.AWAY.value: f"{match.away_team} fans",
        Side.NEUTRAL.value: "Neutrals",
        "split": "Side by side",
    }


def numbers_visible(match: Match, user, rated: bool) -> bool:
    """The no-herding rule: while rating is open, marks show only to fans who have rated.

    Editors (staff) see everything; the rule can be turned off with HIDE_RESULTS_UNTIL_RATED.
    """
    if not settings.HIDE_RESULTS_UNTIL_RATED or not match.is_open_for_rating():
        return True
    return rated or bool(getattr(user, "is_staff", False))


def match_story(
    match: Match, *, user=None, group: str = "all", sort: str = "", descending: bool = True
) -> Story:
    """Everything the results page, the exports and the embed show, in a fixed number of
    queries: the line-ups, one tally per group shown, the fan counts, the reader's own votes."""
    group = group if group in GROUPS else "all"
    sort = sort if sort in SORTS else ""
    appearances = list(match.team_sheet().select_related("player", "team", "editor_rating"))
    tallies = tallies_for(appearances, side=None if group in ("all", "split") else group)
    mine: dict[int, int] = {}
    if user is not None and user.is_authenticated:
        mine = dict(
            FanRating.objects.filter(fan=user, appearance__match=match).values_list(
                "appearance_id", "score"
            )
        )
    threshold = settings.PROVISIONAL_VOTES
    labels = group_labels(match)
    group_tallies = {}
    if group == "split":
        group_tallies = {side: tallies_for(appearances, side=side) for side in Side.values}

    rows = []
    for appearance in appearances:
        line = Line(
            key=appearance,
            name=appearance.player.name,
            tally=tallies.get(appearance.pk, Tally()),
            editor_value=editor_value(appearance),
        )
        marks = tuple(
            GroupMark(
                side=side,
                label=labels[side],
                tally=by_side.get(appearance.pk, Tally()),
                provisional=is_provisional(by_side.get(appearance.pk, Tally()), threshold),
            )
            for side, by_side in group_tallies.items()
        )
        rows.append(
            Row(
                line=line,
                provisional=is_provisional(line.tally, threshold),
                mine=mine.get(appearance.pk),
                groups=marks,
            )
        )
    rated = bool(mine)
    visible = numbers_visible(match, user, rated)
    if sort and (visible or sort == "votes"):
        # While the marks are hidden, an order by them would give them away: votes only.
        rows = sort_rows(rows, sort, descending)

    lines = [row.line for row in rows]
    counts = match_counts(match.pk)
    mine_by_line = {row.line.key: row.mine for row in rows if row.mine is not None}
    return Story(
        match=match,
        visible=visible,
        group=group,
        sort=sort,
        descending=descending,
        sides=[
            {
                "team": team,
                "rows": [row for row in rows if row.appearance.team_id == team.pk],
                "any_provisional": any(
                    row.provisional or any(mark.provisional for mark in row.groups)
                    for row in rows
                    if row.appearance.team_id == team.pk and row.line.tally.votes
                ),
                "mean_difference": mean_difference(
                    row.line for row in rows if row.appearance.team_id == team.pk
                ),
            }
            for team in (match.home_team, match.away_team)
        ],
        rows=rows,
        agreement=agreement(lines),
        crowd_motm=crowd_pick(lines, settings.CROWD_MOTM_MIN_VOTES),
        disagreements=biggest_disagreements(lines),
        fans=counts["fans"],
        demo_fans=counts["demo_fans"],
        rated=rated,
        furthest_from_crowd=furthest(lines, mine_by_line, "crowd"),
        furthest_from_editor=furthest(lines, mine_by_line, "editor"),
        group_labels=labels,
        supporter_split=supporter_split(rows),
        version=counts["version"],
    )


def supporter_split(rows: list[Row]) -> tuple | None:
    """The player the two clubs' fans disagreed on most: (row, home mark, away mark).

    Only in the side-by-side view, where each group's tally is known; ties go to the earlier
    player in the table."""
    best, widest = None, Decimal(0)
    for row in rows:
        marks = {mark.side: mark for mark in row.groups}
        home, away = marks.get(Side.HOME.value), marks.get(Side.AWAY.value)
        if home is None or away is None or home.mean is None or away.mean is None:
            continue
        gap = abs(home.mean - away.mean)
        if gap > widest:
            best, widest = (row, home, away), gap
    return best


def sort_rows(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    """Rows by one column; players without that number stay last, in team-sheet order."""
    key = SORTS[sort]
    known = [row for row in rows if key(row) is not None]
    unknown = [row for row in rows if key(row) is None]
    # sorted() is stable: equal values keep the team-sheet order.
    return sorted(known, key=key, reverse=descending) + unknown


def _number(value: Decimal | None) -> float | int | None:
    """A figure for the exports: two decimals, a whole number where it is one (a median of 9)."""
    if value is None:
        return None
    rounded = round2(value)
    return (
        int(rounded)
        if rounded == rounded.to_integral_value() and value == rounded
        else float(rounded)
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(round2(value))


def export(story: Story) -> dict:
    """The published shape of a match's results (results.json; results.csv flattens it).

    While the no-herding rule hides the marks, only the vote counts are filled in.
    """
    match = story.match
    shown = story.visible
    motm = match.man_of_the_match
    return {
        "match": {
            "id": match.pk,
            "competition": str(match.competition),
            "home": match.home_team.name,
            "away": match.away_team.name,
            "home_score": match.home_score,
            "away_score": match.away_score,
            "kickoff": match.kickoff.astimezone(UTC).isoformat(),
            "rating_open": match.is_open_for_rating(),
        },
        "players": [
            {
                "player": row.line.name,
                "team": row.appearance.team.name,
                "role": row.appearance.role,
                "editor": _float(row.line.editor_value) if shown else None,
                "crowd_mean": _float(row.line.crowd_mean) if shown else None,
                "crowd_median": _number(row.line.tally.median) if shown else None,
                "votes": row.line.tally.votes,
                "provisional": row.provisional,
                "distribution": list(row.line.tally.distribution or [0] * 10) if shown else None,
                "difference": _float(_gap(row.line)) if shown else None,
            }
            for row in story.rows
        ],
        "editor_man_of_the_match": motm.player.name if motm and shown else None,
        "crowd_man_of_the_match": story.crowd_motm.name if story.crowd_motm and shown else None,
        "agreement": {
            "mean_absolute_difference": (
                _float(story.agreement.mean_absolute_difference) if shown else None
            ),
            "spearman": _float(story.agreement.spearman) if shown else None,
        },
    }


def _gap(line: Line) -> Decimal | None:
    """Crowd minus editor, unrounded: the export rounds it to two places itself."""
    if line.crowd_mean is None or line.editor_value is None:
        return None
    return line.crowd_mean - line.editor_value


CSV_FIELDS = [
    "player",
    "team",
    "role",
    "editor",
    "crowd_mean",
    "crowd_median",
    "votes",
    "provisional",
    *(f"votes_{score}" for score in range(1, 11)),
    "difference",
]


def export_rows(data: dict) -> list[dict]:
    """results.csv: one row per player, the distribution spread over votes_1 .. votes_10."""
    rows = []
    for player in data["players"]:
        row = {name: value for name, value in player.items() if name != "distribution"}
        distribution = player["distribution"] or [None] * 10
        row |= {f"votes_{score}": count for score, count in enumerate(distribution, start=1)}
        row["provisional"] = "true" if player["provisional"] else "false"
        rows.append(row)
    return rows
