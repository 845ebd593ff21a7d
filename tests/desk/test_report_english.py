"""The English forms, the seed report, problems and the JSON shape (desk/report/english.py, blocks.py)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from desk.report import (
    CHANCE,
    DISALLOWED_GOAL,
    GOAL,
    PENALTY,
    SAVE,
    STARTER,
    SUBSTITUTE,
    ParsedManOfTheMatch,
    ParsedPlayer,
    Problem,
    parse_report,
)

# The seed match report (Napoli 1-0 Juventus): its structure, ratings block, man of the match
# and key-moment headlines as published, its prose retold in our own words.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-match-report.txt"
S, B = STARTER, SUBSTITUTE
D = Decimal


def players(report):
    return [(p.name, p.role, p.rating, p.value) for team in report.teams for p in team.players]


# --- The seed report ----------------------------------------------------------------------


def test_parse_report_seed_reads_all_29_players_in_order():
    text = SEED.read_text(encoding="utf-8")

    report = parse_report(text)

    assert [team.name for team in report.teams] == ["Napoli", "Juventus"]
    assert players(report) == [
        ("Meret", S, "8", D(8)),
        ("Di Lorenzo", S, "7", D(7)),
        ("Maksimovic", S, "7", D(7)),
        ("Rrahmani", S, "7", D(7)),
        ("Mario Rui", S, "7", D(7)),
        ("Bakayoko", S, "7", D(7)),
        ("Zielinski", S, "7", D(7)),
        ("Politano", S, "6", D(6)),
        ("Insigne", S, "8", D(8)),
        ("Lozano", S, "8", D(8)),
        ("Osimhen", S, "6", D(6)),
        ("Ruiz", B, "5", D(5)),
        ("Elmas", B, "5", D(5)),
        ("Lobotka", B, "N/A", None),
        ("Petagna", B, "N/A", None),
        ("Szczesny", S, "6", D(6)),
        ("Cuadrado", S, "7", D(7)),
        ("De Ligt", S, "7", D(7)),
        ("Chiellini", S, "5", D(5)),
        ("Danilo", S, "6", D(6)),
        ("Chiesa", S, "6", D(6)),
        ("Bentancur", S, "6", D(6)),
        ("Rabiot", S, "6", D(6)),
        ("Bernardeschi", S, "6", D(6)),
        ("Morata", S, "6", D(6)),
        ("Ronaldo", S, "6", D(6)),
        ("Alex Sandro", B, "6", D(6)),
        ("Kulusevski", B, "5", D(5)),
        ("McKennie", B, "5", D(5)),
    ]
    assert report.problems == ()


def test_parse_report_seed_reads_man_of_the_match_score_and_events():
    text = SEED.read_text(encoding="utf-8")

    report = parse_report(text)

    assert report.man_of_the_match == ParsedManOfTheMatch("Alex Meret", "Napoli", "Meret")
    assert report.score == (1, 0)
    assert [(e.minute, e.kind, e.line) for e in report.events] == [
        (30, PENALTY, 33),
        (31, GOAL, 35),
        (57, CHANCE, 37),
        (63, DISALLOWED_GOAL, 39),
        (87, SAVE, 41),
    ]
    assert report.events[1].text.startswith("GOAL! Napoli 1-0 Juventus (Lorenzo Insigne, pen):")
    assert report.events[4].text.endswith("to deny Morata from six yards!")


def test_parse_report_seed_player_lines_point_at_the_team_lines():
    text = SEED.read_text(encoding="utf-8")

    report = parse_report(text)

    assert {p.line for p in report.teams[0].players} == {27}
    assert {p.line for p in report.teams[1].players} == {29}


def test_parse_report_seed_without_heading_skips_the_prose():
    text = SEED.read_text(encoding="utf-8").replace("PLAYER RATINGS", "")

    report = parse_report(text)

    assert report == parse_report(SEED.read_text(encoding="utf-8"))


# --- Formats ------------------------------------------------------------------------------

FORMATS = [
    pytest.param(
        "Napoli: Meret 8, Osimhen 6.. subs: Ruiz 5, Lobotka N/A",
        [("Meret", S, "8", D(8)), ("Osimhen", S, "6", D(6)), ("Ruiz", B, "5", D(5))]
        + [("Lobotka", B, "N/A", None)],
        id="inline-subs",
    ),
    pytest.param(
        "Liverpool: Alisson (6), Van Dijk (6).\nSubs: Tsimikas (6), Keita (n/a).",
        [("Alisson", S, "6", D(6)), ("Van Dijk", S, "6", D(6)), ("Tsimikas", B, "6", D(6))]
        + [("Keita", B, "n/a", None)],
        id="bracketed-with-subs-line",
    ),
    pytest.param(
        "Tottenham Lloris (6), Romero (7) .\nSubs Winks (n/a)",
        [("Lloris", S, "6", D(6)), ("Romero", S, "7", D(7)), ("Winks", B, "n/a", None)],
        id="no-colons",
    ),
    pytest.param(
        "Napoli: 7 Meret | 6 Di Lorenzo | 6,5 Mario Rui",
        [("Meret", S, "7", D(7)), ("Di Lorenzo", S, "6", D(6)), ("Mario Rui", S, "6,5", D("6.5"))],
        id="rating-first-pipes",
    ),
    pytest.param(
        "Napoli 7 Meret | 6 Di Lorenzo",
        [("Meret", S, "7", D(7)), ("Di Lorenzo", S, "6", D(6))],
        id="rating-first-no-colon",
    ),
    pytest.param(
        "Napoli: Meret 7; Di Lorenzo 6;Rui 5",
        [("Meret", S, "7", D(7)), ("Di Lorenzo", S, "6", D(6)), ("Rui", S, "5", D(5))],
        id="semicolons",
    ),
    pytest.param(
        "Napoli: Zielinski 5,5, Elmas 6,Lozano 7",
        [("Zielinski", S, "5,5", D("5.5")), ("Elmas", S, "6", D(6)), ("Lozano", S, "7", D(7))],
        id="decimal-comma-then-separator",
    ),
    pytest.param(
        "Napoli: Meret 6.5, Rui 6+, Elmas 6-, Osimhen 7.5, Insigne 10, Lozano 0",
        [("Meret", S, "6.5", D("6.5")), ("Rui", S, "6+", D("6.25")), ("Elmas", S, "6-", D("5.75"))]
        + [("Osimhen", S, "7.5", D("7.5")), ("Insigne", S, "10", D(10)), ("Lozano", S, "0", D(0))],
        id="halves-and-marks",
    ),
    pytest.param(
        "Napoli: Meret N/A, Rui n/a, Elmas NA, Lozano s.v., Osimhen sv, Insigne SV, Ruiz -",
        [("Meret", S, "N/A", None), ("Rui", S, "n/a", None), ("Elmas", S, "NA", None)]
        + [("Lozano", S, "s.v.", None), ("Osimhen", S, "sv", None), ("Insigne", S, "SV", None)]
        + [("Ruiz", S, "-", None)],
        id="not-rated",
    ),
    pytest.param(
        "Napoli: Meret 6, Lozano s.v.",
        [("Meret", S, "6", D(6)), ("Lozano", S, "s.v.", None)],
        id="s.v.-at-line-end",
    ),
    pytest.param(
        "Napoli: Zielinski 5,5 (63' Elmas 5,5), Insigne 7 (70 Lozano sv), Rui 6",
        [("Zielinski", S, "5,5", D("5.5")), ("Insigne", S, "7", D(7)), ("Rui", S, "6", D(6))]
        + [("Elmas", B, "5,5", D("5.5")), ("Lozano", B, "sv", None)],
        id="bracketed-subs-after-starters",
    ),
    pytest.param(
        "Liverpool: van Dijk 7, Mac Allister 6, Dewsbury-Hall 5, Joao Palhinha 7, Smith Rowe 6",
        [("van Dijk", S, "7", D(7)), ("Mac Allister", S, "6", D(6))]
        + [("Dewsbury-Hall", S, "5", D(5)), ("Joao Palhinha", S, "7", D(7))]
        + [("Smith Rowe", S, "6", D(6))],
        id="multi-word-names",
    ),
    pytest.param(
        "Juventus: Szczęsny 6, De Gea 5, Alex Sandro 6\nNapoli: Zieliński 7",
        [("Szczęsny", S, "6", D(6)), ("De Gea", S, "5", D(5)), ("Alex Sandro", S, "6", D(6))]
        + [("Zieliński", S, "7", D(7))],
        id="accents",
    ),
    pytest.param(
        "Napoli (4-3-3): Meret 7, Rui 6",
        [("Meret", S, "7", D(7)), ("Rui", S, "6", D(6))],
        id="formation-after-team",
    ),
    pytest.param(
        "Tottenham: Lloris (c) (6), Romero (7)",
        [("Lloris", S, "6", D(6)), ("Romero", S, "7", D(7))],
        id="captain-tag",
    ),
    pytest.param(
        "Napoli: Meret 7, Rui 6\n\nNapoli subs: Elmas 6",
        [("Meret", S, "7", D(7)), ("Rui", S, "6", D(6)), ("Elmas", B, "6", D(6))],
        id="team-subs-line",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FORMATS)
def test_parse_report_format_reads_players(text, expected):
    report = parse_report(text)

    assert players(report) == expected
    assert report.problems == ()


def test_parse_report_bracketed_subs_record_minute_and_replaced_player():
    text = "Napoli: Zielinski 5,5 (63' Elmas 5,5), Insigne 7 (70 Lozano sv), Rui 6 (Ruiz 5 85')"

    report = parse_report(text)

    subs = [(p.name, p.minute_on, p.replaced) for p in report.teams[0].players if p.role == B]
    assert subs == [("Elmas", 63, "Zielinski"), ("Lozano", 70, "Insigne"), ("Ruiz", 85, "Rui")]


def test_parse_report_subs_line_joins_the_team_line_above():
    text = "Liverpool: Alisson (6)\nTottenham: Lloris (6)\nSubs: Winks (n/a)"

    report = parse_report(text)

    assert [(t.name, [p.name for p in t.players]) for t in report.teams] == [
        ("Liverpool", ["Alisson"]),
        ("Tottenham", ["Lloris", "Winks"]),
    ]


def test_parse_report_no_colon_team_is_the_first_word():
    text = "Tottenham Lloris (6), Romero (7)\nLiverpool Alisson (6), Van Dijk (6)"

    report = parse_report(text)

    assert [t.name for t in report.teams] == ["Tottenham", "Liverpool"]
    assert [p.name for p in report.teams[0].players] == ["Lloris", "Romero"]


def test_parse_report_no_colon_team_uses_a_team_name_known_elsewhere():
    text = (
        "Man of the Match: Bruno Fernandes (Manchester United)\n"
        "Manchester United De Gea (6), Bruno Fernandes (8)\n"
        "Arsenal: Ramsdale 6, Saka 7"
    )

    report = parse_report(text)

    assert [t.name for t in report.teams] == ["Manchester United", "Arsenal"]
    assert [p.name for p in report.teams[0].players] == ["De Gea", "Bruno Fernandes"]
    assert report.man_of_the_match == ParsedManOfTheMatch(
        "Bruno Fernandes", "Manchester United", "Bruno Fernandes"
    )


def test_parse_report_outside_ratings_heading_lines_are_ignored():
    text = "Arsenal: Ramsdale 6, Saka 7\n\nPLAYER RATINGS\nChelsea: Sanchez 5, James 6\nKEY STATS\n"

    report = parse_report(text)

    assert players(report) == [("Sanchez", S, "5", D(5)), ("James", S, "6", D(6))]
    assert report.problems == ()


def test_parse_report_prose_without_heading_is_not_a_team_line():
    text = (
        "With 17 games still remaining, there is a long way to go.\n"
        "Napoli won 2, Juventus lost 1.\n"
        "Round 3\n"
        "Napoli: Meret 8, Rui 7\n"
    )

    report = parse_report(text)

    assert players(report) == [("Meret", S, "8", D(8)), ("Rui", S, "7", D(7))]
    assert report.problems == ()


# --- to_dict ------------------------------------------------------------------------------


def test_to_dict_small_block_has_the_json_shape():
    text = (
        "Napoli: Meret 8, Zielinski 5,5 (63' Elmas 6+), Lobotka N/A\n"
        "Juventus: Chiesa 7, Rabiot 11\n"
        "Man of the match - Alex Meret (Napoli)\n"
        "31' - GOAL! Napoli 1-0 Juventus (Insigne, pen): Cool finish."
    )

    data = parse_report(text).to_dict()

    assert data == {
        "teams": [
            {
                "name": "Napoli",
                "players": [
                    {"name": "Meret", "role": "starter", "rating": "8", "value": 8.0},
                    {"name": "Zielinski", "role": "starter", "rating": "5,5", "value": 5.5},
                    {"name": "Lobotka", "role": "starter", "rating": "N/A", "value": None},
                    {"name": "Elmas", "role": "substitute", "rating": "6+", "value": 6.25},
                ],
            },
            {
                "name": "Juventus",
                "players": [{"name": "Chiesa", "role": "starter", "rating": "7", "value": 7.0}],
            },
        ],
        "man_of_the_match": {"name": "Alex Meret", "team": "Napoli", "player": "Meret"},
        "score": {"home": 1, "away": 0},
        "events": [
            {
                "minute": 31,
                "kind": "goal",
                "text": "GOAL! Napoli 1-0 Juventus (Insigne, pen): Cool finish.",
            }
        ],
        "problems": [
            {"line": 2, "text": "Rabiot 11", "message": "Rating 11 is out of range (0 to 10)."}
        ],
    }
    assert json.loads(json.dumps(data)) == data


def test_to_dict_nothing_found_gives_nulls():
    data = parse_report("Just some prose.").to_dict()

    assert data == {
        "teams": [],
        "man_of_the_match": None,
        "score": None,
        "events": [],
        "problems": [{"line": 0, "text": "", "message": "No player ratings found."}],
    }


# --- Problems -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        ("Napoli: Meret 11, Rui 7", [(1, "Meret 11")], "out of range (0 to 10)"),
        ("Napoli: Meret 7.3, Rui 7", [(1, "Meret 7.3")], "not a whole, half or quarter"),
        ("Napoli: Meret, Di Lorenzo 7", [(1, "Meret")], "No rating for Meret"),
        ("Napoli: Meret 7 8, Rui 7", [(1, "Meret 7 8")], "more than one rating: 7 8"),
        ("Napoli: 8, Rui 7", [(1, "8")], "Rating 8 has no player name"),
        ("Napoli: Meret 8 Rui 7, Elmas 6", [(1, "Meret 8 Rui 7")], "Could not read"),
        ("", [(0, "")], "No player ratings found"),
        ("  \n\n", [(0, "")], "No player ratings found"),
        ("Just a sentence about the game.", [(0, "")], "No player ratings found"),
        (
            "Subs: Ruiz 5, Elmas 5\nNapoli: Meret 8",
            [(1, "Subs: Ruiz 5, Elmas 5")],
            "before any team",
        ),
        ("Napoli: Meret 8, Rui 7, Meret 6", [(1, "Meret 6")], "Meret is listed twice for Napoli"),
        (
            "Napoli: Meret 8 (60' Rui 7), Rui 6",
            [(1, "Rui 6")],
            "Rui is listed twice for Napoli",
        ),
        (
            "PLAYER RATINGS\nNapoli: Meret 8\nThese are our marks.",
            [(3, "These are our marks.")],
            "Could not read this line as player ratings",
        ),
        (
            "PLAYER RATINGS\nMeret 8, Di Lorenzo 7\nNapoli: Rui 7",
            [(2, "Meret 8, Di Lorenzo 7")],
            "No team name",
        ),
    ],
)
def test_parse_report_broken_input_reports_problems(text, expected, phrase):
    report = parse_report(text)

    assert [(p.line, p.text) for p in report.problems] == expected
    assert phrase in report.problems[0].message


def test_parse_report_subs_after_a_line_without_team_are_not_given_to_the_team_above():
    text = "PLAYER RATINGS\nNapoli: Meret 8\nSzczesny 6, Chiesa 7\nSubs: Danilo 6"

    report = parse_report(text)

    assert players(report) == [("Meret", S, "8", D(8))]
    assert [(p.line, p.message) for p in report.problems] == [
        (3, "No team name before the players; write it as 'Team: Player 7, ...'."),
        (4, "Substitutes listed before any team line."),
    ]


def test_parse_report_broken_items_keep_the_readable_players():
    report = parse_report("Napoli: Meret 11, Rui 7, Elmas, Lozano 6")

    assert players(report) == [("Rui", S, "7", D(7)), ("Lozano", S, "6", D(6))]
    assert [p.text for p in report.problems] == ["Meret 11", "Elmas"]


ODD_INPUTS = ["(((", ")", ".", "::::", "Napoli:", "Subs", "Napoli: (", "Meret 8 (", "\x00", "1-0"]
ODD_INPUTS += ["Meret (63' (Elmas", "a: 1-1 b", "PLAYER RATINGS\n.", "Subs:\n31' -"]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_parse_report_odd_input_never_raises(text):
    report = parse_report(text)

    assert report.teams == ()
    assert Problem(0, "", "No player ratings found.") in report.problems
    assert not any("Could not read the report" in p.message for p in report.problems)


def test_parse_report_player_keeps_its_line_number():
    report = parse_report("\nNapoli: Meret 8\n\nSubs: Elmas 6")

    assert report.teams[0].players == (
        ParsedPlayer("Meret", S, "8", D(8), 2),
        ParsedPlayer("Elmas", B, "6", D(6), 4),
    )
