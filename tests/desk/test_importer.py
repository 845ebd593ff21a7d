from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from desk.importer import ImportRefused, plan_import
from desk.report import Problem
from desk.saving import apply_import
from matches.models import Match, MatchEvent, Player, Team
from ratings.models import EditorRating
from tests.factories import (
    appearance_named,
    make_bare_match,
    make_competition,
    make_fan_rating,
    make_match,
    make_player,
    make_team,
    row_counts,
    seed_report,
)


def _demo_match() -> Match:
    call_command("load_demo", no_editor=True, stdout=None)
    return Match.objects.get(home_team__name="Napoli", away_team__name="Juventus")


def _fresh_match(**overrides) -> Match:
    overrides = {"home_score": None, "away_score": None, **overrides}
    return make_bare_match(
        home_team=make_team("Napoli"), away_team=make_team("Juventus"), **overrides
    )


def _matched(plan) -> dict[str, str | None]:
    return {row.parsed.name: row.player and row.player.name for row in plan.rows}


def _sheet(match: Match, team: str) -> list[tuple]:
    appearances = (
        match.appearances.filter(team__name=team)
        .select_related("player", "editor_rating")
        .order_by("role", "order")
    )
    return [
        (
            a.player.name,
            a.role,
            a.order,
            a.minute_on,
            a.editor_rating.written_as,
            a.editor_rating.value,
        )
        for a in appearances
    ]


# --- Matching against the database ------------------------------------------------------


def test_plan_import_matches_every_seed_name_to_the_demo_players(db):
    match = _demo_match()
    before = row_counts()

    plan = plan_import(seed_report(), match=match)

    assert plan.all_problems == []
    assert plan.can_apply is True
    assert plan.new_players == []
    assert len(plan.rows) == 29
    matched = _matched(plan)
    assert matched["Meret"] == "Alex Meret"
    assert matched["Szczesny"] == "Wojciech Szczęsny"
    assert matched["De Ligt"] == "Matthijs de Ligt"
    assert matched["Mario Rui"] == "Mário Rui"
    assert {row.player.pk for row in plan.rows} == set(
        match.appearances.values_list("player_id", flat=True)
    )
    assert [team.team for team in plan.teams] == [match.home_team, match.away_team]
    assert plan.man_of_the_match.player.name == "Alex Meret"
    assert plan.removed == []
    assert row_counts() == before


def test_apply_import_seed_into_the_demo_match_twice_changes_no_counts(db):
    match = _demo_match()
    before = row_counts()

    apply_import(plan_import(seed_report(), match=match))
    after_first = row_counts()
    apply_import(plan_import(seed_report(), match=match))

    assert after_first == before
    assert row_counts() == before
    match.refresh_from_db()
    assert match.report_text == seed_report()
    assert match.man_of_the_match.player.name == "Alex Meret"
    assert (match.home_score, match.away_score) == (1, 0)


def test_apply_import_seed_into_a_fresh_match_creates_line_ups_and_ratings(db):
    match = _fresh_match()

    result = apply_import(plan_import(seed_report(), match=match))

    assert result == match
    match.refresh_from_db()
    assert Player.objects.count() == 29
    assert match.appearances.count() == 29
    assert EditorRating.objects.filter(appearance__match=match).count() == 29
    assert match.man_of_the_match.player.name == "Meret"
    assert match.man_of_the_match.team.name == "Napoli"
    assert (match.home_score, match.away_score) == (1, 0)
    assert match.report_text == seed_report()
    assert list(match.events.values_list("minute", "kind")) == [
        (30, "penalty"),
        (31, "goal"),
        (57, "chance"),
        (63, "disallowed_goal"),
        (87, "save"),
    ]
    assert match.events.get(minute=31).description == (
        "GOAL! Napoli 1-0 Juventus (Lorenzo Insigne, pen): Insigne sends the penalty high "
        "into the net and Szczesny cannot reach it."
    )
    assert _sheet(match, "Napoli")[10:] == [
        ("Osimhen", "starter", 11, None, "6", Decimal(6)),
        ("Ruiz", "substitute", 1, None, "5", Decimal(5)),
        ("Elmas", "substitute", 2, None, "5", Decimal(5)),
        ("Lobotka", "substitute", 3, None, "N/A", None),
        ("Petagna", "substitute", 4, None, "N/A", None),
    ]
    assert set(Player.objects.filter(name="Szczesny").values_list("team__name", flat=True)) == {
        "Juventus"
    }


