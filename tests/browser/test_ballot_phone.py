"""The ballot on a phone, with JavaScript: fast, compact, keyboard-friendly and announced."""

import pytest
from playwright.sync_api import expect

from ratings.management.commands.load_demo import load_demo_match
from ratings.models import FanRating
from tests.browser.conftest import DESKTOP, PHONE, expect_saved, player, progress
from tests.factories import make_fan

pytestmark = pytest.mark.browser

NAPOLI = [
    "Alex Meret",
    "Giovanni Di Lorenzo",
    "Nikola Maksimović",
    "Amir Rrahmani",
    "Mário Rui",
    "Tiémoué Bakayoko",
    "Piotr Zieliński",
    "Matteo Politano",
    "Lorenzo Insigne",
    "Hirving Lozano",
    "Victor Osimhen",
    "Fabián Ruiz",
    "Eljif Elmas",
    "Stanislav Lobotka",
    "Andrea Petagna",
]


def saved(username: str) -> dict[str, int]:
    return dict(
        FanRating.objects.filter(fan__username=username).values_list(
            "appearance__player__name", "score"
        )
    )


def open_ballot(page_as, username: str, **options):
    match = load_demo_match()
    page = page_as(make_fan(username), **options)
    page.goto(match.get_absolute_url())
    return match, page


def test_tapping_all_29_players_as_fast_as_possible_loses_nothing(page_as):
    match, page = open_ballot(page_as, "quick-fan", viewport=PHONE)
    names = list(match.team_sheet().values_list("player__name", flat=True))
    expected = {name: (n % 10) + 1 for n, name in enumerate(names)}

    for name, score in expected.items():
        player(page, name).get_by_text(str(score), exact=True).click(no_wait_after=True)

    expect(progress(page)).to_contain_text("You have rated 29 of 29 players.")
    for name, score in expected.items():
        expect(player(page, name).get_by_role("radio", name=str(score), exact=True)).to_be_checked()
    assert len(names) == 29
    assert saved("quick-fan") == expected


def test_a_whole_team_is_rated_with_the_keyboard_alone(page_as):
    _, page = open_ballot(page_as, "keys-fan", viewport=DESKTOP)
    first = player(page, NAPOLI[0]).get_by_role("radio", name="1", exact=True)
    for _ in range(25):
        page.keyboard.press("Tab")
        if first.evaluate("radio => radio === document.activeElement"):
            break
    expect(first).to_be_focused()

    for n, name in enumerate(NAPOLI):
        if n:
            page.keyboard.press("Tab")  # to the next player's first button
        expect(player(page, name).get_by_role("radio", name="1", exact=True)).to_be_focused()
        page.keyboard.press("Space")
        for _ in range(n % 5 + 4):  # marks 5 to 9
            page.keyboard.press("ArrowRight")
        expect_saved(page, name, n % 5 + 5)

    assert saved("keys-fan") == {name: n % 5 + 5 for n, name in enumerate(NAPOLI)}
    expect(progress(page)).to_contain_text("You have rated 15 of 29 players.")


def test_each_save_is_announced_in_one_live_region_that_stays(page_as):
    _, page = open_ballot(page_as, "heard-fan", viewport=PHONE)
    region = progress(page)
    expect(region).to_have_text("You have rated 0 of 29 players.")
    region.evaluate("element => { element.dataset.original = 'yes'; }")

    player(page, "Lorenzo Insigne").get_by_text("8", exact=True).click()

    expect(region).to_have_text("Saved 8 for Lorenzo Insigne. You have rated 1 of 29 players.")
    # The same element (role="status", so aria-live polite) took the new words: announced.
    assert region.get_attribute("data-original") == "yes"
    expect(player(page, "Lorenzo Insigne").get_by_role("status")).to_have_text("Saved: 8 out of 10")


def test_a_failed_save_is_visible_and_try_again_sends_the_choice(page_as):
    _, page = open_ballot(page_as, "unlucky-fan", viewport=PHONE)
    page.route("**/rating/", lambda route: route.abort("internetdisconnected"))
    card = player(page, "Victor Osimhen")

    card.get_by_text("6", exact=True).click()

    expect(card.get_by_role("alert")).to_contain_text("Could not save")
    expect(card.get_by_role("radio", name="6", exact=True)).to_be_checked()
    assert saved("unlucky-fan") == {}
    page.unroute("**/rating/")
    card.get_by_role("button", name="Try again").click()
    expect_saved(page, "Victor Osimhen", 6)
    expect(card.get_by_role("alert")).to_be_hidden()
    assert saved("unlucky-fan") == {"Victor Osimhen": 6}


def test_ballot_fits_a_phone_compact_cards_big_buttons_first_player_on_screen(page_as):
    match, page = open_ballot(page_as, "thumb-fan", viewport=PHONE)

    card = player(page, "Alex Meret")
    buttons = card.locator("label")
    expect(buttons).to_have_text([str(score) for score in range(1, 11)])
    sizes = [buttons.nth(i).bounding_box() for i in range(10)]
    assert [(round(b["width"]) >= 44, round(b["height"]) >= 44) for b in sizes] == [
        (True, True)
    ] * 10
    assert card.bounding_box()["height"] <= 120
    # The first screen: the match, "Rate the players" and the first player's card whole.
    assert card.bounding_box()["y"] + card.bounding_box()["height"] <= PHONE["height"]
    expect(page.get_by_text("Key moments")).to_be_visible()
    expect(page.get_by_text("Insigne drives the penalty", exact=False)).to_be_hidden()
    # With JavaScript each tap saves: no save bar covering the cards.
    expect(page.get_by_role("button", name="Save my ratings")).to_be_hidden()
    expect(page.get_by_role("link", name="See how the crowd rated them")).to_have_attribute(
        "href", f"/matches/{match.pk}/results/"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_key_moments_are_open_on_a_desktop(page_as):
    _, page = open_ballot(page_as, "desk-fan", viewport=DESKTOP)

    expect(page.get_by_text("Insigne drives the penalty", exact=False)).to_be_visible()
