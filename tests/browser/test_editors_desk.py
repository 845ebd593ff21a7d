"""An editor pastes the match report in admin, checks the preview, saves; fans see the result."""

import re

import pytest
from playwright.sync_api import expect

from matches.models import Match
from ratings.models import EditorRating
from tests.factories import FAN_PASSWORD, make_bare_match, make_editor, make_team, seed_report

pytestmark = pytest.mark.browser


def test_editor_imports_the_seed_report_and_fans_see_the_editors_ratings(page):
    # Made here, not by the migration: earlier live-server tests flush every table.
    make_editor("desk")
    match = make_bare_match(
        home_team=make_team("Napoli"),
        away_team=make_team("Juventus"),
        home_score=None,
        away_score=None,
    )

    page.goto(f"/admin/matches/match/{match.pk}/change/")
    page.get_by_label("Username:").fill("desk")
    page.get_by_label("Password:").fill(FAN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Import from report").click()
    page.get_by_label("Match report").fill(seed_report())
    page.get_by_role("button", name="Preview").click()

    # The preview shows every player as read and whom he was matched to; nothing is saved yet.
    expect(page.get_by_text("Nothing has been saved yet.")).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile(r"^Lobotka Substitute N.A not rated"))
    ).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Szczesny Starter 6 6"))).to_be_visible()
    assert EditorRating.objects.count() == 0
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Imported 29 players (29 new)", exact=False)).to_be_visible()
    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (1, 0)
    assert match.man_of_the_match.player.name == "Meret"
    assert EditorRating.objects.count() == 29

    page.goto(f"/matches/{match.pk}/results/")
    expect(page.get_by_text("The editor's pick")).to_be_visible()
    editor_pick = page.get_by_role("definition").first
    expect(editor_pick).to_have_text("Meret (Napoli)")
    meret_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Meret"))
    # Crowd, then the editor's mark.
    expect(meret_row.get_by_role("cell").nth(1)).to_have_text("8")
    assert Match.objects.count() == 1
