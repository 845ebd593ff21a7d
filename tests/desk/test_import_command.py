import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from desk.report import parse_report
from matches.models import Match
from ratings.models import EditorRating
from tests.factories import (
    SEED_REPORT,
    appearance_named,
    make_bare_match,
    make_competition,
    make_match,
    make_player,
    make_team,
    row_counts,
)


def _run(*args) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_report", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def _failing(*args) -> tuple[str, CommandError]:
    stdout = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_report", *args, stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue(), raised.value


def _report_file(tmp_path, text: str) -> str:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_report_dry_run_json_prints_the_parsed_seed_and_writes_nothing(db):
    out, err = _run(str(SEED_REPORT), "--dry-run", "--json")

    data = json.loads(out)
    assert [team["name"] for team in data["teams"]] == ["Napoli", "Juventus"]
    assert [len(team["players"]) for team in data["teams"]] == [15, 14]
    assert data["teams"][0]["players"][0] == {
        "name": "Meret",
        "role": "starter",
        "rating": "8",
        "value": 8.0,
    }
    assert data["teams"][0]["players"][13] == {
        "name": "Lobotka",
        "role": "substitute",
        "rating": "N/A",
        "value": None,
    }
    assert data["man_of_the_match"] == {"name": "Alex Meret", "team": "Napoli", "player": "Meret"}
    assert data["score"] == {"home": 1, "away": 0}
    assert [(e["minute"], e["kind"]) for e in data["events"]] == [
        (30, "penalty"),
        (31, "goal"),
        (57, "chance"),
        (63, "disallowed_goal"),
        (87, "save"),
    ]
    assert data["problems"] == []
    assert data == parse_report(SEED_REPORT.read_text(encoding="utf-8")).to_dict()
    assert err == "Dry run: nothing was written.\n"
    assert set(row_counts().values()) == {0}


def test_import_report_dry_run_into_the_demo_match_writes_nothing(db):
    call_command("load_demo", no_editor=True, stdout=io.StringIO())
    match = Match.objects.get(home_team__name="Napoli", away_team__name="Juventus")
    before = row_counts()

    out, _ = _run(str(SEED_REPORT), "--match", str(match.pk), "--dry-run")

    assert row_counts() == before
    assert out.splitlines()[:4] == [
        f"Match: {match} (id {match.pk})",
        "",
        "Napoli -> Napoli",
        "  Meret                  starter         8      8          -> Alex Meret",
    ]
    assert "  Lobotka                substitute      N/A    not rated  -> Stanislav Lobotka" in out
    assert out.splitlines()[-5:] == [
        "",
        "Man of the match: Alex Meret -> Alex Meret",
        "Score: 1-0",
        "Key moments: 5",
        "Problems: none",
    ]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "Napoli: Meret 11, Di Lorenzo 7\nJuventus: Szczesny 6",
            [{"line": 1, "text": "Meret 11", "message": "Rating 11 is out of range (0 to 10)."}],
        ),
        (
            "Napoli: Meret, Di Lorenzo 7\nJuventus: Szczesny 6",
            [{"line": 1, "text": "Meret", "message": "No rating for Meret."}],
        ),
        (
            "Napoli: Meret 8 7, Di Lorenzo 7\nJuventus: Szczesny 6",
            [{"line": 1, "text": "Meret 8 7", "message": "Meret has more than one rating: 8 7."}],
        ),
        ("PLAYER RATINGS\n", [{"line": 0, "text": "", "message": "No player ratings found."}]),
    ],
    ids=["rating-of-11", "name-without-rating", "two-ratings", "empty-block"],
)
def test_import_report_broken_file_exits_1_with_the_problems(db, tmp_path, text, problems):
    match = make_match()
    before = row_counts()

    out, error = _failing(_report_file(tmp_path, text), "--match", str(match.pk), "--json")

    assert json.loads(out)["problems"] == problems
    assert error.returncode == 1
    assert str(error) == "1 problem(s) in the report; nothing was imported."
    assert row_counts() == before


def test_import_report_with_match_writes_the_import(db):
    match = make_bare_match(
        home_team=make_team("Napoli"),
        away_team=make_team("Juventus"),
        home_score=None,
        away_score=None,
    )

    out, _ = _run(str(SEED_REPORT), "--match", str(match.pk))

    match.refresh_from_db()
    assert out.splitlines()[-1] == (
        f"Imported 29 players (29 new) into {match} (match {match.pk})."
    )
    assert match.appearances.count() == 29
    assert EditorRating.objects.filter(appearance__match=match).count() == 29
    assert match.man_of_the_match.player.name == "Meret"
    assert (match.home_score, match.away_score) == (1, 0)
    assert match.report_text == SEED_REPORT.read_text(encoding="utf-8")


