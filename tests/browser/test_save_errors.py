"""A failed HTMX save is never silent: the card says so, keeps the choice and offers a retry."""

import pytest
from playwright.sync_api import expect

from ratings.models import FanRating
from tests.browser.conftest import expect_saved, log_in, player, score_button, score_radio
from tests.factories import make_fan, make_match

pytestmark = pytest.mark.browser


def test_a_save_that_cannot_reach_the_server_says_so_and_can_be_retried(page):
    match = make_match()
    make_fan("offline-fan")
    page.goto(f"/matches/{match.pk}/")
    log_in(page, "offline-fan")

    page.context.set_offline(True)
    score_button(page, "Alex Meret", 7).click()

    card = player(page, "Alex Meret")
    expect(card.get_by_role("alert")).to_contain_text("Could not save")
    expect(score_radio(page, "Alex Meret", 7)).to_be_checked()
    assert FanRating.objects.count() == 0

    page.context.set_offline(False)
    card.get_by_role("button", name="Try again").click()

    expect_saved(page, "Alex Meret", 7)
    expect(card.get_by_role("alert")).to_have_count(0)
    assert list(FanRating.objects.values_list("appearance__player__name", "score")) == [
        ("Alex Meret", 7)
    ]


def test_a_save_the_server_refuses_shows_its_reason_in_the_card(page):
    match = make_match()
    make_fan("expired-fan")
    page.goto(f"/matches/{match.pk}/")
    log_in(page, "expired-fan")
    # The session ends in another tab: the CSRF token the page holds no longer matches.
    page.context.clear_cookies()

    score_button(page, "Alex Meret", 7).click()

    expect(player(page, "Alex Meret").get_by_role("alert")).to_contain_text(
        "Could not save (Your form had expired)"
    )
    expect(score_radio(page, "Alex Meret", 7)).to_be_checked()
    assert FanRating.objects.count() == 0
