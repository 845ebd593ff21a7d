"""Import a pasted match report: line-ups, the editor's ratings, man of the match, key moments.

Two steps, so the editor checks before anything is written:

- ``plan_import`` parses the text (``desk.report``) and matches every name to a
  team and a player in the database. It writes nothing.
- ``apply_import`` (``desk/saving.py``) writes a plan in one transaction, or refuses it whole.

Decisions:

- A report rates two teams, the home side first. Importing into a match, they must be that
  match's teams: the same name (ignoring case, accents and spacing), or another name
  ("Juve") when most of its players are that side's and it is not the other side's name.
  Without a match an existing team is used by that name, or a new team is created.
- A report may rate one team (an article on one club's pagelle). Into a match it goes to the
  side of that name, else to the side whose squad and line-up most of its names match; the
  other side is left alone. Without a match the team is the header's name, and saving needs
  a match.
- A name is matched among the players of its team and the players who already appear for
  that team in this match (so a re-import finds a player who has since moved club). One
  match is used; several must be chosen by the editor; none means a new player, created
  with the name as written.
- Re-importing updates the same appearances (one per player per match) and editor ratings.
  An appearance the report no longer lists is deleted. One that fans have rated is never
  deleted nor moved to the other side: the import refuses, naming the player, and writes
  nothing (checked in the plan, and again inside the saving transaction).
- The report's key moments replace the match's events; a report without key moments leaves
  them alone. The same for the man of the match. The report's score is used only when the
  match has no score yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from desk.report import (
    ParsedPlayer,
    ParsedReport,
    ParsedTeam,
    Problem,
    match_name,
    normalize_name,
    parse_report,
)
from matches.models import LATEST_MINUTE, Appearance, Match, MatchEvent, Player, Team
from ratings.models import EditorRating

NEW = "new"


class ImportRefused(ValueError):
    """Raised by ``apply_import`` when a plan cannot be saved; nothing was written."""


@dataclass
class PlannedPlayer:
    key: str  # "t0-p3": the 4th player of the 1st team, names the choice in the preview form
    parsed: ParsedPlayer
    player: Player | None  # the existing player chosen, None for a new player
    candidates: list[Player]  # existing players the name matched
    options: list[Player]  # every existing player the editor may choose instead
    issue: str = ""  # why the editor must choose (ambiguous name, same player twice)

    @property
    def is_new(self) -> bool:
        return self.player is None and not self.issue

    @property
    def other_options(self) -> list[Player]:
        return [player for player in self.options if player not in self.candidates]


@dataclass
class PlannedTeam:
    parsed: ParsedTeam
    team: Team | None  # None for a new team
    players: list[PlannedPlayer]
    side: str = ""  # "home" or "away" when importing into a match


@dataclass
class ImportPlan:
    text: str
    report: ParsedReport
    match: Match | None
    teams: list[PlannedTeam]
    problems: list[Problem]  # the parser's and the matching's: the text must change
    man_of_the_match: PlannedPlayer | None = None
    removed: list[Appearance] = field(default_factory=list)  # no longer listed, deleted

    @property
    def rows(self) -> list[PlannedPlayer]:
        return [row for team in self.teams for row in team.players]

    @property
    def choices_needed(self) -> list[Problem]:
        """Names the editor must still choose a player for (fixable in the preview)."""
        return [
            Problem(row.parsed.line, row.parsed.name, row.issue) for row in self.rows if row.issue
        ]

    @property
    def all_problems(self) -> list[Problem]:
        return sorted(self.problems + self.choices_needed, key=lambda problem: problem.line)

    @property
    def can_apply(self) -> bool:
        return not self.all_problems

    @property
    def new_players(self) -> list[PlannedPlayer]:
        return [row for row in self.rows if row.is_new]

    @property
    def moments(self) -> list[tuple[int, str, str]]:
        """The key moments as (minute, kind's label, text)."""
        return [
            (event.minute, MatchEvent.Kind(event.kind).label, event.text)
            for event in self.report.events
        ]

    @property
    def score_is_kept(self) -> bool:
        """The match already has a score, so the report's is not used."""
        return (
            self.match is not None
            and self.match.home_score is not None
            and self.match.away_score is not None
        )

    def to_dict(self) -> dict:
        """The parser's ``to_dict`` shape, with the matching problems among the problems."""
        data = self.report.to_dict()
        data["problems"] = [
            {"line": p.line, "text": p.text, "message": p.message} for p in self.all_problems
        ]
        return data


def plan_import(
    text: str, *, match: Match | None = None, choices: dict[str, str] | None = None
) -> ImportPlan:
    """Read ``text`` and match its teams and players; nothing is written.

    ``choices`` maps a row key ("t0-p3") to a player pk, or "new" for a new player.
    """
    choices = choices or {}
    report = parse_report(text)
    lines = text.splitlines()
    problems = list(report.problems)
    appearances = (
        list(
            match.appearances.select_related("player", "team").annotate(
                fan_votes=Count("fan_ratings")
            )
        )
        if match is not None
        else []
    )
    sides = [match.home_team, match.away_team] if match is not None else []
    pools = _player_pools(sides, appearances) if match is not None else {}
    teams = _resolve_teams(report, match, lines, problems, pools)
    if match is None:
        pools = _player_pools(teams, appearances)
    planned = [
        PlannedTeam(
            parsed=parsed,
            team=team,
            players=[
                _plan_player(f"t{t}-p{p}", player, pools.get(team.pk, {}) if team else {}, choices)
                for p, player in enumerate(parsed.players)
            ],
            side=("home" if team == match.home_team else "away") if match and team else "",
        )
        for t, (parsed, team) in enumerate(zip(report.teams, teams, strict=True))
    ]
    plan = ImportPlan(text, report, match, planned, problems)
    _flag_players_chosen_twice(plan.rows)
    _check_lengths_and_minutes(plan, lines)
    plan.man_of_the_match = _man_of_the_match_row(report, planned)
    _plan_removals(plan, appearances)
    plan.problems.sort(key=lambda problem: problem.line)
    return plan


def _plan_removals(plan: ImportPlan, appearances: list[Appearance]) -> None:
    """Appearances of the imported sides that the report no longer lists are removed; fans'
    votes are never deleted nor moved to the other side, so those refuse the import."""
    imported = {team.team.pk for team in plan.teams if team.team is not None}
    rows = {row.player.pk: (team, row) for team in plan.teams for row in team.players if row.player}
    for appearance in appearances:
        listed = rows.get(appearance.player_id)
        if listed is None and appearance.team_id in imported:
            if appearance.fan_votes:
                plan.problems.append(rated_problem(appearance, "the report no longer lists him"))
            else:
                plan.removed.append(appearance)
        elif listed and appearance.fan_votes and listed[0].team.pk != appearance.team_id:
            where = f"the report lists him for {listed[0].team}"
            plan.problems.append(rated_problem(appearance, where, listed[1].parsed.line))


def rated_problem(appearance: Appearance, why: str, line: int = 0) -> Problem:
    votes = appearance.fan_votes
    message = (
        f"Fans have rated {appearance.player.name} for {appearance.team} in this match "
        f"({votes} vote{'s' if votes != 1 else ''}), but {why}. Their votes are never deleted "
        f"or moved by an import: keep {appearance.player.name} in the report for "
        f"{appearance.team}."
    )
    return Problem(line, appearance.player.name, message)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def _resolve_teams(
    report: ParsedReport,
    match: Match | None,
    lines: list[str],
    problems: list[Problem],
    pools: dict[int, dict[int, Player]],
) -> list[Team | None]:
    parsed = report.teams
    if len(parsed) > 2:
        line = parsed[2].players[0].line
        message = (
            f"Found {len(parsed)} teams rated; a report rates both teams, the home side "
            "first, or one team."
        )
        problems.append(Problem(line, _line(lines, line), message))
    if match is None:
        for team in parsed:
            if not team.name:
                line = team.players[0].line
                message = (
                    "These players have no team name above them: write the club's name on a "
                    "line of its own above them, or import them into a match."
                )
                problems.append(Problem(line, _line(lines, line), message))
        existing = {normalize_name(team.name): team for team in Team.objects.only("pk", "name")}
        return [existing.get(normalize_name(team.name)) for team in parsed]
    sides = [match.home_team, match.away_team]
    if len(parsed) == 1:
        return [_one_team_side(parsed[0], match, pools, lines, problems)]
    if len(parsed) != 2:
        # Already a problem; match what can be matched so the preview still shows the names.
        by_name = {normalize_name(side.name): side for side in sides}
        return [by_name.get(normalize_name(team.name)) for team in parsed]
    resolved = []
    for index, (side, team) in enumerate(zip(sides, parsed, strict=True)):
        other = sides[1 - index]
        named = normalize_name(team.name)
        by_players = _matched_names(team, pools)
        if named == normalize_name(side.name) or (
            # A nickname ("Juve") or no name: the side whose players its names are.
            named != normalize_name(other.name)
            and by_players[side.pk] > by_players[other.pk]
            and by_players[side.pk] * 2 >= len(team.players)
        ):
            resolved.append(side)
            continue
        resolved.append(None)
        where = "home" if index == 0 else "away"
        message = (
            f"This match is {match.home_team} v {match.away_team}, so the {where} team "
            f"rated here should be {side}, not {team.name}."
        )
        line = team.players[0].line
        problems.append(Problem(line, _line(lines, line), message))
    return resolved


def _matched_names(parsed: ParsedTeam, pools: dict[int, dict[int, Player]]) -> dict[int, int]:
    """For each team in ``pools``, how many of the parsed names match one of its players."""
    return {
        team_pk: sum(
            bool(match_name(player.name, {pk: p.name for pk, p in pool.items()}))
            for player in parsed.players
        )
        for team_pk, pool in pools.items()
    }


def _one_team_side(
    parsed: ParsedTeam,
    match: Match,
    pools: dict[int, dict[int, Player]],
    lines: list[str],
    problems: list[Problem],
) -> Team | None:
    """The side a one-team report rates: the one of that name, else the one whose squad and
    line-up most of its names match."""
    sides = [match.home_team, match.away_team]
    for side in sides:
        if normalize_name(side.name) == normalize_name(parsed.name):
            return side
    matched = _matched_names(parsed, pools)
    home, away = (matched[side.pk] for side in sides)
    if home != away:
        return sides[0] if home > away else sides[1]
    line = parsed.players[0].line
    message = (
        f"Could not tell which side of {match.home_team} v {match.away_team} these players "
        f"are: name the team ({match.home_team} or {match.away_team}) above them."
    )
    problems.append(Problem(line, _line(lines, line), message))
    return None


def _player_pools(
    teams: list[Team | None], appearances: list[Appearance]
) -> dict[int, dict[int, Player]]:
    """For each team, by pk: its players, and whoever already appears for it in this match."""
    team_ids = [team.pk for team in teams if team is not None]
    pools: dict[int, dict[int, Player]] = {pk: {} for pk in team_ids}
    for player in Player.objects.filter(team__in=team_ids):
        pools[player.team_id][player.pk] = player
    for appearance in appearances:
        if appearance.team_id in pools:
            pools[appearance.team_id][appearance.player_id] = appearance.player
    return pools


def _plan_player(
    key: str, parsed: ParsedPlayer, pool: dict[int, Player], choices: dict[str, str]
) -> PlannedPlayer:
    keys = match_name(parsed.name, {pk: player.name for pk, player in pool.items()})
    candidates = [pool[pk] for pk in keys]
    options = sorted(pool.values(), key=lambda player: (player.name, player.pk))
    row = PlannedPlayer(key, parsed, None, candidates, options)
    choice = choices.get(key, "")
    if choice == NEW:
        return row
    if choice:
        # ASCII digits only: "²".isdigit() is true but int("²") raises.
        chosen = pool.get(int(choice)) if choice.isascii() and choice.isdigit() else None
        if chosen is None:
            row.issue = f"The player chosen for {parsed.name} is not one of this team's players."
        else:
            row.player = chosen
        return row
    if len(candidates) == 1:
        row.player = candidates[0]
    elif candidates:
        names = ", ".join(player.name for player in candidates)
        row.issue = f"{parsed.name} could be {names}: choose one."
    return row


def _flag_players_chosen_twice(rows: list[PlannedPlayer]) -> None:
    by_player: dict[int, list[PlannedPlayer]] = {}
    for row in rows:
        if row.player is not None:
            by_player.setdefault(row.player.pk, []).append(row)
    for same in by_player.values():
        if len(same) > 1:
            names = " and ".join(row.parsed.name for row in same)
            for row in same:
                row.issue = f"{names} are both matched to {row.player}: choose another for one."


def _check_lengths_and_minutes(plan: ImportPlan, lines: list[str]) -> None:
    """What the database would refuse, reported as problems instead of a failed save."""
    team_length = Team._meta.get_field("name").max_length
    name_length = Player._meta.get_field("name").max_length
    rating_length = EditorRating._meta.get_field("written_as").max_length
    for team in plan.teams:
        if team.team is None and len(team.parsed.name) > team_length:
            line = team.parsed.players[0].line
            message = f"A team name can be at most {team_length} characters."
            plan.problems.append(Problem(line, _line(lines, line), message))
    for row in plan.rows:
        parsed = row.parsed
        if row.player is None and len(parsed.name) > name_length:
            message = f"A player name can be at most {name_length} characters."
            plan.problems.append(Problem(parsed.line, parsed.name, message))
        if len(parsed.rating) > rating_length:
            message = f"A rating can be written in at most {rating_length} characters."
            plan.problems.append(Problem(parsed.line, parsed.name, message))
        if parsed.minute_on is not None and parsed.minute_on > LATEST_MINUTE:
            message = (
                f"{parsed.name} came on in minute {parsed.minute_on}, after the {LATEST_MINUTE}th."
            )
            plan.problems.append(Problem(parsed.line, parsed.name, message))
    for event in plan.report.events:
        if event.minute > LATEST_MINUTE:
            message = f"Minute {event.minute} is after the {LATEST_MINUTE}th."
            plan.problems.append(Problem(event.line, _line(lines, event.line), message))


def _man_of_the_match_row(report: ParsedReport, teams: list[PlannedTeam]) -> PlannedPlayer | None:
    motm = report.man_of_the_match
    if motm is None or motm.player is None:
        return None  # the parser has reported why, when there was a line
    rows = [(team, row) for team in teams for row in team.players if row.parsed.name == motm.player]
    if len(rows) > 1 and motm.team:
        wanted = normalize_name(motm.team)
        rows = [(team, row) for team, row in rows if normalize_name(team.parsed.name) == wanted]
    return rows[0][1] if len(rows) == 1 else None
