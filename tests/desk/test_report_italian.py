"""The Italian forms: pagelle (desk/report/italian.py, teams.py, blocks.py)."""

from decimal import Decimal
from pathlib import Path

import pytest

from desk.report import (
    STARTER,
    SUBSTITUTE,
    ParsedManOfTheMatch,
    ParsedPlayer,
    Problem,
    Skipped,
    parse_report,
)

# The worked example for the seed match, in our own words: Napoli 1-0 Juventus.
ESEMPIO = Path(__file__).resolve().parents[1] / "fixtures" / "pagelle-esempio.txt"
S, B = STARTER, SUBSTITUTE
D = Decimal


def players(report):
    return [(p.name, p.role, p.rating, p.value) for team in report.teams for p in team.players]


def subs(report):
    return [(p.name, p.minute_on) for team in report.teams for p in team.players if p.role == B]


# --- The worked example -------------------------------------------------------------------


def test_pagelle_esempio_reads_both_line_ups_in_order():
    report = parse_report(ESEMPIO.read_text(encoding="utf-8"))

    assert [team.name for team in report.teams] == ["Napoli", "Juventus"]
    assert players(report) == [
        ("Meret", S, "8", D(8)),
        ("Di Lorenzo", S, "6,5", D("6.5")),
        ("Maksimovic", S, "6.5", D("6.5")),
        ("Rrahmani", S, "7", D(7)),
        ("Mario Rui", S, "6+", D("6.25")),
        ("Bakayoko", S, "7", D(7)),
        ("Zielinski", S, "6-", D("5.75")),
        ("Politano", S, "6", D(6)),
        ("Insigne", S, "8", D(8)),
        ("Lozano", S, "7½", D("7.5")),
        ("Osimhen", S, "6", D(6)),
        ("Elmas", B, "5,5", D("5.5")),
        ("Fabian Ruiz", B, "5", D(5)),
        ("Lobotka", B, "sv", None),
        ("Petagna", B, "s.v.", None),
        ("Szczesny", S, "6", D(6)),
        ("Cuadrado", S, "7", D(7)),
        ("De Ligt", S, "6,5", D("6.5")),
        ("Chiellini", S, "5", D(5)),
        ("Danilo", S, "6", D(6)),
        ("Chiesa", S, "6", D(6)),
        ("Bentancur", S, "6", D(6)),
        ("Rabiot", S, "6", D(6)),
        ("Bernardeschi", S, "6", D(6)),
        ("Morata", S, "6", D(6)),
        ("Ronaldo", S, "6", D(6)),
        ("Kulusevski", B, "5", D(5)),
        ("McKennie", B, "5", D(5)),
        ("Alex Sandro", B, "6", D(6)),
    ]
    assert report.problems == ()


def test_pagelle_esempio_counts_starters_and_substitutes():
    report = parse_report(ESEMPIO.read_text(encoding="utf-8"))

    counts = [
        (team.name, sum(p.role == S for p in team.players), sum(p.role == B for p in team.players))
        for team in report.teams
    ]
    assert counts == [("Napoli", 11, 4), ("Juventus", 11, 3)]


def test_pagelle_esempio_substitutes_keep_their_minutes_and_the_player_replaced():
    report = parse_report(ESEMPIO.read_text(encoding="utf-8"))

    assert [
        (p.name, p.minute_on, p.replaced, p.line)
        for team in report.teams
        for p in team.players
        if p.role == B
    ] == [
        ("Elmas", 70, "Zielinski", 13),
        ("Fabian Ruiz", 62, "Politano", 14),
        ("Lobotka", 85, "Insigne", 15),
        ("Petagna", 88, "Osimhen", 17),
        ("Kulusevski", 66, "Bernardeschi", 25),
        ("McKennie", 81, "Morata", 26),
        ("Alex Sandro", 74, "Ronaldo", 27),
    ]


