"""The editor enters a whole match on the team sheet, by keyboard, and saves once."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from matches.models import Player
from ratings.models import EditorRating
from tests.browser.conftest import PHONE
from tests.desk.sheet_helpers import sheet_url
from tests.factories import (
    FAN_PASSWORD,
    make_bare_match,
    make_editor,
    make_player,
    make_team,
)

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}

NAPOLI = [
    "Alex Meret",
    "Giovanni Di Lorenzo",
    "Amir Rrahmani",
    "Kalidou Koulibaly",
    "Mário Rui",
    "Diego Demme",
    "Fabián Ruiz",
    "Piotr Zieliński",
    "Matteo Politano",
    "Lorenzo Insigne",
    "Victor Osimhen",
    "Eljif Elmas",
    "Hirving Lozano",
]
JUVENTUS = [
    "Wojciech Szczęsny",
    "Danilo",
    "Leonardo Bonucci",
    "Matthijs de Ligt",
    "Alex Sandro",
    "Juan Cuadrado",
    "Rodrigo Bentancur",
    "Adrien Rabiot",
    "Federico Chiesa",
    "Álvaro Morata",
    "Cristiano Ronaldo",
    "Dejan Kulusevski",
]


def open_sheet(page: Page):
    make_editor("sheet-editor")
    napoli, juventus = make_team("Napoli"), make_team("Juventus")
    for name in NAPOLI:
        make_player(name, napoli)
    for name in JUVENTUS:
        make_player(name, juventus)
    match = make_bare_match(home_team=napoli, away_team=juventus, home_score=None, away_score=None)
    page.goto(sheet_url(match))
    page.get_by_label("Username:").fill("sheet-editor")
    page.get_by_label("Password:").fill(FAN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Napoli (home)")).to_be_visible()
    # The sheet's script (deferred) has made the name boxes its own comboboxes: typing now
    # reaches it, even on a machine too busy to have run it when the heading first showed.
    expect(page.locator('input[aria-autocomplete="list"]').first).to_be_attached()
    return match


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement.id")


def tab_to(page: Page, box_id: str, limit: int = 8) -> int:
    """Press Tab until the box has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused_id(page) == box_id:
            return presses
    raise AssertionError(f"{box_id} not reached in {limit} Tabs (at {focused_id(page)})")


def type_row(page: Page, prefix: str, typed: str, rating: str, minute: str = "") -> int:
    """Type a name, pick with Enter, Tab on to the rating (and the minute for a substitute),
    type it; returns the keys pressed beyond the letters typed."""
    assert focused_id(page) == f"id_{prefix}-name"
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    keys = 1
    if minute:
        keys += tab_to(page, f"id_{prefix}-minute_on")
        page.keyboard.type(minute)
    keys += tab_to(page, f"id_{prefix}-rating")
    page.keyboard.type(rating)
    return keys


STARTERS = [
    ("meret", "Alex Meret", "7,5"),
    ("di lor", "Giovanni Di Lorenzo", "6+"),
    ("rrahm", "Amir Rrahmani", "6"),
    ("koulib", "Kalidou Koulibaly", "6.5"),
    ("mario rui", "Mário Rui", "6-"),
    ("demme", "Diego Demme", "6"),
    ("fabian", "Fabián Ruiz", "7"),
    ("zielinski", "Piotr Zieliński", "5,5"),
    ("polit", "Matteo Politano", "6"),
    ("insig", "Lorenzo Insigne", "7"),
    ("osimh", "Victor Osimhen", "N/A"),
]


def test_sheet_a_whole_side_by_keyboard_costs_at_most_8_keys_per_starter(new_page):
    page = new_page(viewport=DESKTOP)
    match = open_sheet(page)
    page.get_by_label("Napoli starter 1: name").focus()

    per_starter = []
    for number, (typed, _, rating) in enumerate(STARTERS):
        prefix = f"home-starters-{number}"
        keys = type_row(page, prefix, typed, rating)
        following = f"home-starters-{number + 1}" if number < 10 else "home-substitutes-0"
        keys += tab_to(page, f"id_{following}-name")
        per_starter.append(keys)
    substitute_keys = type_row(page, "home-substitutes-0", "elmas", "6", minute="63")
    page.keyboard.press("Enter")  # from the rating box: the form's first button, Save

    expect(page.get_by_text("Saved the team sheet: 12 players (0 new).")).to_be_visible()
    assert max(per_starter) <= 8, per_starter
    # Enter, Tab to the rating, Tab to the next name: the man-of-the-match radios are one
    # group, reached once (at its checked choice) and moved through with the arrow keys.
    assert per_starter == [3] * 11
    assert substitute_keys == 3
    saved = {
        r.appearance.player.name: r.written_as
        for r in EditorRating.objects.select_related("appearance__player")
    }
    assert saved == {name: rating for _, name, rating in STARTERS} | {"Eljif Elmas": "6"}
    assert match.appearances.get(player__name="Eljif Elmas").minute_on == 63


def test_sheet_the_name_box_suggests_the_squad_without_accents(new_page):
    page = new_page(viewport=DESKTOP)
    open_sheet(page)
    box = page.get_by_label("Juventus starter 1: name")

    box.press_sequentially("szczes")

    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_text(["Wojciech Szczęsny Juventus"])
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("Enter")
    expect(box).to_have_value("Wojciech Szczęsny")
    expect(page.get_by_role("listbox")).to_be_hidden()


