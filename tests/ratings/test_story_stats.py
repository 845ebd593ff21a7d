"""The results story's statistics, hand-checked: medians, ranks with ties, Spearman,
the mean absolute difference, the agreement sentence and a fan's furthest marks."""

from decimal import Decimal
from fractions import Fraction

import pytest

from ratings.stats import (
    Agreement,
    Line,
    Tally,
    agreement,
    furthest,
    is_provisional,
    mean_absolute_difference,
    median,
    order_in_words,
    ranks,
    round2,
    spearman,
)
from tests.factories import make_line

D = Decimal


def _votes(*scores: int) -> tuple[int, ...]:
    return tuple(scores.count(score) for score in range(1, 11))


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((), None),
        ((7,), D(7)),
        ((7, 8), D("7.5")),
        ((7, 8, 9), D(8)),
        ((1, 1, 10, 10), D("5.5")),
        ((1, 1, 1, 10), D(1)),
        ((2, 9, 9, 9, 10), D(9)),
        ((6, 6, 7, 7, 7, 8), D(7)),
    ],
)
def test_median_from_a_distribution(scores, expected):
    assert median(_votes(*scores)) == expected


def test_tally_median_reads_its_distribution():
    assert Tally.from_distribution(_votes(5, 6, 6, 9)).median == D(6)


@pytest.mark.parametrize(
    ("votes", "threshold", "expected"),
    [(0, 10, True), (1, 10, True), (9, 10, True), (10, 10, False), (48, 10, False), (1, 1, False)],
)
def test_is_provisional_below_the_threshold(votes, threshold, expected):
    assert is_provisional(Tally(votes=votes, total=votes * 7), threshold) is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([D(8), D(7), D(6)], [1, 2, 3]),
        ([D(6), D(8), D(7)], [3, 1, 2]),
        ([D(7), D(7), D(5), D(6)], [Fraction(3, 2), Fraction(3, 2), 4, 3]),
        ([D(6), D(6), D(6)], [2, 2, 2]),
        ([D("6.5"), D(8), D("6.5"), D("6.5")], [3, 1, 3, 3]),
        ([], []),
    ],
)
def test_ranks_share_the_mean_place_when_tied(values, expected):
    assert ranks(values) == expected


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(8, 8), (7, 7), (6, 6)], D(1)),
        ([(1, 3), (2, 2), (3, 1)], D(-1)),
        # Ranks crowd [1.5, 1.5, 4, 3], editor [1, 2.5, 2.5, 4]: covariance 2.25, each side 4.5.
        ([(7, 8), (7, 6), (5, 6), (6, 5)], D("0.5")),
        # No ties: 1 - 6 * 4 / (5 * 24).
        ([(1, 2), (2, 1), (3, 4), (4, 3), (5, 5)], D("0.8")),
        # Fewer than three players: no order worth comparing.
        ([(8, 8), (6, 7)], None),
        ([(8, 8)], None),
        ([], None),
        # The editor gave everyone a 6: he put no order on them.
        ([(8, 6), (7, 6), (5, 6)], None),
    ],
)
def test_spearman_with_ties_and_few_players(pairs, expected):
    result = spearman([(D(x), D(y)) for x, y in pairs])

    assert result == expected


def test_spearman_irrational_value_is_exact_to_many_places():
    # Ranks crowd [1, 2, 3], editor [1.5, 1.5, 3]: covariance 1.5, sides 2 and 1.5, so
    # 1.5 / sqrt(3) = sqrt(3) / 2.
    result = spearman([(D(9), D(7)), (D(8), D(7)), (D(6), D(5))])

    assert round2(result) == D("0.87")
    assert str(result)[:12] == "0.8660254037"


def _line(editor: str | None, *votes: int) -> Line:
    return make_line("x", *votes, editor=editor)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([_line("8", 7, 8, 9), _line("6", 5, 6), _line(None, 10), _line("6.5")], D("0.25")),
        ([_line("7", 9), _line("7", 5)], D(2)),
        ([_line("6", 9)], D(3)),
        ([_line(None, 9), _line("6")], None),
        ([], None),
    ],
)
def test_mean_absolute_difference_ignores_direction(lines, expected):
    assert mean_absolute_difference(lines) == expected


