from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ratings.models import EditorRating, FanRating, RatingClosedError, rate_players
from tests.factories import appearance_named, make_fan_rating, make_match


def test_fan_rating_database_refuses_second_rating_by_same_fan(match, fan):
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, fan, score=7)

    with pytest.raises(IntegrityError), transaction.atomic():
        FanRating.objects.create(appearance=meret, fan=fan, score=8)

    assert FanRating.objects.get(appearance=meret, fan=fan).score == 7


@pytest.mark.parametrize("score", [0, 11, 100])
def test_fan_rating_database_refuses_out_of_range_score(match, fan, score):
    meret = appearance_named(match, "Alex Meret")

    with pytest.raises(IntegrityError), transaction.atomic():
        FanRating.objects.create(appearance=meret, fan=fan, score=score)

    assert FanRating.objects.count() == 0


def test_editor_rating_database_refuses_more_than_ten(match):
    szczesny = appearance_named(match, "Wojciech Szczesny")
    szczesny.editor_rating.delete()

    with pytest.raises(IntegrityError), transaction.atomic():
        EditorRating.objects.create(appearance=szczesny, quarters=41)


def test_editor_rating_not_rated_is_not_zero(match):
    lobotka = appearance_named(match, "Stanislav Lobotka")
    meret = appearance_named(match, "Alex Meret")
    meret.editor_rating.quarters = 0
    meret.editor_rating.save()

    lobotka.editor_rating.refresh_from_db()
    meret.editor_rating.refresh_from_db()

    assert lobotka.editor_rating.value is None
    assert lobotka.editor_rating.display == "not rated"
    assert meret.editor_rating.value == Decimal("0")
    assert meret.editor_rating.display == "0"


@pytest.mark.parametrize(
    ("written", "quarters", "display"),
    [
        ("8", 32, "8"),
        ("6,5", 26, "6.5"),
        ("6+", 25, "6.25"),
        ("6-", 23, "5.75"),
        ("N/A", None, "not rated"),
    ],
)
def test_editor_rating_stores_quarter_points(match, written, quarters, display):
    from ratings.marks import parse_rating

    meret = appearance_named(match, "Alex Meret")
    rating = meret.editor_rating
    rating.quarters = EditorRating.quarters_for(parse_rating(written))
    rating.save()

    rating.refresh_from_db()

    assert rating.quarters == quarters
    assert rating.display == display


def test_rate_players_saves_and_replaces_scores(match, fan):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")

    rate_players(fan=fan, match=match, scores={meret: 7, sandro: 5})
    rate_players(fan=fan, match=match, scores={meret: 9})

    assert sorted(FanRating.objects.values_list("appearance__player__name", "score")) == [
        ("Alex Meret", 9),
        ("Alex Sandro", 5),
    ]


def test_rate_players_refused_when_window_closed(fan):
    match = make_match(
        rating_opens_at=timezone.now() - timedelta(days=8),
        rating_closes_at=timezone.now() - timedelta(days=1),
    )
    meret = appearance_named(match, "Alex Meret")

    with pytest.raises(RatingClosedError, match="closed"):
        rate_players(fan=fan, match=match, scores={meret: 7})

    assert FanRating.objects.count() == 0


def test_rate_players_refuses_player_from_another_match(match, fan):
    other = make_match(home="Inter", away="Milan")
    stranger = other.appearances.first()

    with pytest.raises(ValueError, match="did not play"):
        rate_players(
            fan=fan, match=match, scores={appearance_named(match, "Alex Meret"): 7, stranger: 6}
        )

    assert FanRating.objects.count() == 0


def test_close_ratings_ends_the_window_now(match):
    match.close_ratings()

    match.refresh_from_db()

    assert match.is_open_for_rating() is False
    assert match.has_rating_closed() is True


def test_open_for_rating_queryset_excludes_closed_and_future(db):
    now = timezone.now()
    open_match = make_match()
    make_match(
        home="Roma",
        away="Lazio",
        rating_opens_at=now - timedelta(days=9),
        rating_closes_at=now - timedelta(days=2),
    )
    make_match(
        home="Inter",
        away="Milan",
        rating_opens_at=now + timedelta(days=1),
        rating_closes_at=now + timedelta(days=2),
    )

    from matches.models import Match

    assert list(Match.objects.open_for_rating()) == [open_match]
