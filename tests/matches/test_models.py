from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from matches.models import Appearance, Match, MatchEvent
from tests.factories import appearance_named, make_bare_match, make_match, make_team


def test_appearance_database_refuses_the_same_player_twice_in_a_match(match):
    meret = appearance_named(match, "Alex Meret")

    with pytest.raises(IntegrityError), transaction.atomic():
        Appearance.objects.create(
            match=match, player=meret.player, team=match.away_team, role="substitute"
        )

    assert match.appearances.filter(player=meret.player).count() == 1


def test_appearance_same_player_may_play_another_match(match):
    meret = appearance_named(match, "Alex Meret")
    other = make_bare_match(home_team=match.home_team, away_team=make_team("Roma"))

    Appearance.objects.create(match=other, player=meret.player, team=match.home_team)

    assert Appearance.objects.filter(player=meret.player).count() == 2


def test_match_database_refuses_a_team_playing_itself(db):
    napoli = make_team("Napoli")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_bare_match(home_team=napoli, away_team=napoli)

    assert Match.objects.count() == 0


@pytest.mark.parametrize("field", ["home_score", "away_score"])
def test_match_database_refuses_a_negative_score(match, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=match.pk).update(**{field: -1})

    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (1, 0)


def test_match_database_refuses_a_window_that_closes_before_it_opens(match):
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=match.pk).update(rating_closes_at=match.rating_opens_at)


def test_event_database_refuses_a_minute_past_150(match):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchEvent.objects.create(match=match, minute=151, kind="goal", description="Late.")


def test_match_clean_refuses_a_team_playing_itself(match):
    match.away_team = match.home_team

    with pytest.raises(ValidationError) as error:
        match.clean()

    assert error.value.message_dict == {"away_team": ["A team cannot play itself."]}


def test_match_clean_refuses_a_window_that_closes_before_it_opens(match):
    match.rating_closes_at = match.rating_opens_at - timedelta(hours=1)

    with pytest.raises(ValidationError) as error:
        match.clean()

    assert error.value.message_dict == {
        "rating_closes_at": ["The rating window must close after it opens."]
    }


def test_match_clean_refuses_a_man_of_the_match_from_another_match(match):
    match.man_of_the_match = make_match(home="Inter", away="Milan").appearances.first()

    with pytest.raises(ValidationError) as error:
        match.clean()

    assert error.value.message_dict == {
        "man_of_the_match": ["The man of the match must have played in this match."]
    }


def test_appearance_clean_refuses_a_team_not_in_the_match(match):
    appearance = appearance_named(match, "Alex Meret")
    appearance.team = make_team("Roma")

    with pytest.raises(ValidationError) as error:
        appearance.clean()

    assert error.value.message_dict == {
        "team": ["The team must be one of the two sides in this match."]
    }


def test_match_string_and_score_display(match):
    unplayed = make_bare_match(home_score=None, away_score=None)

    assert match.score_display == "1-0"
    assert unplayed.score_display == "v"
    assert str(match).startswith("Napoli 1-0 Juventus, ")