@pytest.mark.parametrize(
    ("rho", "words"),
    [
        (D(1), "the crowd and the editor ranked the players much the same"),
        (D("0.8"), "the crowd and the editor ranked the players much the same"),
        (D("0.79"), "the crowd and the editor broadly agreed on the order of the players"),
        (D("0.5"), "the crowd and the editor broadly agreed on the order of the players"),
        (D("0.2"), "the crowd and the editor agreed only loosely on the order of the players"),
        (D("0.0"), "the crowd's order of the players had little to do with the editor's"),
        (D("-0.2"), "the crowd tended to rank the players the other way round from the editor"),
        (D("-0.5"), "the crowd ranked the players almost the opposite way to the editor"),
        (D(-1), "the crowd ranked the players almost the opposite way to the editor"),
        (None, "too few players were rated by both to compare their order"),
    ],
)
def test_order_in_words(rho, words):
    assert order_in_words(rho) == words


@pytest.mark.parametrize(
    ("lines", "expected", "headline"),
    [
        (
            [_line("8", 7, 8, 9), _line("6", 5, 6), _line(None, 10), _line("6.5")],
            Agreement(players=2, mean_absolute_difference=D("0.25"), spearman=None),
            "Over the 2 players rated by both, the crowd was on average 0.3 points away from "
            "the editor; too few players were rated by both to compare their order.",
        ),
        (
            [_line("8", 9), _line("7", 8), _line("5", 7)],
            Agreement(players=3, mean_absolute_difference=D(4) / 3, spearman=D(1)),
            "Over the 3 players rated by both, the crowd was on average 1.3 points away from "
            "the editor, and the crowd and the editor ranked the players much the same "
            "(rank correlation 1.00).",
        ),
        (
            [_line("8", 7), _line("7", 8), _line("6", 9)],
            Agreement(players=3, mean_absolute_difference=D(5) / 3, spearman=D(-1)),
            "Over the 3 players rated by both, the crowd was on average 1.7 points away from "
            "the editor, and the crowd ranked the players almost the opposite way to the editor "
            "(rank correlation -1.00).",
        ),
        (
            [_line("6", 7)],
            Agreement(players=1, mean_absolute_difference=D(1), spearman=None),
            "Over the 1 player rated by both, the crowd was on average 1.0 point away from the "
            "editor; too few players were rated by both to compare their order.",
        ),
        (
            [_line(None, 7), _line("6")],
            Agreement(players=0, mean_absolute_difference=None, spearman=None),
            "No player has both a crowd mark and an editor's mark yet.",
        ),
    ],
)
def test_agreement_headline_from_the_numbers(lines, expected, headline):
    result = agreement(lines)

    assert result == expected
    assert result.headline == headline


@pytest.mark.parametrize(
    ("mine", "against", "expected"),
    [
        # a: editor 8, crowd 6; b: editor 5, crowd 7.
        ({"a": 7, "b": 4}, "crowd", ("b", 4, D(7), D(-3))),
        ({"a": 7, "b": 4}, "editor", ("a", 7, D(8), D(-1))),  # a tie: the earlier player
        ({"b": 10}, "crowd", ("b", 10, D(7), D(3))),
        ({"c": 10}, "editor", None),  # the editor rated c N/A
        ({}, "crowd", None),
    ],
)
def test_furthest_from_the_crowd_and_the_editor(mine, against, expected):
    lines = [
        make_line("a", 6, editor="8"),
        make_line("b", 7, editor="5"),
        make_line("c", 6, editor=None),
    ]

    result = furthest(lines, mine, against)

    found = None if result is None else (result.line.name, result.mine, result.theirs, result.gap)
    assert found == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D("0.705"), "0.71"), (D("0.704"), "0.70"), (D(-1) / 3, "-0.33"), (D("8"), "8.00")],
)
def test_round2_rounds_half_up(value, expected):
    assert str(round2(value)) == expected
