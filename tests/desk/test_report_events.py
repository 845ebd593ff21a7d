"""Man of the match, key moments and the score (desk/report/events.py, blocks.py)."""

import pytest

from desk.report import (
    CARD,
    CHANCE,
    DISALLOWED_GOAL,
    GOAL,
    OTHER,
    PENALTY,
    SAVE,
    ParsedEvent,
    ParsedManOfTheMatch,
    Problem,
    parse_report,
)

# --- Man of the match, events and score ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "MAN OF THE MATCH - Alex Meret (Napoli)",
            ParsedManOfTheMatch("Alex Meret", "Napoli", "Meret"),
        ),
        (
            "Man of the match: Federico Chiesa.",
            ParsedManOfTheMatch("Federico Chiesa", "Juventus", "Chiesa"),
        ),
        ("Man of the Match: Szcznesy", ParsedManOfTheMatch("Szcznesy", "Juventus", "Szczesny")),
        ("MOTM: Mario Rui", ParsedManOfTheMatch("Mario Rui", "Napoli", "Mario Rui")),
    ],
)
def test_parse_report_man_of_the_match_matches_a_rated_player(line, expected):
    text = f"Napoli: Meret 8, Mario Rui 7\nJuventus: Szczesny 6, Chiesa 7\n{line}"

    report = parse_report(text)

    assert report.man_of_the_match == expected
    assert report.problems == ()


def test_parse_report_man_of_the_match_not_rated_is_a_problem():
    text = "Napoli: Meret 8, Rui 7\nMan of the Match: Gabriel Jesus (Arsenal)"

    report = parse_report(text)

    assert report.man_of_the_match == ParsedManOfTheMatch("Gabriel Jesus", "Arsenal", None)
    assert report.problems == (
        Problem(
            2,
            "Man of the Match: Gabriel Jesus (Arsenal)",
            "Man of the match Gabriel Jesus is not among the rated players.",
        ),
    )


def test_parse_report_man_of_the_match_ambiguous_is_a_problem():
    text = "Chelsea: Thiago Silva 7\nCity: Bernardo Silva 8\nMan of the match: Silva"

    report = parse_report(text)

    assert report.man_of_the_match == ParsedManOfTheMatch("Silva", None, None)
    assert [(p.line, p.text) for p in report.problems] == [(3, "Man of the match: Silva")]
    assert "more than one rated player" in report.problems[0].message


def test_parse_report_man_of_the_match_team_bracket_settles_ambiguity():
    text = "Chelsea: Thiago Silva 7\nCity: Bernardo Silva 8\nMan of the match: Silva (City)"

    report = parse_report(text)

    assert report.man_of_the_match == ParsedManOfTheMatch("Silva", "City", "Bernardo Silva")


@pytest.mark.parametrize(
    ("moment", "kind"),
    [
        ("GOAL! Napoli 1-0 Juventus (Insigne, pen): lovely.", GOAL),
        ("Own goal! Napoli 1-1 Juventus", GOAL),
        ("Penalty to Napoli! Rrahmani is down.", PENALTY),
        ("Penalty saved! Meret guesses right.", SAVE),
        ("Goal disallowed! Morata was offside.", DISALLOWED_GOAL),
        ("Morata's strike is ruled out for offside.", DISALLOWED_GOAL),
        ("Meret to the rescue! A huge save.", SAVE),
        ("Szczesny denies Osimhen!", SAVE),
        ("Chance for Juve! Chiesa shoots.", CHANCE),
        ("Chiellini is booked for a late tackle.", CARD),
        ("Red card! Danilo is sent off.", CARD),
        ("Yellow card: Bakayoko", CARD),
        ("Substitution for Napoli: Elmas on.", OTHER),
    ],
)
def test_parse_report_event_kind_comes_from_the_headline(moment, kind):
    report = parse_report(f"Napoli: Meret 8, Rui 7\n50' - {moment}")

    assert report.events == (ParsedEvent(50, kind, moment, 2),)


def test_parse_report_events_read_added_time_as_the_base_minute():
    text = "Napoli: Meret 8, Rui 7\n45+2' - GOAL! Napoli 1-0 Juventus\n90+4': Full time."

    report = parse_report(text)

    assert [(e.minute, e.kind, e.text) for e in report.events] == [
        (45, GOAL, "GOAL! Napoli 1-0 Juventus"),
        (90, OTHER, "Full time."),
    ]


def test_parse_report_events_outside_key_moments_need_minute_and_dash():
    text = "Napoli: Meret 8, Rui 7\n30 minutes in, nothing.\nKEY MOMENTS\n12 - Chance for Napoli!"

    report = parse_report(text)

    assert [(e.minute, e.kind, e.line) for e in report.events] == [(12, CHANCE, 4)]


@pytest.mark.parametrize(
    ("moments", "score"),
    [
        (["10' - GOAL! Napoli 1-0 Juventus", "80' - GOAL! Napoli 2-0 Juventus"], (2, 0)),
        (["10' - GOAL! Juventus 0-1 Napoli"], (1, 0)),
        (["10' - GOAL! Juve 1-0 Napoli"], (0, 1)),
        (["10' - GOAL! Roma 1-0 Lazio"], (1, 0)),
        (["10' - Chance for Napoli! A 4-3-3 shape."], None),
    ],
)
def test_parse_report_score_is_the_last_score_in_rated_team_order(moments, score):
    text = "\n".join(["Napoli: Meret 8, Rui 7", "Juventus: Chiesa 6, Danilo 6", *moments])

    report = parse_report(text)

    assert report.score == score
