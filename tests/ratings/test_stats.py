from decimal import Decimal

import pytest

from ratings.stats import Tally, biggest_disagreements, crowd_pick, difference, round1
from tests.factories import make_line as line
from tests.factories import make_tally as tally

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("6.65"), "6.7"),
        (D("6.64"), "6.6"),
        (D("6.75"), "6.8"),
        (D("-0.25"), "-0.3"),
        (D("-0.24"), "-0.2"),
        (D("8"), "8.0"),
        (D(20) / D(3), "6.7"),
    ],
)
def test_round1_rounds_half_up_to_one_place(value, expected):
    result = round1(value)

    assert str(result) == expected


def test_round1_keeps_none():
    assert round1(None) is None


@pytest.mark.parametrize(
    ("votes", "expected_votes", "total", "total_of_squares"),
    [
        ((7, 8, 9), 3, 24, 194),
        ((5, 6), 2, 11, 61),
        ((), 0, 0, 0),
    ],
)
def test_tally_helper_sums_votes_and_squares(votes, expected_votes, total, total_of_squares):
    assert tally(*votes) == Tally(expected_votes, total, total_of_squares)


@pytest.mark.parametrize(
    ("votes", "mean", "spread"),
    [
        ((5, 6), D("5.5"), D("0.5")),
        ((6, 6), D(6), D(0)),
        ((10,), D(10), D(0)),
        ((2, 4, 4, 4, 5, 5, 7, 9), D(5), D(2)),
        ((1, 10), D("5.5"), D("4.5")),
    ],
)
def test_tally_mean_and_spread_are_exact(votes, mean, spread):
    result = tally(*votes)

    assert result.mean == mean
    assert result.spread == spread


def test_tally_spread_is_population_standard_deviation():
    # Votes 7, 8, 9: mean 8, variance ((-1)² + 0² + 1²) / 3 = 2/3, spread sqrt(2/3) = 0.816...
    result = tally(7, 8, 9)

    spread = result.spread

    assert result.mean == D(8)
    assert spread == (D(2) / D(3)).sqrt()
    assert str(round1(spread)) == "0.8"


def test_tally_mean_of_thirds_is_not_rounded_early():
    result = tally(6, 7, 7)

    assert result.mean == D(20) / D(3)
    assert str(round1(result.mean)) == "6.7"


def test_tally_without_votes_has_no_mean_or_spread():
    result = Tally()

    assert result.mean is None
    assert result.spread is None


@pytest.mark.parametrize(
    ("crowd", "editor", "expected"),
    [
        (D(8), D(8), "0.0"),
        (D("5.5"), D(6), "-0.5"),
        (D(9), D("6.5"), "2.5"),
        (D("6.65"), D(6), "0.7"),
        (D("5.75"), D(6), "-0.3"),
        (D(20) / D(3), D("6.25"), "0.4"),
        (D(1), D(10), "-9.0"),
        (D(47) / D(7), D("6.75"), "0.0"),  # -0.036 rounds to zero: no "-0.0"
    ],
)
def test_difference_is_crowd_minus_editor_rounded(crowd, editor, expected):
    result = difference(crowd, editor)

    assert str(result) == expected


@pytest.mark.parametrize(("crowd", "editor"), [(None, D(6)), (D(7), None), (None, None)])
def test_difference_missing_side_is_none(crowd, editor):
    assert difference(crowd, editor) is None


def test_line_difference_uses_unrounded_mean():
    # 6, 7, 7 average 6.666..., so 6.666... - 6.25 = 0.41... -> 0.4 (not 6.7 - 6.25 = 0.45 -> 0.5).
    result = line("Insigne", 6, 7, 7, editor="6.25")

    assert result.crowd_mean == D(20) / D(3)
    assert result.difference == D("0.4")


@pytest.mark.parametrize(
    ("min_votes", "expected"),
    [
        (1, "Lobotka"),
        (2, "Meret"),
        (3, "Meret"),
        (4, None),
    ],
)
def test_crowd_pick_needs_min_votes(min_votes, expected):
    lines = [
        line("Lobotka", 10),
        line("Meret", 7, 8, 9),
        line("Szczesny", 5, 6),
    ]

    pick = crowd_pick(lines, min_votes)

    assert (pick.name if pick else None) == expected