def test_pagelle_esempio_man_of_the_match_score_and_skipped_lines():
    report = parse_report(ESEMPIO.read_text(encoding="utf-8"))

    assert report.man_of_the_match == ParsedManOfTheMatch("Meret", "Napoli", "Meret")
    assert report.score == (1, 0)
    assert report.skipped == (
        Skipped(18, "All. Gattuso 7: la squadra lo segue.", "Coach, not a player."),
        Skipped(
            28,
            "In panchina: Buffon, Pinsoglio, Arthur, Frabotta.",
            "Bench: players who did not play.",
        ),
        Skipped(29, "Allenatore: Pirlo 5,5.", "Coach, not a player."),
        Skipped(30, "Arbitro: Doveri 6.", "Referee, not a player."),
    )
    names = {p.name for team in report.teams for p in team.players}
    assert names.isdisjoint({"Gattuso", "Pirlo", "Doveri", "Buffon", "Arthur"})


def test_pagelle_esempio_json_has_the_published_shape_only():
    data = parse_report(ESEMPIO.read_text(encoding="utf-8")).to_dict()

    assert list(data) == ["teams", "man_of_the_match", "score", "events", "problems"]
    assert data["teams"][0]["players"][4] == {
        "name": "Mario Rui",
        "role": "starter",
        "rating": "6+",
        "value": 6.25,
    }
    assert data["score"] == {"home": 1, "away": 0}


# --- Layouts ------------------------------------------------------------------------------

NAPOLI = "NAPOLI\n"

LAYOUTS = [
    pytest.param("Meret 8 - Para tutto.\nRui 6", [("Meret", "8"), ("Rui", "6")], id="dash"),
    pytest.param("Meret 8 – Para tutto.\nRui 6", [("Meret", "8"), ("Rui", "6")], id="en-dash"),
    pytest.param("Meret 8: para tutto.\nRui 6: bene", [("Meret", "8"), ("Rui", "6")], id="colon"),
    pytest.param(
        "Meret 8\nPara tutto.\nRui 6\nBene.", [("Meret", "8"), ("Rui", "6")], id="next-line"
    ),
    pytest.param(
        "Meret 8\nPara tutto, anche\nil rigore.\n\nRui 6",
        [("Meret", "8"), ("Rui", "6")],
        id="two-lines",
    ),
    pytest.param("Meret 8 Para tutto.\nRui 6", [("Meret", "8"), ("Rui", "6")], id="no-separator"),
    pytest.param(
        "Meret 8; Rui 6; Elmas 5", [("Meret", "8"), ("Rui", "6"), ("Elmas", "5")], id="semicolons"
    ),
    pytest.param(
        "Meret 8 - Rui 6 - Elmas 5", [("Meret", "8"), ("Rui", "6"), ("Elmas", "5")], id="dashes"
    ),
    pytest.param(
        "Meret 8, Rui 6,5, Elmas 5", [("Meret", "8"), ("Rui", "6,5"), ("Elmas", "5")], id="commas"
    ),
    pytest.param("Meret 8 | Rui 6", [("Meret", "8"), ("Rui", "6")], id="pipes"),
    pytest.param("MERET 8\nDI LORENZO 6,5", [("Meret", "8"), ("Di Lorenzo", "6,5")], id="capitals"),
    pytest.param("Meret 8\n\n\nRui 6", [("Meret", "8"), ("Rui", "6")], id="blank-lines"),
    pytest.param("Meret 8.\nRui 6;", [("Meret", "8"), ("Rui", "6")], id="glued-full-stop"),
    pytest.param("Meret: 8;\nRui: 6.", [("Meret", "8"), ("Rui", "6")], id="glued-colon"),
    pytest.param("Meret (8)\nRui (6)", [("Meret", "8"), ("Rui", "6")], id="bracketed-mark"),
    pytest.param(
        "Mario Rui 6 - spinge poco; Zielinski 6 - si accende",
        [("Mario Rui", "6"), ("Zielinski", "6")],
        id="two-with-comments",
    ),
    pytest.param(
        "van Dijk 7\nDe Gea 6\nN'Dicka 6",
        [("van Dijk", "7"), ("De Gea", "6"), ("N'Dicka", "6")],
        id="particles",
    ),
    pytest.param(
        "Meite' 6\nKanté 6,5", [("Meite'", "6"), ("Kanté", "6,5")], id="accents-apostrophe"
    ),
    pytest.param("Zieliński 6: bene", [("Zieliński", "6")], id="accent"),
    pytest.param(
        "Meret, voto 8: para tutto\nRui voto 6", [("Meret", "8"), ("Rui", "6")], id="voto"
    ),
    pytest.param("- Meret 8\n- Rui 6", [("Meret", "8"), ("Rui", "6")], id="dash-bullets"),
    pytest.param("• Meret 8: bene\n• Rui 6", [("Meret", "8"), ("Rui", "6")], id="bullets"),
    pytest.param("1. Meret 8\n2) Rui 6", [("Meret", "8"), ("Rui", "6")], id="numbered"),
    pytest.param(
        "Kim Min-jae 7\nN'Dombele 6", [("Kim Min-jae", "7"), ("N'Dombele", "6")], id="hyphen"
    ),
    pytest.param(
        "L. Insigne 8\nInsigne (c) 7", [("L. Insigne", "8"), ("Insigne", "7")], id="initial-tag"
    ),
]


