"""An editor pastes Italian pagelle in admin: the preview lists the coach, the referee and the
bench as skipped lines apart from problems, then saves the line-ups with their minutes."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from matches.models import Appearance
from tests.factories import FAN_PASSWORD, make_bare_match, make_editor, make_team

pytestmark = pytest.mark.browser

ESEMPIO = Path(__file__).resolve().parents[1] / "fixtures" / "pagelle-esempio.txt"


def test_editor_imports_pagelle_and_sees_skipped_lines_apart_from_problems(page):
    make_editor("desk")
    match = make_bare_match(
        home_team=make_team("Napoli"),
        away_team=make_team("Juventus"),
        home_score=None,
        away_score=None,
    )

    page.goto(f"/admin/matches/match/{match.pk}/import/")
    page.get_by_label("Username:").fill("desk")
    page.get_by_label("Password:").fill(FAN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Match report").fill(ESEMPIO.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Preview").click()

    skipped = page.get_by_role("table", name=re.compile(r"^Skipped lines \(4\)"))
    expect(skipped.get_by_role("row", name=re.compile(r"^18 All\. Gattuso 7"))).to_contain_text(
        "Coach, not a player."
    )
    expect(skipped.get_by_role("row", name=re.compile(r"^30 Arbitro: Doveri 6"))).to_contain_text(
        "Referee, not a player."
    )
    expect(page.get_by_role("table", name=re.compile(r"^Problems"))).to_have_count(0)
    expect(
        page.get_by_role("row", name=re.compile(r"^Fabian Ruiz Substitute, on 62' 5 5"))
    ).to_be_visible()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Imported 29 players (29 new)", exact=False)).to_be_visible()
    minutes = dict(
        Appearance.objects.filter(match=match, minute_on__isnull=False).values_list(
            "player__name", "minute_on"
        )
    )
    assert minutes == {
        "Elmas": 70,
        "Fabian Ruiz": 62,
        "Lobotka": 85,
        "Petagna": 88,
        "Kulusevski": 66,
        "McKennie": 81,
        "Alex Sandro": 74,
    }
    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (1, 0)
    assert match.man_of_the_match.player.name == "Meret"
