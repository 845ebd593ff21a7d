"""Importing Italian pagelle and one-team articles: the importer, the command and the admin."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.asserts import assertContains, assertNotContains

from desk.importer import ImportRefused, plan_import
from desk.saving import apply_import
from matches.models import Match, Player
from tests.factories import (
    appearance_named,
    make_bare_match,
    make_fan_rating,
    make_match,
    make_player,
    make_team,
    row_counts,
)

ESEMPIO = Path(__file__).resolve().parents[1] / "fixtures" / "pagelle-esempio.txt"


def _demo_match() -> Match:
    call_command("load_demo", no_editor=True, stdout=None)
    return Match.objects.get(home_team__name="Napoli", away_team__name="Juventus")


def _lineup(match: Match, team: str) -> list[tuple]:
    appearances = (
        match.appearances.filter(team__name=team)
        .select_related("player", "editor_rating")
        .order_by("role", "order")
    )
    return [
        (a.player.name, a.role, a.minute_on, a.editor_rating.written_as, a.editor_rating.value)
        for a in appearances
    ]


# --- The worked example into the demo match -------------------------------------------------


def test_import_pagelle_esempio_matches_every_name_to_the_demo_players(db):
    match = _demo_match()

    plan = plan_import(ESEMPIO.read_text(encoding="utf-8"), match=match)

    assert plan.all_problems == []
    assert plan.new_players == []
    assert plan.removed == []
    assert len(plan.rows) == 29
    assert all(row.player is not None for row in plan.rows)
    names = {row.parsed.name: row.player.name for row in plan.rows}
    assert names["Fabian Ruiz"] == "Fabián Ruiz"
    assert names["Zielinski"] == "Piotr Zieliński"
    assert names["De Ligt"] == "Matthijs de Ligt"
    assert plan.man_of_the_match.player.name == "Alex Meret"


def test_import_pagelle_esempio_saves_minutes_marks_and_no_coach_or_referee(db):
    match = _demo_match()
    match.home_score = match.away_score = None
    match.save()
    players_before = Player.objects.count()

    apply_import(plan_import(ESEMPIO.read_text(encoding="utf-8"), match=match))

    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (1, 0)
    assert match.man_of_the_match.player.name == "Alex Meret"
    assert Player.objects.count() == players_before
    napoli = _lineup(match, "Napoli")
    assert len(napoli) == 15
    assert napoli[4] == ("Mário Rui", "starter", None, "6+", Decimal("6.25"))
    assert napoli[6] == ("Piotr Zieliński", "starter", None, "6-", Decimal("5.75"))
    assert napoli[9] == ("Hirving Lozano", "starter", None, "7½", Decimal("7.5"))
    assert napoli[11:] == [
        ("Eljif Elmas", "substitute", 70, "5,5", Decimal("5.5")),
        ("Fabián Ruiz", "substitute", 62, "5", Decimal(5)),
        ("Stanislav Lobotka", "substitute", 85, "sv", None),
        ("Andrea Petagna", "substitute", 88, "s.v.", None),
    ]
    assert _lineup(match, "Juventus")[11:] == [
        ("Dejan Kulusevski", "substitute", 66, "5", Decimal(5)),
        ("Weston McKennie", "substitute", 81, "5", Decimal(5)),
        ("Alex Sandro", "substitute", 74, "6", Decimal(6)),
    ]


# --- One-team articles ------------------------------------------------------------------------


def test_import_one_team_article_goes_to_the_side_its_names_match(db):
    match = make_match(home="SSC Napoli", away="Juventus")  # Meret, Lobotka v Szczesny, Sandro
    text = "Le pagelle degli azzurri\n\nNAPOLI\nMERET 8: para tutto.\nLobotka 6,5\nDal 80' Elmas 6"

    plan = plan_import(text, match=match)
    apply_import(plan)

    assert plan.all_problems == []
    assert [(team.team, team.side) for team in plan.teams] == [(match.home_team, "home")]
    assert _lineup(match, "SSC Napoli") == [
        ("Alex Meret", "starter", None, "8", Decimal(8)),
        ("Stanislav Lobotka", "starter", None, "6,5", Decimal("6.5")),
        ("Elmas", "substitute", 80, "6", Decimal(6)),
    ]
    assert [name for name, *_ in _lineup(match, "Juventus")] == ["Wojciech Szczesny", "Alex Sandro"]


def test_import_one_team_article_for_the_away_side_leaves_the_home_side_alone(db):
    match = make_match()
    home_before = _lineup(match, "Napoli")

    apply_import(plan_import("PAGELLE JUVENTUS\nSzczesny 7 - bene\nAlex Sandro 5", match=match))

    assert _lineup(match, "Napoli") == home_before
    assert _lineup(match, "Juventus") == [
        ("Wojciech Szczesny", "starter", None, "7", Decimal(7)),
        ("Alex Sandro", "starter", None, "5", Decimal(5)),
    ]


def test_import_one_team_article_that_matches_neither_side_is_a_problem(db):
    match = make_match()
    before = row_counts()

    plan = plan_import("ROMA\nMancini 6\nPellegrini 7", match=match)

    assert [(p.line, p.text) for p in plan.problems] == [(2, "Mancini 6")]
    assert "Could not tell which side of Napoli v Juventus" in plan.problems[0].message
    with pytest.raises(ImportRefused):
        apply_import(plan)
    assert row_counts() == before


def test_import_headerless_article_goes_to_the_side_its_names_match(db):
    match = make_match()

    plan = plan_import("Le pagelle\n\nSzczesny 7 - bene\nAlex Sandro 5", match=match)

    assert plan.all_problems == []
    assert [(team.parsed.name, team.team, team.side) for team in plan.teams] == [
        ("", match.away_team, "away")
    ]


def test_import_headerless_article_without_a_match_asks_for_a_team_name(db):
    plan = plan_import("Szczesny 7 - bene\nAlex Sandro 5")

    assert [(p.line, p.text) for p in plan.problems] == [(1, "Szczesny 7 - bene")]
    assert "no team name above them" in plan.problems[0].message


def test_import_team_under_a_nickname_is_the_side_its_players_play_for(db):
    match = make_match()  # Napoli (Meret, Lobotka) v Juventus (Szczesny, Alex Sandro)
    text = "NAPOLI\nMeret 8\nLobotka 6\n\n– JUVE –\nSzczesny 6\nAlex Sandro 6"

    plan = plan_import(text, match=match)

    assert plan.all_problems == []
    assert [(team.parsed.name, team.team) for team in plan.teams] == [
        ("Napoli", match.home_team),
        ("Juve", match.away_team),
    ]


def test_import_team_under_another_name_with_unknown_players_is_a_problem(db):
    match = make_match()

    plan = plan_import("NAPOLI\nMeret 8\n\nROMA\nMancini 6\nPellegrini 7", match=match)

    assert [p.message for p in plan.problems] == [
        "This match is Napoli v Juventus, so the away team rated here should be Juventus, not Roma."
    ]


def test_import_surname_shared_by_two_players_is_settled_by_the_team(db):
    match = make_bare_match(home_team=make_team("Benevento"), away_team=make_team("Napoli"))
    roberto = make_player("Roberto Insigne", team=match.home_team)
    lorenzo = make_player("Lorenzo Insigne", team=match.away_team)
    text = "BENEVENTO\nINSIGNE 6: vivace.\n\nNAPOLI\nInsigne 7,5 - il migliore dei suoi."

    plan = plan_import(text, match=match)

    assert plan.all_problems == []
    assert [row.player for row in plan.rows] == [roberto, lorenzo]


def test_import_name_with_apostrophe_matches_the_accented_player(db):
    match = make_bare_match(home_team=make_team("Torino"), away_team=make_team("Napoli"))
    meite = make_player("Soualiho Meïté", team=match.home_team)
    make_player("Alex Meret", team=match.away_team)

    plan = plan_import("TORINO\nMeite' 6\nNAPOLI\nMERET 8", match=match)

    assert plan.all_problems == []
    assert plan.rows[0].player == meite


# --- Fans' votes are never deleted or moved ---------------------------------------------------


def test_import_refuses_to_move_a_rated_player_to_the_other_side(db):
    match = make_match()
    sandro = appearance_named(match, "Alex Sandro")
    sandro.player.team = None  # a free agent, so either side's pool may hold him
    sandro.player.save()
    make_fan_rating(sandro, score=6)
    make_player("Alex Sandro", team=match.home_team)
    before = row_counts()

    plan = plan_import("NAPOLI\nMeret 7\nLobotka 6\nJUVENTUS\nSzczesny 6", match=match, choices={})

    assert [p.text for p in plan.problems] == ["Alex Sandro"]
    assert "Fans have rated Alex Sandro for Juventus in this match (1 vote)" in (
        plan.problems[0].message
    )
    with pytest.raises(ImportRefused):
        apply_import(plan)
    assert row_counts() == before


def test_import_checks_fans_votes_again_when_saving(db):
    match = make_match()
    plan = plan_import("NAPOLI\nMeret 7\nJUVENTUS\nSzczesny 6\nAlex Sandro 6", match=match)
    assert plan.all_problems == []
    make_fan_rating(appearance_named(match, "Stanislav Lobotka"), score=6)  # after the preview
    before = row_counts()

    with pytest.raises(ImportRefused, match="Fans have rated Stanislav Lobotka for Napoli"):
        apply_import(plan)

    assert row_counts() == before
    assert appearance_named(match, "Alex Meret").editor_rating.written_as == "8"


# --- The command ------------------------------------------------------------------------------


def _run(*args) -> str:
    stdout = io.StringIO()
    call_command("import_report", *args, stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def test_import_report_one_team_without_match_names_the_team_by_its_header(db, tmp_path):
    report = tmp_path / "napoli.txt"
    report.write_text("Le pagelle del Napoli\nMeret 8\nRui 6+", encoding="utf-8")

    data = json.loads(_run(str(report), "--dry-run", "--json"))

    assert [team["name"] for team in data["teams"]] == ["Napoli"]
    assert data["problems"] == []
    with pytest.raises(CommandError, match="rates one team \\(Napoli\\): pass --match ID"):
        _run(str(report))


def test_import_report_one_team_with_match_imports_into_that_side(db, tmp_path):
    match = make_match()
    report = tmp_path / "juve.txt"
    report.write_text("– JUVENTUS –\nSZCZESNY 6\nALEX SANDRO 5,5", encoding="utf-8")

    _run(str(report), "--match", str(match.pk))

    assert _lineup(match, "Juventus") == [
        ("Wojciech Szczesny", "starter", None, "6", Decimal(6)),
        ("Alex Sandro", "starter", None, "5,5", Decimal("5.5")),
    ]


def test_import_report_esempio_dry_run_lists_the_skipped_lines(db):
    out = _run(str(ESEMPIO), "--dry-run")

    assert "Skipped line 18: 'All. Gattuso 7: la squadra lo segue.': Coach, not a player." in out
    assert "Skipped line 30: 'Arbitro: Doveri 6.': Referee, not a player." in out
    assert "Problems: none" in out


# --- The admin preview ------------------------------------------------------------------------


def test_import_admin_preview_shows_skipped_lines_apart_from_problems(editor_client, match):
    text = ESEMPIO.read_text(encoding="utf-8") + "\nRrahmani 11\n"

    response = editor_client.post(
        f"/admin/matches/match/{match.pk}/import/", {"report": text, "preview": "Preview"}
    )

    assertContains(
        response,
        "<tr><td>29</td><td><code>Allenatore: Pirlo 5,5.</code></td>"
        "<td>Coach, not a player.</td></tr>",
        html=True,
    )
    assertContains(
        response,
        "<caption>Skipped lines (4): read, and left out on purpose</caption>",
        html=True,
    )
    assertContains(
        response,
        "<tr><td>34</td><td><code>Rrahmani 11</code></td>"
        "<td>Rating 11 is out of range (0 to 10).</td></tr>",
        html=True,
    )
    assertContains(response, "<caption>Problems (1)</caption>", html=True)


def test_import_admin_preview_without_skipped_lines_has_no_table(editor_client, match):
    response = editor_client.post(
        f"/admin/matches/match/{match.pk}/import/",
        {"report": "Napoli: Meret 8\nJuventus: Szczesny 6", "preview": "Preview"},
    )

    assert response.status_code == 200
    assertNotContains(response, "import-skipped")


def test_import_admin_preview_of_a_one_team_article_says_which_side_changes(editor_client, match):
    response = editor_client.post(
        f"/admin/matches/match/{match.pk}/import/",
        {"report": "JUVENTUS\nSzczesny 7\nAlex Sandro 5", "preview": "Preview"},
    )

    assertContains(
        response,
        "<p>This report rates one team: only the away side's line-up changes.</p>",
        html=True,
    )
    assertContains(response, 'name="save"')


def test_import_admin_saves_a_one_team_article_into_the_match(editor_client, match):
    text = "NAPOLI (4-3-3): Meret 7 - Lobotka 6"

    response = editor_client.post(
        f"/admin/matches/match/{match.pk}/import/", {"report": text, "save": "Save"}
    )

    assert response.status_code == 302
    assert _lineup(match, "Napoli") == [
        ("Alex Meret", "starter", None, "7", Decimal(7)),
        ("Stanislav Lobotka", "starter", None, "6", Decimal(6)),
    ]
    assert [name for name, *_ in _lineup(match, "Juventus")] == ["Wojciech Szczesny", "Alex Sandro"]


def test_import_admin_choosing_another_player_for_a_rated_one_saves_nothing(editor_client, match):
    lobotka = appearance_named(match, "Stanislav Lobotka")
    make_fan_rating(lobotka, score=6)
    before = row_counts()
    text = "NAPOLI\nMeret 7\nLobotka 6\nJUVENTUS\nSzczesny 6\nAlex Sandro 6"

    response = editor_client.post(
        f"/admin/matches/match/{match.pk}/import/",
        {"report": text, "player-t0-p1": "new", "save": "Save"},
    )

    assert response.status_code == 200
    assertContains(response, "Fans have rated Stanislav Lobotka for Napoli in this match (1 vote)")
    assertNotContains(response, 'name="save"')
    assert row_counts() == before
    assert appearance_named(match, "Alex Meret").editor_rating.written_as == "8"


def test_import_admin_headerless_article_shows_no_team_name(editor_client, match):
    response = editor_client.post(
        f"/admin/matches/match/{match.pk}/import/",
        {"report": "Szczesny 7 - bene\nAlex Sandro 5", "preview": "Preview"},
    )

    assertContains(response, "No team name (away):")
    assertContains(response, 'name="save"')
