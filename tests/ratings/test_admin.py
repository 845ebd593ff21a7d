from decimal import Decimal

from django.contrib.auth.models import Group

from matches.models import Match
from ratings.models import EditorRating
from tests.factories import (
    appearance_named,
    make_competition,
    make_fan,
    make_fan_rating,
    make_match,
    make_player,
    make_team,
)


def _management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _match_form(home, away, **extra) -> dict:
    data = {
        "competition": make_competition().pk,
        "home_team": home.pk,
        "away_team": away.pk,
        "kickoff_0": "2021-02-13",
        "kickoff_1": "18:00:00",
        "venue": "Maradona",
        "home_score": "1",
        "away_score": "0",
        "man_of_the_match": "",
        "rating_opens_at_0": "2021-02-13",
        "rating_opens_at_1": "20:00:00",
        "rating_closes_at_0": "2031-02-20",
        "rating_closes_at_1": "20:00:00",
        "report_text": "",
        **_management("events", 0),
    }
    data.update(extra)
    return data


def _line_up_row(index: int, player, team, rating: str, role: str = "starter") -> dict:
    prefix = f"appearances-{index}"
    return {
        f"{prefix}-player": player.pk,
        f"{prefix}-team": team.pk,
        f"{prefix}-role": role,
        f"{prefix}-order": str(index + 1),
        f"{prefix}-minute_on": "",
        f"{prefix}-editor_rating": rating,
    }


def test_admin_editor_enters_line_up_and_ratings_in_one_page(editor_client):
    napoli, juventus = make_team("Napoli"), make_team("Juventus")
    meret = make_player("Alex Meret", napoli)
    lobotka = make_player("Stanislav Lobotka", napoli)
    szczesny = make_player("Wojciech Szczesny", juventus)
    data = _match_form(napoli, juventus)
    data.update(_management("appearances", 3))
    data.update(_line_up_row(0, meret, napoli, "8"))
    data.update(_line_up_row(1, lobotka, napoli, "N/A", role="substitute"))
    data.update(_line_up_row(2, szczesny, juventus, "6,5"))

    response = editor_client.post("/admin/matches/match/add/", data)

    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    match = Match.objects.get()
    ratings = {
        r.appearance.player.name: (r.value, r.written_as)
        for r in EditorRating.objects.select_related("appearance__player")
    }
    assert ratings == {
        "Alex Meret": (Decimal(8), "8"),
        "Stanislav Lobotka": (None, "N/A"),
        "Wojciech Szczesny": (Decimal("6.5"), "6,5"),
    }
    assert match.appearances.count() == 3


def test_admin_editor_picks_man_of_the_match_from_this_match_only(editor_client, match):
    other_match = make_match(home="Inter", away="Milan")
    stranger = other_match.appearances.first()
    meret = appearance_named(match, "Alex Meret")
    page = editor_client.get(f"/admin/matches/match/{match.pk}/change/")
    choices = [
        c[0].value
        for c in page.context["adminform"].form.fields["man_of_the_match"].choices
        if c[0]
    ]
    data = _match_form(match.home_team, match.away_team, man_of_the_match=stranger.pk)
    rows = list(match.appearances.select_related("player").order_by("pk"))
    data.update(_management("appearances", len(rows), initial=len(rows)))
    for index, appearance in enumerate(rows):
        data.update(
            _line_up_row(
                index,
                appearance.player,
                appearance.team,
                appearance.editor_rating.written_as,
                appearance.role,
            )
        )
        data[f"appearances-{index}-id"] = appearance.pk
        data[f"appearances-{index}-match"] = match.pk

    refused = editor_client.post(f"/admin/matches/match/{match.pk}/change/", data)
    data["man_of_the_match"] = meret.pk
    accepted = editor_client.post(f"/admin/matches/match/{match.pk}/change/", data)

    assert sorted(choices) == sorted(a.pk for a in rows)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert accepted.status_code == 302
    match.refresh_from_db()
    assert match.man_of_the_match == meret


def test_admin_refuses_an_unreadable_editor_rating_and_saves_nothing(editor_client):
    napoli, juventus = make_team("Napoli"), make_team("Juventus")
    meret = make_player("Alex Meret", napoli)
    data = _match_form(napoli, juventus)
    data.update(_management("appearances", 1))
    data.update(_line_up_row(0, meret, napoli, "11"))

    response = editor_client.post("/admin/matches/match/add/", data)

    assert response.status_code == 200
    assert "out of range" in response.content.decode()
    assert Match.objects.count() == 0
    assert EditorRating.objects.count() == 0


def test_admin_refuses_a_team_playing_itself(editor_client):
    napoli = make_team("Napoli")

    response = editor_client.post(
        "/admin/matches/match/add/",
        {**_match_form(napoli, napoli), **_management("appearances", 0)},
    )

    assert response.status_code == 200
    assert "A team cannot play itself." in response.content.decode()
    assert Match.objects.count() == 0


def test_admin_editor_cannot_change_fan_ratings(editor_client, match):
    rating = make_fan_rating(appearance_named(match, "Alex Meret"), score=7)

    listing = editor_client.get("/admin/ratings/fanrating/")
    change = editor_client.post(f"/admin/ratings/fanrating/{rating.pk}/change/", {"score": 1})

    assert listing.status_code == 403
    assert change.status_code == 403
    rating.refresh_from_db()
    assert rating.score == 7


def test_admin_fan_cannot_reach_the_desk(client, match):
    client.force_login(make_fan("plain-fan"))

    response = client.get("/admin/matches/match/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_editors_group_has_exactly_the_desk_permissions(db):
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )

    models = ["competition", "team", "player", "match", "appearance", "matchevent", "editorrating"]
    assert codenames == {
        f"{action}_{model}" for model in models for action in ("add", "change", "delete", "view")
    }