def test_import_report_reads_stdin_and_finds_the_one_match_between_the_teams(db, monkeypatch):
    call_command("load_demo", no_editor=True, stdout=io.StringIO())
    match = Match.objects.get(home_team__name="Napoli", away_team__name="Juventus")
    before = row_counts()
    text = SEED_REPORT.read_text(encoding="utf-8").replace("Lozano 8,", "Lozano 6,5,")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))

    _run("-")

    assert row_counts() == before
    lozano = appearance_named(match, "Hirving Lozano").editor_rating
    assert lozano.written_as == "6,5"


def test_import_report_without_a_match_to_use_exits_1_and_says_pass_match(db):
    before = row_counts()

    _, error = _failing(str(SEED_REPORT))

    assert str(error) == (
        "No match Napoli v Juventus to import into: pass --match ID, or --competition, "
        "--season and --kickoff to create one."
    )
    assert error.returncode == 1
    assert row_counts() == before


def test_import_report_with_two_matches_between_the_teams_asks_for_match(db):
    first = make_match()
    second = make_match()

    _, error = _failing(str(SEED_REPORT), "--dry-run")

    assert str(error) == (
        f"2 matches Napoli v Juventus (ids {second.pk}, {first.pk}): pass --match ID."
    )


def test_import_report_creates_a_new_match(db):
    competition = make_competition("Serie A", "2020-21")

    _run(
        str(SEED_REPORT),
        "--competition",
        "Serie A",
        "--season",
        "2020-21",
        "--kickoff",
        "2021-02-13T18:00+01:00",
    )

    match = Match.objects.with_teams().get()
    kickoff = datetime(2021, 2, 13, 17, 0, tzinfo=UTC)
    assert (match.competition, match.home_team.name, match.away_team.name) == (
        competition,
        "Napoli",
        "Juventus",
    )
    assert (match.kickoff, match.rating_closes_at) == (kickoff, kickoff + timedelta(hours=72))
    assert match.appearances.count() == 29


def test_import_report_new_match_needs_a_known_competition(db):
    _, error = _failing(
        str(SEED_REPORT),
        "--competition",
        "Serie B",
        "--season",
        "2020-21",
        "--kickoff",
        "2021-02-13",
    )

    assert str(error) == "No competition Serie B 2020-21; add it in the admin."


def test_import_report_ambiguous_name_is_a_problem(db, tmp_path):
    chelsea = make_team("Chelsea")
    match = make_bare_match(home_team=chelsea, away_team=make_team("Arsenal"))
    make_player("Thiago Silva", chelsea)
    make_player("Bernardo Silva", chelsea)
    path = _report_file(tmp_path, "Chelsea: Mendy 7, Silva 6\nArsenal: Leno 6, Saka 7")

    out, error = _failing(path, "--match", str(match.pk), "--json")

    assert json.loads(out)["problems"] == [
        {
            "line": 1,
            "text": "Silva",
            "message": "Silva could be Bernardo Silva, Thiago Silva: choose one.",
        }
    ]
    assert error.returncode == 1
    assert match.appearances.count() == 0


def test_import_report_teams_not_the_matchs_are_a_problem(db, tmp_path):
    match = make_bare_match(home_team=make_team("Inter"), away_team=make_team("Milan"))

    out, error = _failing(str(SEED_REPORT), "--match", str(match.pk), "--json", "--dry-run")

    assert [p["message"] for p in json.loads(out)["problems"]] == [
        "This match is Inter v Milan, so the home team rated here should be Inter, not Napoli.",
        "This match is Inter v Milan, so the away team rated here should be Milan, not Juventus.",
    ]
    assert str(error) == "2 problem(s) in the report; nothing was imported."


def test_import_report_unknown_match_or_file_is_an_error(db, tmp_path):
    _, unknown_match = _failing(str(SEED_REPORT), "--match", "999999")
    _, missing_file = _failing(str(tmp_path / "missing.txt"))

    assert str(unknown_match) == "No match with id 999999."
    assert (
        str(missing_file) == f"Cannot read {tmp_path / 'missing.txt'}: No such file or directory."
    )