def test_apply_import_creates_a_new_match_and_its_teams(db):
    competition = make_competition()
    kickoff = datetime(2021, 2, 13, 17, 0, tzinfo=UTC)
    plan = plan_import(seed_report())

    match = apply_import(plan, competition=competition, kickoff=kickoff)

    assert [team.team for team in plan.teams] == [None, None]
    assert (match.home_team.name, match.away_team.name) == ("Napoli", "Juventus")
    assert (match.competition, match.kickoff) == (competition, kickoff)
    assert (match.rating_opens_at, match.rating_closes_at) == (
        kickoff,
        kickoff + timedelta(hours=72),
    )
    assert (match.home_score, match.away_score) == (1, 0)
    assert row_counts() == {
        "teams": 2,
        "players": 29,
        "matches": 1,
        "appearances": 29,
        "editor_ratings": 29,
        "events": 5,
    }


def test_apply_import_new_match_uses_existing_teams_by_name(db):
    napoli = make_team("NAPOLI")
    kickoff = datetime(2021, 2, 13, 17, 0, tzinfo=UTC)
    opens = kickoff + timedelta(hours=2)

    match = apply_import(
        plan_import(seed_report()),
        competition=make_competition(),
        kickoff=kickoff,
        rating_opens_at=opens,
    )

    assert match.home_team == napoli
    assert (match.rating_opens_at, match.rating_closes_at) == (opens, opens + timedelta(hours=72))
    assert Team.objects.count() == 2


def test_apply_import_new_match_needs_competition_and_kickoff(db):
    plan = plan_import(seed_report())

    with pytest.raises(ImportRefused, match="needs a competition and a kick-off time"):
        apply_import(plan, competition=make_competition())

    assert row_counts()["players"] == 0


def test_apply_import_refuses_a_rating_window_closing_before_it_opens(db):
    match = _fresh_match()
    plan = plan_import(seed_report(), match=match)

    with pytest.raises(ImportRefused, match="must close after it opens"):
        apply_import(plan, rating_opens_at=match.rating_closes_at + timedelta(days=1))

    assert match.appearances.count() == 0


def test_apply_import_keeps_the_score_the_editor_set(db):
    match = _fresh_match(home_score=2, away_score=2)
    plan = plan_import(seed_report(), match=match)

    apply_import(plan)

    match.refresh_from_db()
    assert plan.score_is_kept is True
    assert (match.home_score, match.away_score) == (2, 2)


def test_apply_import_reimport_updates_a_changed_rating_and_minute(db):
    match = _demo_match()
    text = (
        seed_report()
        .replace("Meret 8,", "Meret 6,5,")
        .replace("Zielinski 7,", "Zielinski 7 (70' Elmas 5),")
        .replace("Elmas 5, Lobotka", "Lobotka")
    )
    before = row_counts()

    apply_import(plan_import(text, match=match))

    meret = appearance_named(match, "Alex Meret")
    elmas = appearance_named(match, "Eljif Elmas")
    assert (meret.editor_rating.written_as, meret.editor_rating.value) == ("6,5", Decimal("6.5"))
    assert (elmas.minute_on, elmas.role, elmas.order) == (70, "substitute", 1)
    assert row_counts() == before


def test_plan_import_matches_a_misspelt_surname(db):
    match = make_bare_match(home_team=make_team("Napoli"), away_team=make_team("Juventus"))
    make_player("Alex Meret", match.home_team)
    szczesny = make_player("Wojciech Szczęsny", match.away_team)

    plan = plan_import("Napoli: Meret 8\nJuventus: Szcznesy 6", match=match)

    assert _matched(plan) == {"Meret": "Alex Meret", "Szcznesy": "Wojciech Szczęsny"}
    assert plan.rows[1].candidates == [szczesny]
    assert plan.can_apply is True


def test_plan_import_finds_a_player_who_appears_in_the_match_but_changed_team(db):
    match = make_match()
    meret = appearance_named(match, "Alex Meret").player
    meret.team = make_team("Fiorentina")
    meret.save()

    plan = plan_import(
        "Napoli: Meret 8, Lobotka N/A\nJuventus: Szczesny 6, Alex Sandro 6", match=match
    )

    assert plan.rows[0].player == meret
    assert plan.new_players == []