@pytest.mark.parametrize(("block", "expected"), LAYOUTS)
def test_pagelle_layout_reads_players(block, expected):
    report = parse_report(NAPOLI + block)

    assert [(p.name, p.rating) for p in report.teams[0].players] == expected
    assert report.teams[0].name == "Napoli"


def test_pagelle_comment_names_and_numbers_are_not_players():
    text = (
        "NAPOLI\nMeret 8 - Decisivo su Chiesa e su Morata, 3 parate nel finale.\n"
        "Rui 6 (per me il migliore)"
    )

    report = parse_report(text)

    assert [(p.name, p.role) for p in report.teams[0].players] == [("Meret", S), ("Rui", S)]
    assert report.problems == ()


def test_pagelle_player_left_in_a_comment_is_a_problem_not_a_guess():
    text = "NAPOLI\nBentancur 6 - Rabiot - Bernardeschi 6\nRui 6"

    report = parse_report(text)

    assert [p.name for p in report.teams[0].players] == ["Bentancur", "Rui"]
    assert [(p.line, p.text) for p in report.problems] == [(2, "Bernardeschi 6")]
    assert "left out" in report.problems[0].message


# --- Marks --------------------------------------------------------------------------------

MARKS = [
    ("6", D(6)),
    ("6,5", D("6.5")),
    ("6.5", D("6.5")),
    ("6½", D("6.5")),
    ("6 ½", D("6.5")),
    ("6 e mezzo", D("6.5")),
    ("6 E MEZZO", D("6.5")),
    ("6+", D("6.25")),
    ("6-", D("5.75")),
    ("6/6,5", D("6.25")),
    ("6-6,5", D("6.25")),
    ("5,5/6", D("5.75")),
    ("10", D(10)),
    ("sv", None),
    ("s.v.", None),
    ("SV", None),
    ("S.V.", None),
    ("ng", None),
    ("n.g.", None),
    ("N.G.", None),
    ("nv", None),
]


@pytest.mark.parametrize(("mark", "value"), MARKS)
@pytest.mark.parametrize("after", ["", ".", ": para tutto", " - para tutto", ";"])
def test_pagelle_mark_reads_in_every_notation(mark, value, after):
    report = parse_report(f"NAPOLI\nMeret {mark}{after}\nRui 6")

    assert [(p.name, p.rating, p.value) for p in report.teams[0].players] == [
        ("Meret", mark, value),
        ("Rui", "6", D(6)),
    ]
    assert report.problems == ()


