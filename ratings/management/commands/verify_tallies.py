"""Recount every vote and compare with the tallies the pages read; exit 1 on any difference.

manage.py verify_tallies            # all matches
manage.py verify_tallies --match 3  # one match
manage.py verify_tallies --fix      # report, then recompute the tallies from the votes
"""

import sys

from django.core.management.base import BaseCommand

from matches.models import Appearance, Match
from ratings.models import Side, rebuild_tallies, recount, stored_tallies


class Command(BaseCommand):
    help = "Recount the fan votes and report any tally that differs (exit status 1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--match", type=int, action="append", help="Only this match (repeatable)."
        )
        parser.add_argument(
            "--fix", action="store_true", help="Recompute the differing matches' tallies."
        )

    def handle(self, *args, match: list[int] | None, fix: bool, **options):
        expected_scores, expected_fans = recount(match)
        stored_scores, stored_fans = stored_tallies(match)
        names = dict(Appearance.objects.values_list("pk", "player__name"))
        sides = dict(Side.choices)
        problems = []
        wrong_matches = set()
        for key in sorted(expected_scores.keys() | stored_scores.keys()):
            votes, tallied = expected_scores.get(key, 0), stored_scores.get(key, 0)
            if votes != tallied:
                appearance_id, side, score = key
                problems.append(
                    f"appearance {appearance_id} ({names.get(appearance_id, '?')}), "
                    f"{sides.get(side, side).lower()}, score {score}: "
                    f"tallies {tallied}, votes {votes}"
                )
                wrong_matches.add(
                    Appearance.objects.filter(pk=appearance_id)
                    .values_list("match_id", flat=True)
                    .first()
                )
        for match_id in sorted(expected_fans.keys() | stored_fans.keys()):
            fans, tallied = expected_fans.get(match_id, (0, 0)), stored_fans.get(match_id, (0, 0))
            if fans != tallied:
                problems.append(
                    f"match {match_id}: tallies {tallied[0]} fans ({tallied[1]} demo), "
                    f"votes from {fans[0]} fans ({fans[1]} demo)"
                )
                wrong_matches.add(match_id)
        checked = Match.objects.filter(pk__in=match).count() if match else Match.objects.count()
        if not problems:
            self.stdout.write(
                self.style.SUCCESS(
                    f"The tallies of {checked} match{'es' if checked != 1 else ''} "
                    f"match the votes ({sum(expected_scores.values())} votes)."
                )
            )
            return
        for problem in problems:
            self.stdout.write(problem)
        wrong_matches.discard(None)
        if fix:
            rebuild_tallies(sorted(wrong_matches))
            self.stdout.write(
                f"Recomputed the tallies of {len(wrong_matches)} match"
                f"{'es' if len(wrong_matches) != 1 else ''} from the votes."
            )
            return
        self.stderr.write(
            f"{len(problems)} difference{'s' if len(problems) != 1 else ''}; "
            "run with --fix to recompute those matches' tallies from the votes."
        )
        sys.exit(1)
