"""axe-core finds no violations on a phone-sized screen, and the score buttons fit a thumb."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, expect_saved, log_in, player, score_button
from tests.factories import appearance_named, make_fan, make_fan_rating, make_match

pytestmark = pytest.mark.browser


def open_home(page: Page) -> None:
    make_match()
    page.goto("/")


def open_match_anonymously(page: Page) -> None:
    page.goto(make_match().get_absolute_url())


def open_match_with_the_ballot(page: Page) -> None:
    """Logged in, one player rated through HTMX so the "Saved" status is on the page."""
    match = make_match()
    make_fan("axe-fan")
    page.goto(match.get_absolute_url())
    log_in(page, "axe-fan")
    score_button(page, "Alex Meret", 7).click()
    expect_saved(page, "Alex Meret", 7)


def open_results(page: Page) -> None:
    match = make_match()
    for score in (6, 7, 9):
        make_fan_rating(appearance_named(match, "Alex Meret"), score=score)
    make_fan_rating(appearance_named(match, "Alex Sandro"), score=5)
    page.goto(reverse("ratings:results", args=[match.pk]))
    expect(page.get_by_text("4 fans rated this match.")).to_be_visible()


def open_player(page: Page) -> None:
    match = make_match()
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, score=7)
    page.goto(meret.player.get_absolute_url())
    expect(page.get_by_role("heading", name="Alex Meret", level=1)).to_be_visible()


def open_login(page: Page) -> None:
    page.goto(reverse("accounts:login"))


def open_signup(page: Page) -> None:
    page.goto(reverse("accounts:signup"))


@pytest.mark.parametrize(
    "open_screen",
    [
        open_home,
        open_match_anonymously,
        open_match_with_the_ballot,
        open_results,
        open_player,
        open_login,
        open_signup,
    ],
    ids=lambda open_screen: open_screen.__name__.removeprefix("open_"),
)
def test_screen_has_no_axe_violations_on_a_phone(new_page, open_screen):
    page = new_page(viewport=PHONE)
    open_screen(page)

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


def test_score_buttons_fit_a_phone_without_sideways_scrolling(new_page):
    match = make_match()
    make_fan("thumb-fan")
    page = new_page(viewport=PHONE)
    page.goto(match.get_absolute_url())

    log_in(page, "thumb-fan")

    buttons = player(page, "Alex Meret").locator("label")
    expect(buttons).to_have_text([str(score) for score in range(1, 11)])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    sizes = [buttons.nth(i).bounding_box() for i in range(10)]
    too_small = [
        (score, round(box["width"]), round(box["height"]))
        for score, box in enumerate(sizes, start=1)
        if box["width"] < 44 or box["height"] < 44
    ]
    assert too_small == []
