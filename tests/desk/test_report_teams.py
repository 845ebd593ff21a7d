"""Finding teams, and the lines that are no players: headers, coaches, referees, the bench, the
man of the match and the score in Italian (desk/report/teams.py, blocks.py)."""

from decimal import Decimal

import pytest

from desk.report import (
    STARTER,
    SUBSTITUTE,
    ParsedManOfTheMatch,
    Problem,
    Skipped,
    parse_report,
)
from desk.report.teams import BENCH, COACH, REFEREE, heading_score, skip_reason, team_header

S, B = STARTER, SUBSTITUTE
D = Decimal


def players(report):
    return [(p.name, p.role, p.rating, p.value) for team in report.teams for p in team.players]


# --- Team headers -------------------------------------------------------------------------

HEADERS = [
    pytest.param("NAPOLI", "Napoli", id="capitals"),
    pytest.param("Napoli", "Napoli", id="title-case"),
    pytest.param("– NAPOLI –", "Napoli", id="dashes"),
    pytest.param("- Napoli -", "Napoli", id="hyphens"),
    pytest.param("PAGELLE NAPOLI", "Napoli", id="pagelle"),
    pytest.param("Le pagelle del Napoli", "Napoli", id="le-pagelle-del"),
    pytest.param("Le pagelle della Juventus", "Juventus", id="della"),
    pytest.param("Le pagelle dell'Inter", "Inter", id="dell-apostrophe"),
    pytest.param("NAPOLI (4-3-3)", "Napoli", id="formation"),
    pytest.param("NAPOLI (4-2-3-1):", "Napoli", id="formation-colon"),
    pytest.param("Hellas Verona", "Hellas Verona", id="two-words"),
    pytest.param("AC MILAN", "AC Milan", id="short-capitals-stay"),
    pytest.param("NAPOLI 4-3-3", "Napoli", id="formation-without-brackets"),
    pytest.param("Napoli:", "Napoli", id="colon"),
]


@pytest.mark.parametrize(("header", "team"), HEADERS)
def test_pagelle_team_header_names_the_team(header, team):
    report = parse_report(f"{header}\nMeret 8 - bene\nRui 6")

    assert [(t.name, len(t.players)) for t in report.teams] == [(team, 2)]
    assert report.score is None


def test_pagelle_formation_header_with_players_on_the_same_line():
    text = (
        "NAPOLI (4-3-3): Meret 8, Di Lorenzo 6,5, Rui 6\nJUVENTUS (3-5-2): Szczesny 6 - De Ligt 5"
    )

    report = parse_report(text)

    assert [(t.name, [p.name for p in t.players]) for t in report.teams] == [
        ("Napoli", ["Meret", "Di Lorenzo", "Rui"]),
        ("Juventus", ["Szczesny", "De Ligt"]),
    ]
    assert report.score is None
    assert report.problems == ()


def test_pagelle_bare_line_is_a_header_only_when_a_player_follows():
    text = "Una serata da ricordare\n\nCRONACA\nNapoli\nMeret 8\nJuventus\nSzczesny 6"

    report = parse_report(text)

    assert [(t.name, [p.name for p in t.players]) for t in report.teams] == [
        ("Napoli", ["Meret"]),
        ("Juventus", ["Szczesny"]),
    ]


def test_pagelle_role_headings_keep_the_team_and_subentrati_are_substitutes():
    text = "NAPOLI\nPORTIERE\nMeret 8\nDIFESA\nRui 6\nSUBENTRATI\nElmas 5,5\nLobotka sv"

    report = parse_report(text)

    assert players(report) == [
        ("Meret", S, "8", D(8)),
        ("Rui", S, "6", D(6)),
        ("Elmas", B, "5,5", D("5.5")),
        ("Lobotka", B, "sv", None),
    ]


def test_pagelle_one_team_article_is_one_team_named_by_its_header():
    text = "Le pagelle del Napoli\n\nMeret 8: para tutto.\nRui 6+\nMIGLIORE IN CAMPO: Meret"

    report = parse_report(text)

    assert [t.name for t in report.teams] == ["Napoli"]
    assert report.man_of_the_match == ParsedManOfTheMatch("Meret", "Napoli", "Meret")
    assert report.problems == ()


def test_pagelle_headline_naming_the_match_is_not_a_team():
    text = "LE PAGELLE DEL MATCH\nNAPOLI\nMeret 8\nRui 6"

    report = parse_report(text)

    assert [(t.name, len(t.players)) for t in report.teams] == [("Napoli", 2)]


def test_pagelle_without_any_header_are_one_team_with_no_name():
    text = (
        "Le pagelle degli azzurri dopo la vittoria\n"
        "Serie A 2020/21, giornata 22\n"
        "\n"
        "Meret 8 - para tutto.\n"
        "Di Lorenzo 6,5: bene\n"
        "Dal 70' Elmas 5,5\n"
    )

    report = parse_report(text)

    assert [(t.name, [(p.name, p.role, p.minute_on) for p in t.players]) for t in report.teams] == [
        ("", [("Meret", S, None), ("Di Lorenzo", S, None), ("Elmas", B, 70)])
    ]
    assert report.problems == ()