@pytest.mark.parametrize(
    ("line", "text", "message"),
    [
        ("Meret 11", "Meret 11", "Rating 11 is out of range (0 to 10)."),
        ("Meret 6,3: bene", "Meret 6,3", "Rating 6,3 is not a whole, half or quarter point."),
        ("Meret 7/6", "Meret 7/6", "Rating 7/6 should go from the lower mark to the higher."),
        (
            "Meret da 6 in su",
            "Meret da 6 in su",
            "Could not read this line as a player and a mark.",
        ),
    ],
)
def test_pagelle_bad_mark_is_a_problem_with_its_line(line, text, message):
    report = parse_report(f"NAPOLI\nRui 6\n{line}")

    assert [p.name for p in report.teams[0].players] == ["Rui"]
    assert report.problems == (Problem(3, text, message),)


# --- Substitutes --------------------------------------------------------------------------

SUBSTITUTES = [
    pytest.param(
        "Zielinski 6 (dal 70' Elmas 5,5: entra e si nasconde)", [("Elmas", 70)], id="dal-bracket"
    ),
    pytest.param("Zielinski 6\nDal 71' Mario Rui 6", [("Mario Rui", 71)], id="dal-line"),
    pytest.param("Zielinski 6\nDall'85' Lobotka sv", [("Lobotka", 85)], id="dall-apostrophe"),
    pytest.param("Zielinski 6\nDALL’85’ LOBOTKA SV", [("Lobotka", 85)], id="typographic-capitals"),
    pytest.param("Zielinski 6 (17' st Fabian Ruiz 5)", [("Fabian Ruiz", 62)], id="second-half"),
    pytest.param("Zielinski 6 (21'st Kulusevski 5)", [("Kulusevski", 66)], id="second-half-glued"),
    pytest.param("Zielinski 6 (36’st McKennie 5)", [("McKennie", 81)], id="curly-apostrophe"),
    pytest.param("Zielinski 6 (36′ st McKennie 5)", [("McKennie", 81)], id="prime"),
    pytest.param("Zielinski 6 (10' s.t. Elmas 6)", [("Elmas", 55)], id="s.t."),
    pytest.param(
        "Zielinski 6\nAlex Sandro (dal 29' st) 6", [("Alex Sandro", 74)], id="minute-after-name"
    ),
    pytest.param("Zielinski 6\nOlivera (32' pt) 6,5", [("Olivera", 32)], id="first-half"),
    pytest.param("Zielinski 6\nElmas (70') 6", [("Elmas", 70)], id="minute-bracket"),
    pytest.param(
        "Zielinski 6 (61' Pavoletti sv, dal 76' Petagna sv)",
        [("Pavoletti", 61), ("Petagna", 76)],
        id="chain",
    ),
    pytest.param(
        "Zielinski 6 - si accende a tratti (Elmas 5,5)", [("Elmas", None)], id="no-minute"
    ),
    pytest.param("Zielinski 6: bene. Dal 45+2' Elmas 6", [("Elmas", 45)], id="added-time"),
    pytest.param("Zielinski 6: bene. (dal 70' Elmas 5,5)", [("Elmas", 70)], id="after-comment"),
    pytest.param("Zielinski 6\n(dal 70' Elmas 5,5)", [("Elmas", 70)], id="bracket-line"),
    pytest.param("Zielinski 6\nPetagna s.v. (dall'88')", [("Petagna", 88)], id="minute-after-mark"),
    pytest.param("Zielinski 6 (dal 45'+2 Petagna sv)", [("Petagna", 45)], id="added-time-after"),
    pytest.param("Zielinski 6 (dal 1' st Elmas 6)", [("Elmas", 46)], id="first-minute-st"),
    pytest.param(
        "Zielinski 6 (38' st Lobotka sv; 45' st Petagna sv)",
        [("Lobotka", 83), ("Petagna", 90)],
        id="chain-semicolon",
    ),
]