def test_sheet_tables_sit_side_by_side_on_a_desktop_and_stack_on_a_phone(new_page):
    page = new_page(viewport=DESKTOP)
    open_sheet(page)
    phone = new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)

    home, away = (page.locator(f"#sheet-{where}").bounding_box() for where in ("home", "away"))
    phone_home, phone_away = (
        phone.locator(f"#sheet-{where}").bounding_box() for where in ("home", "away")
    )

    assert home["x"] + home["width"] <= away["x"]
    assert home["y"] == away["y"]
    assert phone_home["y"] + phone_home["height"] <= phone_away["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    row = page.locator("#row-home-starters-0").bounding_box()
    assert row["height"] <= 40


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_sheet_has_no_axe_violations(new_page, viewport):
    page = new_page(viewport=viewport)
    open_sheet(page)
    page.get_by_label("Napoli starter 1: name").press_sequentially("mer")
    expect(page.get_by_role("listbox")).to_be_visible()

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


def test_sheet_errors_have_no_axe_violations(new_page):
    page = new_page(viewport=DESKTOP)
    open_sheet(page)
    page.get_by_label("Napoli substitute 1: name").fill("Elmas")
    page.get_by_label("Napoli substitute 1: rating").fill("11")
    page.get_by_role("button", name="Save the team sheet").first.click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Napoli substitute 1 (Elmas): rating 11 is out of range (0 to 10)."
    )
    expect(page.get_by_role("alert")).to_be_focused()

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


def test_sheet_browser_stops_an_out_of_range_minute(new_page):
    page = new_page(viewport=DESKTOP)
    match = open_sheet(page)
    page.get_by_label("Napoli substitute 1: name").fill("Elmas")
    page.get_by_label("Napoli substitute 1: minute on").fill("200")

    page.get_by_role("button", name="Save the team sheet").first.click()

    minute = page.get_by_label("Napoli substitute 1: minute on")
    assert minute.evaluate("box => box.validity.rangeOverflow")
    assert "/team-sheet/" in page.url
    assert match.appearances.count() == 0


def test_sheet_a_whole_match_by_hand_with_one_save_shows_on_the_results(new_page):
    page = new_page(viewport=DESKTOP)
    match = open_sheet(page)
    home = [("Meret", "6"), ("Di Lorenzo", "6,5"), ("Koulibaly", "6.5"), ("Zielinski", "6+")]
    away = [("Szczesny", "6-"), ("Danilo", "N/A"), ("Chiesa", "7")]

    for number, (name, rating) in enumerate(home):
        page.get_by_label(f"Napoli starter {number + 1}: name").fill(name)
        page.get_by_label(f"Napoli starter {number + 1}: rating").fill(rating)
    for number, (name, rating) in enumerate(away):
        page.get_by_label(f"Juventus starter {number + 1}: name").fill(name)
        page.get_by_label(f"Juventus starter {number + 1}: rating").fill(rating)
    page.get_by_label("Napoli substitute 1: name").fill("Elmas")
    page.get_by_label("Napoli substitute 1: minute on").fill("63")
    page.get_by_label("Napoli substitute 1: rating").fill("5,5")
    new_name = page.get_by_label("Juventus substitute 1: name")
    new_name.fill("Arthur Melo")
    new_name.press("Tab")  # leaving the box asks: not in the squad, a new player?
    page.get_by_label("Juventus substitute 1: new Juventus player").check()
    page.get_by_label("Juventus substitute 1: minute on").fill("70")
    page.get_by_label("Juventus substitute 1: rating").fill("5")
    page.get_by_label("Man of the match: Napoli starter 4").check()
    page.get_by_label("Napoli goals").fill("1")
    page.get_by_label("Juventus goals").fill("0")
    # A closed window: the results show the editor's marks to everyone.
    page.get_by_label("Fan rating opens").fill("2021-02-13T18:00")
    page.get_by_label("Fan rating closes").fill("2021-02-16T18:00")
    page.get_by_label("Key moment 1: minute").fill("31")
    page.get_by_label("Key moment 1: kind").select_option("Penalty")
    page.get_by_label("Key moment 1: what").fill("Insigne scores from the spot.")
    page.get_by_role("button", name="Save the team sheet").last.click()

    expect(page.get_by_text("Saved the team sheet: 9 players (1 new).")).to_be_visible()
    assert Player.objects.get(name="Arthur Melo").team == match.away_team
    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (1, 0)
    page.get_by_role("link", name="Results page").click()
    expect(page.get_by_text("Piotr Zieliński (Napoli)")).to_be_visible()
    for name, shown in [
        ("Alex Meret", "6"),
        ("Giovanni Di Lorenzo", "6.5"),
        ("Kalidou Koulibaly", "6.5"),
        ("Piotr Zieliński", "6.25"),
        ("Wojciech Szczęsny", "5.75"),
        ("Danilo", "not rated (N/A)"),
        ("Federico Chiesa", "7"),
        ("Eljif Elmas", "5.5"),
        ("Arthur Melo", "5"),
    ]:
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))
        expect(row.get_by_text(shown, exact=True)).to_be_visible()
    assert list(match.events.values_list("minute", "kind", "description")) == [
        (31, "penalty", "Insigne scores from the spot.")
    ]
    page.get_by_role("link", name="Rate the players").click()
    expect(page.get_by_text("Insigne scores from the spot.")).to_be_attached()