def test_pagelle_a_single_headerless_line_is_not_a_team():
    report = parse_report("Il commento.\nMeret 8 - para tutto.")

    assert report.teams == ()
    assert report.problems == (Problem(0, "", "No player ratings found."),)


def test_pagelle_and_english_lines_mix():
    text = "NAPOLI\nMeret 8 - bene\nRui 6\nJuventus: Szczesny 6, Chiesa 7\nSubs: Kulusevski 5"

    report = parse_report(text)

    assert [(t.name, [(p.name, p.role) for p in t.players]) for t in report.teams] == [
        ("Napoli", [("Meret", S), ("Rui", S)]),
        ("Juventus", [("Szczesny", S), ("Chiesa", S), ("Kulusevski", B)]),
    ]


# --- Not players --------------------------------------------------------------------------

NOT_PLAYERS = [
    pytest.param("All. Gattuso 7: la squadra lo segue.", "Coach, not a player.", id="all."),
    pytest.param("ALL. GATTUSO 7", "Coach, not a player.", id="all.-capitals"),
    pytest.param("Gattuso (all.) 7", "Coach, not a player.", id="all.-bracket"),
    pytest.param("Allenatore: Pirlo 5,5", "Coach, not a player.", id="allenatore"),
    pytest.param("Arbitro: Doveri 6.", "Referee, not a player.", id="arbitro"),
    pytest.param(
        "ARBITRO DOVERI 7: sempre vicino all'azione",
        "Referee, not a player.",
        id="arbitro-capitals",
    ),
    pytest.param(
        "In panchina: Buffon, Pinsoglio, Arthur.", "Bench: players who did not play.", id="bench"
    ),
    pytest.param(
        "A disposizione: Contini, Ghoulam.", "Bench: players who did not play.", id="a-disposizione"
    ),
    pytest.param("Manager: Spalletti 7", "Coach, not a player.", id="manager"),
    pytest.param("Referee: Michael Oliver 6", "Referee, not a player.", id="referee"),
]


@pytest.mark.parametrize(("line", "reason"), NOT_PLAYERS)
def test_pagelle_coach_referee_and_bench_are_skipped_lines(line, reason):
    report = parse_report(f"NAPOLI\nMeret 8\n{line}\nRui 6")

    assert [p.name for p in report.teams[0].players] == ["Meret", "Rui"]
    assert report.skipped == (Skipped(3, line, reason),)
    assert report.problems == ()


def test_pagelle_referee_heading_skips_his_mark_and_never_makes_a_team():
    text = "NAPOLI\nMeret 8\nJUVENTUS\nSzczesny 6\n\nPAGELLA ARBITRO\nDoveri 6: partita pulita."

    report = parse_report(text)

    assert [t.name for t in report.teams] == ["Napoli", "Juventus"]
    assert [(s.line, s.reason) for s in report.skipped] == [
        (6, "Referee, not a player."),
        (7, "Referee, not a player."),
    ]


# --- Man of the match, score and prose ----------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["MIGLIORE IN CAMPO: Meret", "Il migliore: Meret", "MVP: Meret", "Man of the match: Meret"],
)
def test_pagelle_man_of_the_match_forms(line):
    report = parse_report(f"NAPOLI\nMeret 8\nRui 6\n{line}")

    assert report.man_of_the_match == ParsedManOfTheMatch("Meret", "Napoli", "Meret")
    assert [p.name for p in report.teams[0].players] == ["Meret", "Rui"]


@pytest.mark.parametrize(
    ("heading", "score"),
    [
        ("NAPOLI-JUVENTUS 1-0, LE PAGELLE", (1, 0)),
        ("Napoli-Juventus 2-1: le pagelle", (2, 1)),
        ("Juventus-Napoli 0-1, le pagelle", (1, 0)),
        ("Napoli 1-0 Juventus, le pagelle", (1, 0)),
    ],
)
def test_pagelle_score_comes_from_the_heading(heading, score):
    text = f"{heading}\n\nNAPOLI (4-3-3)\nMeret 8\n\nJUVENTUS (3-5-2)\nSzczesny 6"

    report = parse_report(text)

    assert report.score == score
    assert [t.name for t in report.teams] == ["Napoli", "Juventus"]


def test_pagelle_link_in_the_middle_of_the_block_does_not_end_it():
    text = "NAPOLI\nMeret 8\nLeggi anche: Napoli, la rabbia di Gattuso\nRui 6\nSubs: Elmas 5"

    report = parse_report(text)

    assert players(report) == [
        ("Meret", S, "8", D(8)),
        ("Rui", S, "6", D(6)),
        ("Elmas", B, "5", D(5)),
    ]
    assert report.problems == ()


