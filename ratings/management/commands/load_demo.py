"""Load the demo match: Napoli 1-0 Juventus, Serie A 2020-21, 13 February 2021.

The facts (line-ups, the editor's ratings with their N/As, the man of the match, the
penalty and the key moments) come from the match report; the words are our own.
Running it again updates the same rows: nothing is duplicated.
"""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from matches.models import Appearance, Competition, Match, MatchEvent, Player, Team
from ratings.demo_run import demo_fans, load_demo_run, tribal_bias
from ratings.editors import ensure_editors_group
from ratings.models import FanRating, rebuild_tallies, save_editor_rating, side_for

# (full name, name in the report, rating as written); starters first, then substitutes.
NAPOLI = {
    "starters": [
        ("Alex Meret", "8"),
        ("Giovanni Di Lorenzo", "7"),
        ("Nikola Maksimović", "7"),
        ("Amir Rrahmani", "7"),
        ("Mário Rui", "7"),
        ("Tiémoué Bakayoko", "7"),
        ("Piotr Zieliński", "7"),
        ("Matteo Politano", "6"),
        ("Lorenzo Insigne", "8"),
        ("Hirving Lozano", "8"),
        ("Victor Osimhen", "6"),
    ],
    "substitutes": [
        ("Fabián Ruiz", "5"),
        ("Eljif Elmas", "5"),
        ("Stanislav Lobotka", "N/A"),
        ("Andrea Petagna", "N/A"),
    ],
}
JUVENTUS = {
    "starters": [
        ("Wojciech Szczęsny", "6"),
        ("Juan Cuadrado", "7"),
        ("Matthijs de Ligt", "7"),
        ("Giorgio Chiellini", "5"),
        ("Danilo", "6"),
        ("Federico Chiesa", "6"),
        ("Rodrigo Bentancur", "6"),
        ("Adrien Rabiot", "6"),
        ("Federico Bernardeschi", "6"),
        ("Álvaro Morata", "6"),
        ("Cristiano Ronaldo", "6"),
    ],
    "substitutes": [
        ("Alex Sandro", "6"),
        ("Dejan Kulusevski", "5"),
        ("Weston McKennie", "5"),
    ],
}
KEY_MOMENTS = [
    (
        30,
        MatchEvent.Kind.PENALTY,
        "Penalty to Napoli. Chiellini's arm catches Rrahmani in the face as he goes for Insigne's "
        "cross; after a VAR review the referee points to the spot and books Chiellini.",
    ),
    (
        31,
        MatchEvent.Kind.GOAL,
        "Napoli 1-0 Juventus. Insigne drives the penalty into the roof of the net, his 100th goal "
        "for Napoli; Szczęsny has no chance.",
    ),
    (
        57,
        MatchEvent.Kind.SAVE,
        "A clever Juventus free-kick routine ends with Chiesa shooting hard from the edge of the "
        "box; Meret sees it late and palms it away.",
    ),
    (
        63,
        MatchEvent.Kind.DISALLOWED_GOAL,
        "Morata finishes neatly for what looks like the equaliser, but Chiellini was offside when "
        "he set it up and the goal is ruled out.",
    ),
    (
        87,
        MatchEvent.Kind.SAVE,
        "Meret saves with his legs to keep out Morata from six yards and protect the lead.",
    ),
]
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "terrace-editor"  # A demo account, printed by `make run`; never in production.


class Command(BaseCommand):
    help = "Load (or refresh) the demo match, its editor, and optionally demo fans' ratings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fans", type=int, default=0, help="Add this many demo fans with plausible ratings."
        )
        parser.add_argument(
            "--no-editor", action="store_true", help="Do not create the demo editor account."
        )
        parser.add_argument(
            "--with-editor",
            action="store_true",
            help="Create the demo editor (a published password) even with DEBUG off.",
        )

    def handle(self, *args, fans: int, no_editor: bool, with_editor: bool, **options):
        if fans < 0 or fans > 5000:
            raise CommandError("--fans takes a number from 0 to 5000.")
        with transaction.atomic():
            match = load_demo_match()
            # The demo editor's password is published: only on a developer's machine.
            make_editor = not no_editor and (settings.DEBUG or with_editor)
            if make_editor:
                ensure_demo_editor()
            if fans:
                add_demo_fans(match, fans)
            # A short run of real fixtures around it, for the player pages and season table.
            run = load_demo_run(match, fans)
        if not no_editor and not make_editor:
            self.stdout.write(
                "Not creating the demo editor: its password is published and DEBUG is off. "
                "Pass --with-editor to create it anyway, or use createsuperuser."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo match ready: {match} (rating open until "
                f"{timezone.localtime(match.rating_closes_at):%d %b %Y %H:%M}), with "
                f"{len(run)} more Serie A 2020-21 matches around it (demo marks and votes)."
            )
        )


