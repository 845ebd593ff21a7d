"""Every page of the site, with the data that fills it: the tour the axe, layout and HTML
validity checks walk. Small data: two players a side in the clubs' colours, a key moment and a
handful of votes."""

from dataclasses import dataclass

from django.urls import reverse

from ratings.management.commands.load_demo import demo_team
from tests.factories import make_editor, make_event, make_fan, make_fan_rating, make_match

FAN = "tour-fan"
EDITOR = "tour-editor"


@dataclass
class Site:
    anonymous: dict[str, str]
    fan: dict[str, str]
    editor: dict[str, str]
    match_id: int


def build_site() -> Site:
    demo_team("Napoli"), demo_team("Juventus")  # in their club colours
    match = make_match(venue="Stadio Diego Armando Maradona, Naples")
    make_event(match, 31, "penalty", "Insigne drives the penalty into the roof of the net.")
    sheet = list(match.team_sheet().select_related("player"))
    voters = [make_fan(f"voter-{n}") for n in range(3)]
    for appearance, score in zip(sheet[:3], (7, 6, 8), strict=True):
        for voter in voters:
            make_fan_rating(appearance, fan=voter, score=score)
    fan = make_fan(FAN)
    make_fan_rating(sheet[0], fan=fan, score=7)
    make_editor(EDITOR)
    ballot = match.get_absolute_url()
    public = {
        "home": reverse("matches:list"),
        "results": reverse("ratings:results", args=[match.pk]),
        "player": sheet[0].player.get_absolute_url(),
        "season": reverse("ratings:season", args=[match.competition_id]),
    }
    return Site(
        anonymous=public
        | {
            "ballot-anonymous": ballot,
            "login": reverse("accounts:login"),
            "signup": reverse("accounts:signup"),
            "password-reset": reverse("accounts:password_reset"),
            "not-found": "/no-such-page/",
        },
        fan={
            "home-fan": reverse("matches:list"),
            "ballot": ballot,
            "profile": reverse("accounts:profile"),
            "password-change": reverse("accounts:password_change"),
            "delete-account": reverse("accounts:delete"),
        },
        editor={
            "admin-index": reverse("admin:index"),
            "admin-matches": reverse("admin:matches_match_changelist"),
            "admin-match": reverse("admin:matches_match_change", args=[match.pk]),
            "admin-import": reverse("admin:matches_match_import", args=[match.pk]),
            "admin-team-sheet": reverse("admin:matches_match_team_sheet", args=[match.pk]),
            "admin-team": reverse("admin:matches_team_change", args=[match.home_team_id]),
        },
        match_id=match.pk,
    )
