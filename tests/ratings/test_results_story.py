"""The results page's story: vote charts, the editor's mark, each team's average verdict."""

import re
from decimal import Decimal

import pytest

from ratings.stats import Bar, Line, histogram, mean_difference
from tests.factories import appearance_named, make_ballots, make_line


def _line(editor: str | None, *votes: int) -> Line:
    return make_line("x", *votes, editor=editor)


@pytest.mark.parametrize(
    ("distribution", "heights"),
    [
        ((0,) * 10, [0] * 10),
        ((0, 0, 0, 0, 0, 1, 2, 4, 0, 0), [0, 0, 0, 0, 0, 25, 50, 100, 0, 0]),
        ((3, 0, 0, 0, 0, 0, 0, 0, 0, 1), [100, 0, 0, 0, 0, 0, 0, 0, 0, 33]),
        ((), []),
    ],
)
def test_histogram_scales_to_the_most_common_score(distribution, heights):
    bars = histogram(distribution)

    assert [bar.height for bar in bars] == heights
    assert [bar.score for bar in bars] == list(range(1, len(heights) + 1))


def test_histogram_keeps_counts():
    assert histogram((1, 2))[1] == Bar(score=2, count=2, height=100)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([_line("7", 8), _line("6", 6)], Decimal("0.5")),
        ([_line("7", 6), _line("6", 6, 5)], Decimal("-0.8")),
        ([_line("7", 7), _line(None, 9), _line("8")], Decimal("0.0")),
        ([_line("7", 6, 7), _line("7", 7, 7, 8)], Decimal("-0.1")),
        ([_line(None, 7), _line("6")], None),
    ],
)
def test_mean_difference_averages_players_both_rated(lines, expected):
    assert mean_difference(lines) == expected


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_results_vote_chart_draws_votes_and_editor_mark(client, match, settings):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    make_ballots(match, {"Alex Meret": [7, 8, 8, 9]})
    meret = appearance_named(match, "Alex Meret")

    html = client.get(f"/matches/{match.pk}/results/").content.decode()

    chart = re.search(rf'<svg[^>]*aria-labelledby="votes-{meret.pk}-title".*?</svg>', html, re.S)
    assert chart is not None
    svg = chart.group(0)
    assert (
        f'<title id="votes-{meret.pk}-title">Votes for Alex Meret, from 1 to 10: 0, 0, 0, 0, 0, 0, 1, 2, 1, 0. Crowd: 8.0. Editor: 8.</title>'
        in svg
    )
    # Bars for 7, 8 and 9: slots start at 61, 71 and 81; 8 is the tallest (30 units).
    assert re.findall(
        r'<rect class="vote-bar" x="(\d+)" y="([\d.]+)" width="8" height="([\d.]+)"/>', svg
    ) == [
        ("61", "15.0", "15.0"),
        ("71", "0.0", "30.0"),
        ("81", "15.0", "15.0"),
    ]
    # On the rail: the editor's 8 (a diamond) and the crowd's 8.0 (a circle) meet, no gap.
    assert '<polygon class="rail-editor" points="75.0,34.5 79.5,39 75.0,43.5 70.5,39"/>' in svg
    assert '<circle class="rail-crowd" cx="75.0" cy="39" r="3.5"/>' in svg
    assert "rail-gap" not in svg


def test_results_rail_shades_the_gap_warm_or_cool(client, match, settings):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    # Sandro: the crowd's 8.5 against the editor's 6.5; Szczesny: 4.0 against 6.
    make_ballots(match, {"Alex Sandro": [8, 9], "Wojciech Szczesny": [4]})

    html = client.get(f"/matches/{match.pk}/results/").content.decode()

    gaps = re.findall(
        r'<rect class="rail-gap rail-gap-(\w+)" x="([\d.]+)" y="36" width="([\d.]+)"', html
    )
    assert gaps == [("down", "35.0", "20.0"), ("up", "60.0", "20.0")]  # team-sheet order


def test_results_player_without_votes_has_no_chart(client, match):
    lobotka = appearance_named(match, "Stanislav Lobotka")

    html = client.get(f"/matches/{match.pk}/results/").content.decode()

    assert f"votes-{lobotka.pk}-title" not in html


def test_results_say_each_teams_average_verdict(client, match, settings):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    # Napoli: Meret 9 v editor 8 (+1), Lobotka not rated. Juventus: Szczesny 5 v 6, Sandro 6 v 6.5.
    make_ballots(match, {"Alex Meret": [9], "Wojciech Szczesny": [5], "Alex Sandro": [6]})

    text = _text(client.get(f"/matches/{match.pk}/results/").content.decode())

    assert "On average the crowd rated Napoli's players 1.0 higher than the editor did." in text
    assert "On average the crowd rated Juventus's players 0.8 lower than the editor did." in text


def test_results_without_votes_say_no_team_verdict(client, match):
    text = _text(client.get(f"/matches/{match.pk}/results/").content.decode())

    assert "On average" not in text