def test_plan_import_ambiguous_surname_must_be_chosen_then_applies(db):
    chelsea, arsenal = make_team("Chelsea"), make_team("Arsenal")
    match = make_bare_match(home_team=chelsea, away_team=arsenal)
    thiago = make_player("Thiago Silva", chelsea)
    bernardo = make_player("Bernardo Silva", chelsea)
    text = "Chelsea: Mendy 7, Silva 6\nArsenal: Leno 6, Saka 7"

    unresolved = plan_import(text, match=match)
    with pytest.raises(ImportRefused, match="Silva could be"):
        apply_import(unresolved)
    chosen = plan_import(text, match=match, choices={"t0-p1": str(thiago.pk)})
    apply_import(chosen)

    assert unresolved.rows[1].candidates == [bernardo, thiago]
    assert unresolved.choices_needed == [
        Problem(1, "Silva", "Silva could be Bernardo Silva, Thiago Silva: choose one.")
    ]
    assert unresolved.problems == []
    assert chosen.can_apply is True
    assert list(
        match.appearances.filter(team=chelsea).order_by("order").values_list("player__name")
    ) == [("Mendy",), ("Thiago Silva",)]


def test_plan_import_choice_of_new_player_overrides_a_match(db):
    match = make_match()

    plan = plan_import(
        "Napoli: Meret 8\nJuventus: Szczesny 6", match=match, choices={"t0-p0": "new"}
    )

    assert plan.rows[0].player is None
    assert [row.parsed.name for row in plan.new_players] == ["Meret"]


def test_plan_import_refuses_a_choice_from_another_team(db):
    match = make_match()
    szczesny = appearance_named(match, "Wojciech Szczesny").player

    plan = plan_import(
        "Napoli: Meret 8\nJuventus: Szczesny 6", match=match, choices={"t0-p0": str(szczesny.pk)}
    )

    assert plan.choices_needed == [
        Problem(1, "Meret", "The player chosen for Meret is not one of this team's players.")
    ]


def test_plan_import_flags_two_names_matched_to_one_player(db):
    match = make_match()

    plan = plan_import("Napoli: Meret 8, Alex Meret 7\nJuventus: Szczesny 6", match=match)

    message = "Meret and Alex Meret are both matched to Alex Meret: choose another for one."
    assert plan.choices_needed == [Problem(1, "Meret", message), Problem(1, "Alex Meret", message)]
    assert plan.can_apply is False


def test_plan_import_reports_teams_that_are_not_the_matchs(db):
    match = make_match()  # Napoli v Juventus
    before = row_counts()

    plan = plan_import("Juventus: Szczesny 6\nNapoli: Meret 8", match=match)

    assert plan.problems == [
        Problem(
            1,
            "Juventus: Szczesny 6",
            "This match is Napoli v Juventus, so the home team rated here should be Napoli, "
            "not Juventus.",
        ),
        Problem(
            2,
            "Napoli: Meret 8",
            "This match is Napoli v Juventus, so the away team rated here should be Juventus, "
            "not Napoli.",
        ),
    ]
    with pytest.raises(ImportRefused):
        apply_import(plan)
    assert row_counts() == before


def test_plan_import_one_team_without_a_match_is_named_by_its_header(db):
    plan = plan_import("Napoli: Meret 8, Di Lorenzo 7")

    assert plan.problems == []
    assert [(team.parsed.name, team.team, team.side) for team in plan.teams] == [
        ("Napoli", None, "")
    ]
    with pytest.raises(ImportRefused, match="one team imports into an existing match"):
        apply_import(plan, competition=make_competition(), kickoff=datetime.now(UTC))


def test_plan_import_more_than_two_teams_is_a_problem(db):
    text = "Napoli: Meret 8\nJuventus: Szczesny 6\nRoma: Mancini 6"

    plan = plan_import(text)

    assert plan.problems == [
        Problem(
            3,
            "Roma: Mancini 6",
            "Found 3 teams rated; a report rates both teams, the home side first, or one team.",
        )
    ]


def test_plan_import_with_one_team_rated_goes_to_that_side(db):
    match = make_match()  # Napoli v Juventus

    plan = plan_import("Napoli: Meret 11\nJuventus: Szczesny 6, Alex Sandro 6", match=match)

    assert plan.problems == [Problem(1, "Meret 11", "Rating 11 is out of range (0 to 10).")]
    assert [(team.team, team.side) for team in plan.teams] == [(match.away_team, "away")]
    assert _matched(plan) == {"Szczesny": "Wojciech Szczesny", "Alex Sandro": "Alex Sandro"}


def test_plan_import_reports_minutes_the_database_would_refuse(db):
    text = "Napoli: Meret 8, Zielinski 5,5 (163' Elmas 5,5)\nJuventus: Szczesny 6\n\n200' - Chance!"

    plan = plan_import(text)

    assert plan.problems == [
        Problem(1, "Elmas", "Elmas came on in minute 163, after the 150th."),
        Problem(4, "200' - Chance!", "Minute 200 is after the 150th."),
    ]


