"""Import a match report from a file (or stdin): line-ups, editor's ratings, man of the match.

    manage.py import_report report.txt --dry-run --json   # check it, write nothing
    manage.py import_report report.txt --match 12          # import into match 12
    manage.py import_report report.txt                     # into the one match between its teams
    manage.py import_report - --competition "Serie A" --season 2020-21 \\
        --kickoff 2021-02-13T18:00+01:00                   # a new match, report on stdin

It exits with status 1, writing nothing, when the report has problems: a name that matches
several players is one, as there is no one to ask.
"""

import argparse
import json
import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from desk.importer import ImportPlan, ImportRefused, plan_import
from desk.saving import apply_import
from matches.models import Competition, Match
from ratings.models import format_rating


class Command(BaseCommand):
    help = "Import the line-ups, editor's ratings and key moments from a match report."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report as a text file, or - to read stdin.")
        parser.add_argument("--match", type=int, dest="match_id", help="The match's id.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the parsed report as JSON."
        )
        parser.add_argument("--competition", help="For a new match: the competition's name.")
        parser.add_argument("--season", help="For a new match: the season, e.g. 2020-21.")
        parser.add_argument(
            "--kickoff",
            type=_datetime,
            help="For a new match: kick-off, e.g. 2021-02-13T18:00+01:00.",
        )

    def handle(
        self,
        *args,
        file: str,
        match_id: int | None,
        dry_run: bool,
        as_json: bool,
        competition: str | None,
        season: str | None,
        kickoff: datetime | None,
        **options,
    ):
        text = _read(file)
        new_match = kickoff is not None
        if new_match and match_id is not None:
            raise CommandError("Give either --match or --kickoff (for a new match), not both.")
        new_in = _competition(competition, season) if new_match else None
        match = _match_by_id(match_id) if match_id is not None else None
        plan = plan_import(text, match=match)
        if match is None and not new_match:
            match = _match_between(plan)
            if match is not None:
                plan = plan_import(text, match=match)

        self.stdout.write(
            json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) if as_json else summary(plan)
        )
        problems = plan.all_problems
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the report; nothing was imported.")
        if dry_run:
            self.stderr.write("Dry run: nothing was written.")
            return
        if match is None and len(plan.teams) == 1:
            raise CommandError(
                f"This report rates one team ({plan.teams[0].parsed.name}): pass --match ID "
                "to import it into that side of a match."
            )
        if match is None and not new_match:
            teams = " v ".join(team.parsed.name for team in plan.teams)
            raise CommandError(
                f"No match {teams} to import into: pass --match ID, or --competition, "
                "--season and --kickoff to create one."
            )
        try:
            match = apply_import(plan, competition=new_in, kickoff=kickoff)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        message = (
            f"Imported {len(plan.rows)} players ({len(plan.new_players)} new) "
            f"into {match} (match {match.pk})."
        )
        (self.stderr if as_json else self.stdout).write(self.style.SUCCESS(message))


def _datetime(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        message = f"{value} is not a date and time like 2021-02-13T18:00+01:00"
        raise argparse.ArgumentTypeError(message) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    try:
        with open(file, encoding="utf-8") as report:
            return report.read()
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise CommandError(f"{file} is not UTF-8 text.") from None


def _competition(name: str | None, season: str | None) -> Competition:
    if not name or not season:
        raise CommandError("A new match needs --competition and --season as well as --kickoff.")
    try:
        return Competition.objects.get(name=name, season=season)
    except Competition.DoesNotExist:
        raise CommandError(f"No competition {name} {season}; add it in the admin.") from None


def _match_by_id(match_id: int) -> Match:
    try:
        return Match.objects.with_teams().get(pk=match_id)
    except Match.DoesNotExist:
        raise CommandError(f"No match with id {match_id}.") from None


def _match_between(plan: ImportPlan) -> Match | None:
    """The one match between the report's two teams (home first), if there is exactly one."""
    teams = [team.team for team in plan.teams]
    if len(teams) != 2 or None in teams:
        return None
    matches = list(Match.objects.with_teams().filter(home_team=teams[0], away_team=teams[1]))
    if len(matches) > 1:
        ids = ", ".join(str(match.pk) for match in matches)
        raise CommandError(
            f"{len(matches)} matches {teams[0]} v {teams[1]} (ids {ids}): pass --match ID."
        )
    return matches[0] if matches else None


def summary(plan: ImportPlan) -> str:
    """The plan as an editor reads it in a terminal."""
    lines = [f"Match: {plan.match} (id {plan.match.pk})" if plan.match else "Match: a new one"]
    for team in plan.teams:
        lines.append("")
        name = team.parsed.name or "(no team name)"
        lines.append(f"{name} -> {team.team.name if team.team else 'new team'}")
        for row in team.players:
            role = row.parsed.role
            if row.parsed.minute_on is not None:
                role += f" {row.parsed.minute_on}'"
            player = row.player.name if row.player is not None else row.issue or "new player"
            lines.append(
                f"  {row.parsed.name:<22} {role:<15} {row.parsed.rating:<6} "
                f"{format_rating(row.parsed.value):<10} -> {player}"
            )
    motm = plan.report.man_of_the_match
    lines.append("")
    if motm is None:
        lines.append("Man of the match: not in the report")
    else:
        chosen = plan.man_of_the_match
        found = chosen and (chosen.player.name if chosen.player else "new player")
        lines.append(f"Man of the match: {motm.name} -> {found or 'not among the rated players'}")
    score = plan.report.score
    lines.append(f"Score: {f'{score[0]}-{score[1]}' if score else 'not in the report'}")
    lines.append(f"Key moments: {len(plan.report.events)}")
    for appearance in plan.removed:
        lines.append(f"Removed, no longer in the report: {appearance.player.name}")
    for skipped in plan.report.skipped:
        lines.append(f"Skipped line {skipped.line}: {skipped.text!r}: {skipped.reason}")
    problems = plan.all_problems
    lines.append(f"Problems: {len(problems) or 'none'}")
    for problem in problems:
        where = f"line {problem.line}" if problem.line else "report"
        text = f" {problem.text!r}:" if problem.text else ""
        lines.append(f"  {where}:{text} {problem.message}")
    return "\n".join(lines)