def test_crowd_pick_zero_threshold_still_needs_a_vote():
    lines = [line("Meret"), line("Szczesny")]

    assert crowd_pick(lines, 0) is None


def test_crowd_pick_without_lines_is_none():
    assert crowd_pick([], 3) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([line("Zielinski", 8, 8, 8), line("Insigne", 8, 8, 8, 8)], "Insigne"),
        ([line("Insigne", 8, 8, 8), line("Zielinski", 8, 8, 8, 8)], "Zielinski"),
        ([line("Zielinski", 7, 9, 8), line("Insigne", 8, 8, 8)], "Insigne"),
        ([line("Insigne", 8, 8, 8), line("Zielinski", 7, 9, 8)], "Insigne"),
        ([line("Insigne", 8, 8, 8), line("Zielinski", 8, 8, 9)], "Zielinski"),
    ],
    ids=["more-votes", "more-votes-listed-second", "name", "name-listed-first", "higher"],
)
def test_crowd_pick_breaks_ties_by_votes_then_name(lines, expected):
    assert crowd_pick(lines, 3).name == expected


def test_biggest_disagreements_largest_first_either_sign():
    lines = [
        line("Politano", 7, editor="6"),  # +1.0
        line("Osimhen", 4, 4, editor="7"),  # -3.0
        line("Lozano", 8, 9, editor="6.5"),  # +2.0
        line("Insigne", 6, 6, editor="5.5"),  # +0.5
    ]

    result = biggest_disagreements(lines)

    assert [(item.name, item.difference) for item in result] == [
        ("Osimhen", D("-3.0")),
        ("Lozano", D("2.0")),
        ("Politano", D("1.0")),
    ]


def test_biggest_disagreements_leaves_out_agreement_and_missing_ratings():
    lines = [
        line("Meret", 7, 8, 9, editor="8"),  # 0.0
        line("Rrahmani", *[7] * 19, 8, editor="7"),  # 7.05: +0.05 rounds half up to +0.1
        line("Lobotka", 9, editor=None),  # editor N/A
        line("Sandro", editor="6.5"),  # no votes
        line("Szczesny", 5, 6, editor="6"),  # -0.5
    ]

    result = biggest_disagreements(lines)

    assert [(item.name, item.difference) for item in result] == [
        ("Szczesny", D("-0.5")),
        ("Rrahmani", D("0.1")),
    ]


def test_biggest_disagreements_leaves_out_difference_that_rounds_to_zero():
    # 21 votes: twenty 7s and one 8 average 7.047..., which rounds to 7.0 against the editor's 7.
    lines = [line("Rrahmani", *[7] * 20, 8, editor="7"), line("Szczesny", 5, 6, editor="6")]

    result = biggest_disagreements(lines)

    assert [item.name for item in result] == ["Szczesny"]


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1, ["Osimhen"]),
        (2, ["Osimhen", "Lozano"]),
        (3, ["Osimhen", "Lozano", "Politano"]),
        (10, ["Osimhen", "Lozano", "Politano", "Insigne"]),
    ],
)
def test_biggest_disagreements_limit(limit, expected):
    lines = [
        line("Insigne", 6, editor="5.5"),
        line("Politano", 7, editor="6"),
        line("Lozano", 8, editor="6"),
        line("Osimhen", 4, editor="7"),
    ]

    result = biggest_disagreements(lines, limit=limit)

    assert [item.name for item in result] == expected


def test_biggest_disagreements_ties_go_to_more_votes_then_name():
    lines = [
        line("Zielinski", 8, editor="7"),  # +1.0 from one vote
        line("Politano", 5, 5, editor="6"),  # -1.0 from two votes
        line("Insigne", 8, editor="7"),  # +1.0 from one vote
    ]

    result = biggest_disagreements(lines)

    assert [item.name for item in result] == ["Politano", "Insigne", "Zielinski"]