def test_apply_import_bracketed_substitute_gets_his_minute_and_order(db):
    match = make_bare_match(home_team=make_team("Napoli"), away_team=make_team("Juventus"))
    text = "Napoli: Meret 8, Zielinski 5,5 (63' Elmas 5,5), Lobotka 6\nJuventus: Szczesny 6"

    apply_import(plan_import(text, match=match))

    assert _sheet(match, "Napoli") == [
        ("Meret", "starter", 1, None, "8", Decimal(8)),
        ("Zielinski", "starter", 2, None, "5,5", Decimal("5.5")),
        ("Lobotka", "starter", 3, None, "6", Decimal(6)),
        ("Elmas", "substitute", 1, 63, "5,5", Decimal("5.5")),
    ]


def test_apply_import_removes_unlisted_players(db):
    match = make_match()  # Meret, Lobotka (sub) v Szczesny, Alex Sandro (sub)

    plan = plan_import("Napoli: Meret 7\nJuventus: Szczesny 6", match=match)
    apply_import(plan)

    assert [a.player.name for a in plan.removed] == ["Stanislav Lobotka", "Alex Sandro"]
    assert sorted(match.appearances.values_list("player__name", flat=True)) == [
        "Alex Meret",
        "Wojciech Szczesny",
    ]
    assert Player.objects.filter(name="Alex Sandro").count() == 1


def test_apply_import_refuses_to_delete_a_player_fans_rated_and_writes_nothing(db):
    match = make_match()
    make_fan_rating(appearance_named(match, "Stanislav Lobotka"), score=6)
    before = row_counts()

    plan = plan_import("Napoli: Meret 7\nJuventus: Szczesny 6", match=match)
    with pytest.raises(ImportRefused, match="Fans have rated Stanislav Lobotka") as refused:
        apply_import(plan)

    assert plan.problems == [
        Problem(
            0,
            "Stanislav Lobotka",
            "Fans have rated Stanislav Lobotka for Napoli in this match (1 vote), but the "
            "report no longer lists him. Their votes are never deleted or moved by an import: "
            "keep Stanislav Lobotka in the report for Napoli.",
        )
    ]
    assert "Nothing was imported" in str(refused.value)
    assert row_counts() == before
    assert appearance_named(match, "Alex Meret").editor_rating.written_as == "8"


def test_apply_import_without_key_moments_or_motm_keeps_the_match_ones(db):
    match = make_match()
    meret = appearance_named(match, "Alex Meret")
    match.man_of_the_match = meret
    match.save()
    MatchEvent.objects.create(match=match, minute=12, kind="card", description="Booked.")

    apply_import(plan_import("Napoli: Meret 7\nJuventus: Szczesny 6", match=match))

    match.refresh_from_db()
    assert match.man_of_the_match == meret
    assert list(match.events.values_list("minute", "description")) == [(12, "Booked.")]


def test_apply_import_refuses_a_plan_made_for_another_match(db):
    match = make_match()
    other = make_match(home="Inter", away="Milan")
    plan = plan_import("Napoli: Meret 7\nJuventus: Szczesny 6", match=match)

    with pytest.raises(ImportRefused, match="another match"):
        apply_import(plan, match=other)


# --- Broken inputs -------------------------------------------------------------------------

JUVENTUS_LINE = "\nJuventus: Szczesny 6, Danilo 6"


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "Napoli: Meret 11, Di Lorenzo 7" + JUVENTUS_LINE,
            [Problem(1, "Meret 11", "Rating 11 is out of range (0 to 10).")],
        ),
        (
            "Napoli: Meret, Di Lorenzo 7" + JUVENTUS_LINE,
            [Problem(1, "Meret", "No rating for Meret.")],
        ),
        (
            "Napoli: Meret 8 7, Di Lorenzo 7" + JUVENTUS_LINE,
            [Problem(1, "Meret 8 7", "Meret has more than one rating: 8 7.")],
        ),
        ("PLAYER RATINGS\n\nKEY MOMENTS", [Problem(0, "", "No player ratings found.")]),
        ("", [Problem(0, "", "No player ratings found.")]),
    ],
    ids=["rating-of-11", "name-without-rating", "two-ratings", "empty-block", "empty-text"],
)
def test_apply_import_refuses_broken_input_and_writes_nothing(db, text, problems):
    match = make_match()
    before = row_counts()

    plan = plan_import(text, match=match)
    with pytest.raises(ImportRefused, match="Nothing was imported"):
        apply_import(plan)

    assert plan.all_problems == problems
    assert plan.to_dict()["problems"] == [
        {"line": p.line, "text": p.text, "message": p.message} for p in problems
    ]
    assert row_counts() == before
    match.refresh_from_db()
    assert match.report_text == ""
