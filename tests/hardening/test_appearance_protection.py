"""Item 2: fan votes are never deleted or moved by an editor's action (model, database, admin)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from matches.models import Appearance, Match
from ratings.models import FanRating
from tests.factories import (
    appearance_named,
    make_appearance,
    make_bare_match,
    make_fan,
    make_fan_rating,
    make_match,
    make_player,
    make_team,
)


def _votes() -> list[tuple[str, int]]:
    return sorted(FanRating.objects.values_list("appearance__player__name", "score").order_by())


def _management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _change_form(match: Match, **row_changes) -> dict:
    """The match desk form as the editor's browser sends it back, with row edits applied."""
    rows = list(match.appearances.order_by("pk").select_related("editor_rating"))
    data = {
        "competition": match.competition_id,
        "home_team": match.home_team_id,
        "away_team": match.away_team_id,
        "kickoff_0": match.kickoff.strftime("%Y-%m-%d"),
        "kickoff_1": match.kickoff.strftime("%H:%M:%S"),
        "venue": "",
        "home_score": "1",
        "away_score": "0",
        "man_of_the_match": "",
        "rating_opens_at_0": match.rating_opens_at.strftime("%Y-%m-%d"),
        "rating_opens_at_1": match.rating_opens_at.strftime("%H:%M:%S"),
        "rating_closes_at_0": match.rating_closes_at.strftime("%Y-%m-%d"),
        "rating_closes_at_1": match.rating_closes_at.strftime("%H:%M:%S"),
        "report_text": "",
        **_management("events", 0, 0),
        **_management("appearances", len(rows), len(rows)),
    }
    for index, row in enumerate(rows):
        prefix = f"appearances-{index}"
        data.update(
            {
                f"{prefix}-id": row.pk,
                f"{prefix}-match": match.pk,
                f"{prefix}-player": row.player_id,
                f"{prefix}-team": row.team_id,
                f"{prefix}-role": row.role,
                f"{prefix}-order": row.order,
                f"{prefix}-minute_on": row.minute_on or "",
                f"{prefix}-editor_rating": row.editor_rating.written_as,
            }
        )
        for field, value in row_changes.get(row.player.name, {}).items():
            data[f"{prefix}-{field}"] = value
    return data


def _row_errors(response) -> list[str]:
    formset = response.context["inline_admin_formsets"][0].formset
    return [
        message
        for form in formset.forms
        for messages in form.errors.values()
        for message in messages
    ]


# The model and the database


def test_deleting_a_rated_appearance_is_refused_and_keeps_the_votes(match):
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, score=8)

    with pytest.raises(ProtectedError):
        meret.delete()

    assert _votes() == [("Alex Meret", 8)]


def test_deleting_a_match_with_votes_is_refused(match):
    make_fan_rating(appearance_named(match, "Alex Meret"), score=8)

    with pytest.raises(ProtectedError):
        match.delete()

    assert Match.objects.count() == 1
    assert _votes() == [("Alex Meret", 8)]


def test_deleting_an_unrated_appearance_still_works(match):
    appearance_named(match, "Alex Meret").delete()

    assert sorted(match.appearances.values_list("player__name", flat=True)) == [
        "Alex Sandro",
        "Stanislav Lobotka",
        "Wojciech Szczesny",
    ]


@pytest.mark.parametrize("column", ["player_id", "match_id"])
def test_database_refuses_repointing_a_rated_appearance(match, column):
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, score=8)
    other = (
        make_player("Piotr Zielinski", match.home_team).pk
        if column == "player_id"
        else (make_bare_match().pk)
    )

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE matches_appearance SET {column} = %s WHERE id = %s", [other, meret.pk]
        )

    meret.refresh_from_db()
    assert (meret.player.name, meret.match_id) == ("Alex Meret", match.pk)


def test_database_allows_repointing_an_unrated_appearance(match):
    meret = appearance_named(match, "Alex Meret")
    zielinski = make_player("Piotr Zielinski", match.home_team)

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE matches_appearance SET player_id = %s WHERE id = %s", [zielinski.pk, meret.pk]
        )

    meret.refresh_from_db()
    assert meret.player.name == "Piotr Zielinski"


def test_validate_line_up_change_names_the_rated_player(match):
    meret = Appearance.objects.get(pk=appearance_named(match, "Alex Meret").pk)
    make_fan_rating(meret, score=8)
    meret.player = make_player("Piotr Zielinski", match.home_team)

    with pytest.raises(ValidationError) as refused:
        meret.validate_line_up_change()

    assert refused.value.message_dict == {
        "player": [
            "Fans have already rated Alex Meret in this match, so this line-up row cannot be "
            "given to another player or match: their votes would move with it. Keep Alex Meret "
            "and add the other player as a new row."
        ]
    }


def test_validate_line_up_change_wants_the_rows_team_to_be_the_players(match):
    stranger = make_player("Romelu Lukaku", make_team("Inter"))
    row = Appearance(match=match, player=stranger, team=match.home_team)

    with pytest.raises(ValidationError) as refused:
        row.validate_line_up_change()

    assert refused.value.message_dict == {
        "player": [
            "Romelu Lukaku plays for Inter, not Napoli: choose one of Napoli's players, or "
            "change his team first."
        ]
    }


def test_validate_line_up_change_accepts_a_player_without_a_team(match):
    row = Appearance(match=match, player=make_player("Free Agent", None), team=match.home_team)

    row.validate_line_up_change()