@pytest.mark.parametrize(("block", "expected"), SUBSTITUTES)
def test_pagelle_substitute_forms_read_minute_on(block, expected):
    report = parse_report(f"NAPOLI\nMeret 8\n{block}")

    assert subs(report) == expected
    assert [p.name for p in report.teams[0].players if p.role == S] == ["Meret", "Zielinski"]
    assert report.problems == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Elmas 5,5 (per Zielinski)", ("Elmas", None, "Zielinski")),
        ("Elmas 5,5 (70' per Zielinski): si nasconde", ("Elmas", 70, "Zielinski")),
        ("Elmas (per Zielinski) 5,5", ("Elmas", None, "Zielinski")),
        ("Elmas (dal 25' st per Zielinski) 5,5", ("Elmas", 70, "Zielinski")),
        ("ELMAS 5,5 (AL POSTO DI ZIELINSKI)", ("Elmas", None, "Zielinski")),
    ],
)
def test_pagelle_substitute_names_the_player_he_replaced(line, expected):
    report = parse_report(f"NAPOLI\nZielinski 6\n{line}")

    assert [(p.name, p.role, p.minute_on, p.replaced) for p in report.teams[0].players] == [
        ("Zielinski", S, None, None),
        (expected[0], B, expected[1], expected[2]),
    ]
    assert report.problems == ()


def test_pagelle_chain_substitutes_replace_one_another():
    report = parse_report("NAPOLI\nOsimhen 6 (61' Pavoletti sv, dal 76' Petagna sv)")

    assert [(p.name, p.replaced) for p in report.teams[0].players] == [
        ("Osimhen", None),
        ("Pavoletti", "Osimhen"),
        ("Petagna", "Pavoletti"),
    ]


def test_pagelle_substitute_line_replaced_the_player_above():
    report = parse_report("NAPOLI\nPolitano 6: tanta corsa\nDal 71' Fabian Ruiz 5")

    assert report.teams[0].players[1] == ParsedPlayer(
        "Fabian Ruiz", B, "5", D(5), 3, 71, "Politano"
    )


# --- Whole blocks in the styles of different papers ---------------------------------------


def test_pagelle_one_line_team_with_substitutes_in_brackets_between_players():
    text = (
        "JUVENTUS (4-4-2)\n"
        "Szczesny 6; Cuadrado 6,5, Danilo 6; Bentancur 5,5 (dal 21' st Kulusevski 5), "
        "Rabiot 6, Bernardeschi 5,5 (dal 29' st Alex Sandro 6); Morata 6 (dal 36' st "
        "McKennie 5), Ronaldo 5,5.\n"
        "All. Pirlo 5,5."
    )

    report = parse_report(text)

    assert [(p.name, p.role, p.minute_on, p.replaced) for p in report.teams[0].players] == [
        ("Szczesny", S, None, None),
        ("Cuadrado", S, None, None),
        ("Danilo", S, None, None),
        ("Bentancur", S, None, None),
        ("Rabiot", S, None, None),
        ("Bernardeschi", S, None, None),
        ("Morata", S, None, None),
        ("Ronaldo", S, None, None),
        ("Kulusevski", B, 66, "Bentancur"),
        ("Alex Sandro", B, 74, "Bernardeschi"),
        ("McKennie", B, 81, "Morata"),
    ]
    assert report.problems == ()
    assert [s.line for s in report.skipped] == [3]


def test_pagelle_comment_straight_after_the_mark_inside_a_substitute_bracket():
    report = parse_report("NAPOLI\nZielinski 5,5 A tratti (dal 25' st Elmas 5,5 Si nasconde).")

    assert [(p.name, p.rating, p.minute_on) for p in report.teams[0].players] == [
        ("Zielinski", "5,5", None),
        ("Elmas", "5,5", 70),
    ]


