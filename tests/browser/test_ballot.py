"""A fan rates players in a real browser: with HTMX, without JavaScript, and by keyboard."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ratings.models import FanRating
from tests.browser.conftest import (
    expect_saved,
    flash,
    log_in,
    player,
    score_button,
    score_radio,
)
from tests.factories import FAN_PASSWORD, make_fan, make_match

pytestmark = pytest.mark.browser


def saved_ratings(username: str) -> list[tuple[str, int]]:
    return sorted(
        FanRating.objects.filter(fan__username=username).values_list(
            "appearance__player__name", "score"
        )
    )


def test_new_fan_signs_up_rates_three_players_and_sees_the_results(page):
    match = make_match()
    scores = {"Alex Meret": 7, "Wojciech Szczesny": 6, "Alex Sandro": 8}

    page.goto("/")
    page.get_by_role("link", name="Napoli 1-0 Juventus").click()
    expect(page).to_have_url(re.compile(rf"/matches/{match.pk}/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    # Django's labels end with a colon, as a person reads them on the page.
    page.get_by_label("Username:").fill("new-fan")
    page.get_by_label("Email:").fill("new-fan@example.org")
    page.get_by_label("Password:", exact=True).fill(FAN_PASSWORD)
    page.get_by_label("Password confirmation:").fill(FAN_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    # Signing up from the match page comes back to it.
    expect(page).to_have_url(re.compile(rf"/matches/{match.pk}/$"))
    expect(flash(page)).to_have_text("Welcome, new-fan. Pick a match and rate the players.")
    expect(page.get_by_text("You have rated 0 of 4 players.")).to_be_visible()
    for name, score in scores.items():
        score_button(page, name, score).click()
        expect_saved(page, name, score)
    expect(page.get_by_text("You have rated 3 of 4 players.")).to_be_visible()
    page.reload()

    for name, score in scores.items():
        expect(score_radio(page, name, score)).to_be_checked()
    expect(player(page, "Stanislav Lobotka").get_by_role("radio", checked=True)).to_have_count(0)
    assert saved_ratings("new-fan") == [
        ("Alex Meret", 7),
        ("Alex Sandro", 8),
        ("Wojciech Szczesny", 6),
    ]

    page.get_by_role("link", name="Crowd v editor").click()

    expect(page.get_by_text("1 fan rated this match.")).to_be_visible()
    # The results page's own tests check every column; here, each fan's mark arrived.
    for name, score in scores.items():
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))
        expect(row).to_contain_text(f"{score}.0")


def test_fan_without_javascript_saves_ratings_with_the_save_button(new_page):
    match = make_match()
    make_fan("offline-fan")
    page = new_page(java_script_enabled=False)
    page.goto(match.get_absolute_url())
    log_in(page, "offline-fan")
    expect(page).to_have_url(re.compile(rf"/matches/{match.pk}/$"))

    score_button(page, "Alex Meret", 9).click()
    score_button(page, "Alex Sandro", 4).click()
    page.get_by_role("button", name="Save my ratings").click()

    expect(flash(page)).to_have_text("Saved your ratings for 2 players.")
    expect(score_radio(page, "Alex Meret", 9)).to_be_checked()
    expect(score_radio(page, "Alex Sandro", 4)).to_be_checked()
    assert saved_ratings("offline-fan") == [("Alex Meret", 9), ("Alex Sandro", 4)]


def test_fan_rates_a_player_with_the_keyboard(page):
    match = make_match()
    make_fan("keyboard-fan")
    page.goto(match.get_absolute_url())
    log_in(page, "keyboard-fan")
    first_score = score_radio(page, "Alex Meret", 1)

    for _ in range(15):
        page.keyboard.press("Tab")
        if first_score.evaluate("radio => radio === document.activeElement"):
            break
    expect(first_score).to_be_focused()
    outline = page.evaluate(
        "getComputedStyle(document.querySelector('input:focus-visible + label')).outlineStyle"
    )
    assert outline != "none"

    page.keyboard.press("Space")
    expect_saved(page, "Alex Meret", 1)
    for score in (2, 3):
        page.keyboard.press("ArrowRight")
        expect_saved(page, "Alex Meret", score)

    expect(score_radio(page, "Alex Meret", 3)).to_be_checked()
    expect(score_radio(page, "Alex Meret", 3)).to_be_focused()
    assert saved_ratings("keyboard-fan") == [("Alex Meret", 3)]

    # Holding the arrow key: changes faster than the saves; the last one must win.
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect_saved(page, "Alex Meret", 8)
    expect(score_radio(page, "Alex Meret", 8)).to_be_checked()
    assert saved_ratings("keyboard-fan") == [("Alex Meret", 8)]


def test_closed_match_shows_rating_closed_and_no_score_buttons(page):
    now = timezone.now()
    match = make_match(
        kickoff=now - timedelta(days=9),
        rating_opens_at=now - timedelta(days=9),
        rating_closes_at=now - timedelta(days=2),
    )
    make_fan("late-fan")
    page.goto(match.get_absolute_url())

    log_in(page, "late-fan")

    expect(page.get_by_text("Rating closed on")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.get_by_role("button", name="Save my ratings")).to_have_count(0)