def test_deletion_refusal_names_the_player_and_counts_the_votes(match):
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, score=8)
    make_fan_rating(meret, score=6)

    assert meret.deletion_refusal() == (
        "Fans have rated Alex Meret in this match (2 votes), so he stays in the line-up: their "
        "votes are never deleted by an editor's change."
    )
    assert appearance_named(match, "Alex Sandro").deletion_refusal() is None


# The match desk in admin


def test_admin_refuses_deleting_a_rated_line_up_row(editor_client, match):
    make_fan_rating(appearance_named(match, "Alex Meret"), score=8)
    data = _change_form(match, **{"Alex Meret": {"DELETE": "on"}})

    response = editor_client.post(f"/admin/matches/match/{match.pk}/change/", data)

    assert response.status_code == 200
    assert _row_errors(response) == [
        "Fans have rated Alex Meret in this match (1 vote), so he stays in the line-up: their "
        "votes are never deleted by an editor's change."
    ]
    assert match.appearances.count() == 4
    assert _votes() == [("Alex Meret", 8)]


def test_admin_deletes_an_unrated_line_up_row(editor_client, match):
    make_fan_rating(appearance_named(match, "Alex Meret"), score=8)
    data = _change_form(match, **{"Alex Sandro": {"DELETE": "on"}})

    response = editor_client.post(f"/admin/matches/match/{match.pk}/change/", data)

    assert response.status_code == 302
    assert sorted(match.appearances.values_list("player__name", flat=True)) == [
        "Alex Meret",
        "Stanislav Lobotka",
        "Wojciech Szczesny",
    ]


def test_admin_refuses_giving_a_rated_row_to_another_player(editor_client, match):
    make_fan_rating(appearance_named(match, "Alex Meret"), score=8)
    zielinski = make_player("Piotr Zielinski", match.home_team)
    data = _change_form(match, **{"Alex Meret": {"player": zielinski.pk}})

    response = editor_client.post(f"/admin/matches/match/{match.pk}/change/", data)

    assert response.status_code == 200
    assert _row_errors(response) == [
        "Fans have already rated Alex Meret in this match, so this line-up row cannot be given "
        "to another player or match: their votes would move with it. Keep Alex Meret and add "
        "the other player as a new row."
    ]
    assert _votes() == [("Alex Meret", 8)]
    assert appearance_named(match, "Alex Meret").fan_ratings.count() == 1


def test_admin_lets_an_unrated_row_change_player(editor_client, match):
    zielinski = make_player("Piotr Zielinski", match.home_team)
    data = _change_form(match, **{"Alex Meret": {"player": zielinski.pk}})

    response = editor_client.post(f"/admin/matches/match/{match.pk}/change/", data)

    assert response.status_code == 302
    assert match.appearances.filter(player=zielinski).count() == 1


def test_admin_refuses_a_player_from_another_team(editor_client, match):
    lukaku = make_player("Romelu Lukaku", make_team("Inter"))
    data = _change_form(match, **{"Alex Sandro": {"player": lukaku.pk}})

    response = editor_client.post(f"/admin/matches/match/{match.pk}/change/", data)

    assert response.status_code == 200
    assert _row_errors(response) == [
        "Romelu Lukaku plays for Inter, not Juventus: choose one of Juventus's players, or "
        "change his team first."
    ]
    assert not match.appearances.filter(player=lukaku).exists()


def test_admin_unchanged_rows_of_a_transferred_player_still_save(editor_client, match):
    # A player who has since moved clubs keeps his old line-up rows.
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, score=8)
    meret.player.team = make_team("Roma")
    meret.player.save()

    response = editor_client.post(f"/admin/matches/match/{match.pk}/change/", _change_form(match))

    assert response.status_code == 302


def test_match_desk_query_count_does_not_grow_with_the_line_up(
    editor_client, django_assert_num_queries
):
    small = make_match()
    big = make_match(home="Inter", away="Milan")
    for order in range(2, 12):
        make_appearance(big, team=big.home_team, order=order, editor="6")
    editor_client.get(f"/admin/matches/match/{small.pk}/change/")  # content types cached

    with django_assert_num_queries(QUERIES):
        editor_client.get(f"/admin/matches/match/{small.pk}/change/")
    with django_assert_num_queries(QUERIES):
        response = editor_client.get(f"/admin/matches/match/{big.pk}/change/")

    assert response.status_code == 200
    assert big.appearances.count() == 14


# The editor came from the cache after the first request (accounts.backends.FanBackend).
QUERIES = 12


def test_admin_delete_page_of_a_rated_match_refuses_without_naming_fans(editor_client, match):
    make_fan_rating(appearance_named(match, "Alex Meret"), make_fan("secret-fan"), score=8)
    make_fan_rating(appearance_named(match, "Alex Sandro"), make_fan("other-fan"), score=6)

    page = editor_client.get(f"/admin/matches/match/{match.pk}/delete/")
    posted = editor_client.post(f"/admin/matches/match/{match.pk}/delete/", {"post": "yes"})

    content = page.content.decode()
    assert page.status_code == 200
    assert "would require deleting the following protected related objects" in content
    assert "2 fan votes on its players: fans&#x27; votes are never deleted by an editor" in content
    assert "secret-fan" not in content
    assert posted.status_code == 200
    assert Match.objects.filter(pk=match.pk).exists()
    assert FanRating.objects.count() == 2
