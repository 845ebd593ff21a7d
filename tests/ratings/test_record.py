from decimal import Decimal

import pytest

from ratings.stats import Line, record
from tests.factories import make_line


def _line(editor: str | None, *votes: int) -> Line:
    return make_line("x", *votes, editor=editor)


@pytest.mark.parametrize(
    ("lines", "matches", "editor_mean", "crowd_mean", "votes", "difference"),
    [
        ([_line("8", 7, 8, 9)], 1, Decimal(8), Decimal(8), 3, Decimal("0.0")),
        ([_line("8", 9, 9), _line("6.5", 6)], 2, Decimal("7.25"), Decimal(8), 3, Decimal("0.8")),
        ([_line(None, 5), _line("7")], 2, Decimal(7), Decimal(5), 1, Decimal("-2.0")),
        ([_line(None)], 1, None, None, 0, None),
    ],
)
def test_record_combines_matches(lines, matches, editor_mean, crowd_mean, votes, difference):
    result = record(lines)

    assert (result.matches, result.editor_mean, result.crowd.mean, result.crowd.votes) == (
        matches,
        editor_mean,
        crowd_mean,
        votes,
    )
    assert result.difference == difference


def test_player_page_shows_season_record(client, db):
    from tests.factories import appearance_named, make_closed_match, make_fan_rating

    match = make_closed_match()
    meret = appearance_named(match, "Alex Meret")
    for score in (9, 9, 6):
        make_fan_rating(meret, score=score)

    response = client.get(meret.player.get_absolute_url())

    text = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "1 match. Editor's average: 8.0. Crowd's average: 8.0 from 3 votes." in text