def test_pagelle_link_box_between_players_does_not_end_the_block():
    text = (
        "NAPOLI\nMeret 8\n\nLEGGI ANCHE\nNapoli, la rabbia di Gattuso\n\nRui 6\nPUBBLICITÀ\nElmas 5"
    )

    report = parse_report(text)

    assert [p.name for p in report.teams[0].players] == ["Meret", "Rui", "Elmas"]
    assert report.problems == ()


def test_pagelle_prose_around_the_block_is_left_alone():
    text = (
        "Serie A, il Napoli batte la Juventus 1-0 al Maradona\n"
        "Decide il rigore di Insigne al 31'. Leggi anche: il commento di Gattuso\n"
        "\n"
        "LE PAGELLE\n"
        "NAPOLI\n"
        "Meret 8 - para tutto.\n"
        "Una partita di sacrificio per tutta la difesa.\n"
        "Rui 6\n"
        "\n"
        "LEGGI ANCHE\n"
        "Il mercato di gennaio: Meret 8 milioni?\n"
    )

    report = parse_report(text)

    assert [p.name for p in report.teams[0].players] == ["Meret", "Rui"]
    assert report.problems == ()


@pytest.mark.parametrize(
    "text",
    ["NAPOLI\n", "NAPOLI (4-3-3):", "– –", "Dal 70'", "(dal 70' Elmas", "PAGELLE", "Meret (dal) 6"],
)
def test_pagelle_odd_input_never_raises(text):
    report = parse_report(text)

    assert not any("Could not read the report" in p.message for p in report.problems)


# --- The pieces, one line at a time -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("NAPOLI", ("Napoli", "", False)),
        ("– NAPOLI –", ("Napoli", "", True)),
        ("*** Juventus ***", ("Juventus", "", True)),
        ("PAGELLE NAPOLI", ("Napoli", "", True)),
        ("Le pagelle del Napoli", ("Napoli", "", True)),
        ("I voti della Juventus", ("Juventus", "", True)),
        ("NAPOLI (4-3-3): Meret 8, Rui 6", ("Napoli", "Meret 8, Rui 6", True)),
        ("Napoli (3-4-2-1)", ("Napoli", "", True)),
        ("Hellas Verona", ("Hellas Verona", "", False)),
        ("LE PAGELLE", None),
        ("LE PAGELLE DI NAPOLI-JUVENTUS", None),
        ("Le pagelle del match", None),
        ("DIFESA", None),
        ("SUBENTRATI", None),
        ("Prende il colpo", None),
        ("Il Napoli si schiera con il 4-3-3", None),
        ("Meret 8", None),
    ],
)
def test_team_header_reads_a_header_line(line, header):
    assert team_header(line) == header


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("All. Gattuso 7", COACH),
        ("ALL. GATTUSO 7: bene", COACH),
        ("Gattuso (all.) 7", COACH),
        ("Allenatore: Pirlo 5,5", COACH),
        ("Mister Gattuso 6", COACH),
        ("Manager: Ancelotti 6", COACH),
        ("Arbitro: Doveri 6", REFEREE),
        ("ARBITRO DOVERI 7", REFEREE),
        ("PAGELLA ARBITRO", REFEREE),
        ("L'arbitro Doveri 6", REFEREE),
        ("VAR: Irrati 6", REFEREE),
        ("Referee: Michael Oliver 5", REFEREE),
        ("In panchina: Buffon, Arthur", BENCH),
        ("A disposizione: Contini", BENCH),
        ("Unused subs: Adams, Ward", BENCH),
        ("Allan 6", None),
        ("Vardy 7", None),
        ("Alli 6", None),
        ("Meret 8: para tutto", None),
        ("All in all, Napoli deserved it.", None),
        ("Referee Michael Oliver waved play on.", None),
        ("Manager Spalletti said little.", None),
        ("ARBITRO", REFEREE),
        ("La pagella dell'arbitro", REFEREE),
        ("All Gattuso 7", COACH),
        ("ALLENATORE PIRLO 5,5", COACH),
    ],
)
def test_skip_reason_tells_coaches_referees_and_the_bench(line, reason):
    assert skip_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("NAPOLI-JUVENTUS 1-0, LE PAGELLE", ("NAPOLI", 1, 0, "JUVENTUS")),
        ("Hellas Verona - Napoli 1 - 3", ("Hellas Verona", 1, 3, "Napoli")),
        ("Napoli 1-0 Juventus: le pagelle", ("Napoli", 1, 0, "Juventus")),
        ("Napoli (4-3-3)", None),
        ("Serie A 2020-21", None),
        ("Meret 6-6,5", None),
    ],
)
def test_heading_score_reads_the_headline(line, score):
    assert heading_score(line) == score