def test_pagelle_mark_line_then_comment_paragraphs_in_capitals():
    text = (
        "LE PAGELLE DI NAPOLI-JUVENTUS\n\n"
        "NAPOLI\n\n"
        "MERET 7\nPara tutto, soprattutto su Morata.\n\n"
        "DI LORENZO 6\nAttento.\n\n"
        "INSIGNE 7\nRigore perfetto.\n(dal 40' st LOBOTKA sv)\n\n"
        "JUVENTUS\n\n"
        "SZCZESNY 6\nNessuna colpa.\n\n"
        "MIGLIORE IN CAMPO: MERET\n"
    )

    report = parse_report(text)

    assert [(t.name, [(p.name, p.role, p.minute_on) for p in t.players]) for t in report.teams] == [
        (
            "Napoli",
            [("Meret", S, None), ("Di Lorenzo", S, None), ("Insigne", S, None), ("Lobotka", B, 85)],
        ),
        ("Juventus", [("Szczesny", S, None)]),
    ]
    assert report.man_of_the_match == ParsedManOfTheMatch("Meret", "Napoli", "Meret")
    assert report.problems == ()


def test_pagelle_next_player_after_a_full_stop_in_the_comment():
    text = (
        "– NAPOLI –\n"
        "Meret 8 - Chiamato all'ultimo: decisivo. Di Lorenzo 6,5 - spinge.\n"
        "Osimhen 6,5 - Lotta, ma sbaglia 2 occasioni. Dal 43' st Petagna sv."
    )

    report = parse_report(text)

    assert [(p.name, p.rating, p.minute_on) for p in report.teams[0].players] == [
        ("Meret", "8", None),
        ("Di Lorenzo", "6,5", None),
        ("Osimhen", "6,5", None),
        ("Petagna", "sv", 88),
    ]
    assert report.problems == ()


def test_pagelle_header_over_an_english_list_with_inline_substitutes():
    text = (
        "Juventus:\n"
        "Szczesny 6, Cuadrado 7, Ronaldo 6.. subs: Alex Sandro 6, Kulusevski 5.\n"
        "NAPOLI\n"
        "Meret 8 - bene. Subs: Elmas 5"
    )

    report = parse_report(text)

    assert [(t.name, [(p.name, p.role) for p in t.players]) for t in report.teams] == [
        (
            "Juventus",
            [
                ("Szczesny", S),
                ("Cuadrado", S),
                ("Ronaldo", S),
                ("Alex Sandro", B),
                ("Kulusevski", B),
            ],
        ),
        ("Napoli", [("Meret", S), ("Elmas", B)]),
    ]
    assert report.problems == ()


def test_pagelle_a_mark_is_never_read_out_of_a_word():
    report = parse_report("NAPOLI\nMeret 8\nLosing Ospina hurt.\nTALKING POINT\nIs it over?\nRui 6")

    assert [p.name for t in report.teams for p in t.players] == ["Meret"]
    assert report.problems == ()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rrahmani 7\nSegna 2 gol e para tutto.\nRui 6", ["Rrahmani", "Rui"]),
        ("Rrahmani 7\nPrende il colpo.\nSegna 2 volte.\nRui 6", ["Rrahmani", "Rui"]),
        ("MERET 7\nPara 3 tiri decisivi.\n\nDI LORENZO 6\nAttento.", ["Meret", "Di Lorenzo"]),
        ("Rrahmani 7\nZielinski 6- Si accende\nRui 6", ["Rrahmani", "Zielinski", "Rui"]),
        ("Meret 8\nRui 6\nElmas 5", ["Meret", "Rui", "Elmas"]),
    ],
)
def test_pagelle_comment_on_the_next_line_that_starts_with_a_number_is_no_player(text, names):
    report = parse_report("NAPOLI\n" + text)

    assert [p.name for p in report.teams[0].players] == names
    assert report.problems == ()