# (primary, secondary) club colours for the demo's teams, drawn on their badges and match headers.
CLUB_COLOURS = {
    "Napoli": ("#12a0d7", "#ffffff"),
    "Juventus": ("#000000", "#ffffff"),
    "Inter": ("#0068a8", "#000000"),
    "Milan": ("#c8102e", "#000000"),
    "Roma": ("#8e1f2f", "#f0bc42"),
    "Lazio": ("#87d8f7", "#ffffff"),
    "Atalanta": ("#1e71b8", "#000000"),
    "Fiorentina": ("#482e92", "#ffffff"),
    "Torino": ("#8a1e03", "#ffffff"),
    "Bologna": ("#1a2f48", "#a21c26"),
}


def demo_team(name: str) -> Team:
    """The team by name, in its club colours (kept up to date on every run)."""
    primary, secondary = CLUB_COLOURS.get(name, ("#4a5360", "#ffffff"))
    team, _ = Team.objects.update_or_create(
        name=name, defaults={"primary_colour": primary, "secondary_colour": secondary}
    )
    return team


def load_demo_match(now: datetime | None = None) -> Match:
    now = now or timezone.now()
    serie_a, _ = Competition.objects.get_or_create(name="Serie A", season="2020-21")
    napoli = demo_team("Napoli")
    juventus = demo_team("Juventus")
    kickoff = datetime(2021, 2, 13, 18, 0, tzinfo=ZoneInfo("Europe/Rome"))
    match, _ = Match.objects.update_or_create(
        competition=serie_a,
        home_team=napoli,
        away_team=juventus,
        kickoff=kickoff,
        defaults={
            "venue": "Stadio Diego Armando Maradona, Naples",
            "home_score": 1,
            "away_score": 0,
            # Open relative to now, so a visitor can rate the demo straight away.
            "rating_opens_at": now - timedelta(hours=1),
            "rating_closes_at": now + timedelta(days=7),
        },
    )
    appearances = {}
    for team, sheet in ((napoli, NAPOLI), (juventus, JUVENTUS)):
        for role, players in (
            (Appearance.Role.STARTER, sheet["starters"]),
            (Appearance.Role.SUBSTITUTE, sheet["substitutes"]),
        ):
            for order, (name, written) in enumerate(players, start=1):
                player, _ = Player.objects.get_or_create(name=name, defaults={"team": team})
                appearance, _ = Appearance.objects.update_or_create(
                    match=match,
                    player=player,
                    defaults={"team": team, "role": role, "order": order},
                )
                save_editor_rating(appearance, written)
                appearances[name] = appearance
    match.man_of_the_match = appearances["Alex Meret"]
    match.save(update_fields=["man_of_the_match"])
    match.events.all().delete()
    MatchEvent.objects.bulk_create(
        MatchEvent(match=match, minute=minute, kind=kind, description=text)
        for minute, kind, text in KEY_MOMENTS
    )
    return match


def ensure_demo_editor():
    user, created = get_user_model().objects.get_or_create(
        username=EDITOR_USERNAME, defaults={"is_staff": True}
    )
    if created:
        user.set_password(EDITOR_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(ensure_editors_group(Group, Permission))
    return user


def add_demo_fans(match: Match, count: int, seed: int = 2021) -> None:
    """Demo fans vote near the editor's mark with some noise, so the results page has a story."""
    rng = random.Random(seed)
    appearances = list(match.appearances.select_related("editor_rating").order_by("pk"))
    # Each player gets a crowd mood of his own, so some verdicts differ from the editor's.
    mood = {
        appearance.pk: rng.choice([-1.5, -1, -0.5, 0, 0, 0.5, 1, 1.5]) for appearance in appearances
    }
    for user in demo_fans(count):
        ratings = []
        for appearance in appearances:
            value = appearance.editor_rating.value if hasattr(appearance, "editor_rating") else None
            if value is None and rng.random() < 0.7:
                continue  # Fans mostly skip players who barely played.
            centre = float(value) if value is not None else 6.0
            score = round(
                rng.gauss(centre + mood[appearance.pk] + tribal_bias(user, appearance), 1.1)
            )
            ratings.append(
                FanRating(
                    appearance=appearance,
                    fan=user,
                    score=min(10, max(1, score)),
                    side=side_for(match, user.club_id),
                )
            )
        FanRating.objects.bulk_create(
            ratings,
            update_conflicts=True,
            unique_fields=["fan", "appearance"],
            update_fields=["score", "side", "updated_at"],
        )
    # Bulk-written above for speed; the tallies are then counted from the votes in SQL.
    rebuild_tallies([match.pk])
