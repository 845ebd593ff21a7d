"""The results story in Chromium: sort and supporter switch swapped in place, the no-herding
reveal after rating, a live refresh that keeps scroll and focus, phones, and the embed framed
by a page of another origin."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from matches.models import Match
from ratings.models import rate_players
from tests.browser.conftest import DESKTOP, PHONE, expect_saved, score_button
from tests.factories import (
    appearance_named,
    make_ballots,
    make_closed_match,
    make_fan,
    make_fan_rating,
    make_match,
)

pytestmark = pytest.mark.browser


def results_url(match, query: str = "") -> str:
    return reverse("ratings:results", args=[match.pk]) + query


def team_table(page: Page, team: str):
    return page.get_by_role("table", name=f"{team}: ", exact=False).first


def first_player(page: Page, team: str) -> str:
    return team_table(page, team).get_by_role("rowheader").first.inner_text()


def mark_page(page: Page) -> None:
    """A marker that a full page load would wipe out: proves a swap happened in place."""
    page.evaluate("window.stillTheSamePage = true")


def expect_same_page(page: Page) -> None:
    assert page.evaluate("window.stillTheSamePage === true")


def test_sort_swaps_the_table_in_place_and_keeps_focus(new_page, settings, db):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    match = make_closed_match()
    make_ballots(match, {"Alex Meret": [7], "Stanislav Lobotka": [10]})
    page = new_page()
    page.goto(results_url(match))
    assert first_player(page, "Napoli") == "Alex Meret"
    mark_page(page)

    team_table(page, "Napoli").get_by_role("link", name="Crowd (sort highest first)").click()

    expect(page).to_have_url(f"{page.url.split('?')[0]}?sort=crowd")
    expect(team_table(page, "Napoli").get_by_role("rowheader").first).to_have_text(
        "Stanislav Lobotka sub"
    )
    expect(
        team_table(page, "Napoli").get_by_role("link", name="Crowd (sorted highest first)")
    ).to_be_focused()
    expect_same_page(page)


def test_supporter_switch_shows_each_group(new_page, settings, db):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    settings.PROVISIONAL_VOTES = 1
    match = make_closed_match()
    szczesny = appearance_named(match, "Wojciech Szczesny")
    for club, scores in ((match.home_team, [3, 4]), (match.away_team, [8, 9])):
        for score in scores:
            make_fan_rating(szczesny, make_fan(club=club), score)
    page = new_page()
    page.goto(results_url(match))
    row = team_table(page, "Juventus").get_by_role("row", name="Wojciech Szczesny")
    expect(row.get_by_role("cell").first).to_have_text("6.0")
    mark_page(page)

    page.get_by_role("navigation", name="Whose votes").get_by_role(
        "link", name="Juventus fans"
    ).click()

    expect(page).to_have_url(f"{page.url.split('?')[0]}?fans=away")
    expect(row.get_by_role("cell").first).to_have_text("8.5")

    page.get_by_role("navigation", name="Whose votes").get_by_role(
        "link", name="Side by side"
    ).click()

    # "Juventus fans gave Szczesny 8.5, Napoli fans 3.5", side by side.
    expect(row.get_by_role("cell")).to_have_text(["6", "3.5 (2)", "8.5 (2)", "–", "4"])
    expect_same_page(page)


def test_marks_are_revealed_after_the_fan_rates(page_as, db):
    match = make_match()
    make_ballots(match, {"Alex Meret": [9, 9, 8]})
    fan = make_fan("reveal-fan")
    page = page_as(fan)
    page.goto(results_url(match))
    expect(page.get_by_role("heading", name="The marks are hidden until you rate")).to_be_visible()
    expect(
        page.get_by_role("heading", name="How close the crowd came to the editor")
    ).to_have_count(0)

    page.get_by_role("link", name="Rate the players").first.click()
    score_button(page, "Alex Meret", 7).click()
    expect_saved(page, "Alex Meret", 7)
    page.get_by_role("link", name="Crowd v editor").click()

    expect(
        page.get_by_role("heading", name="How close the crowd came to the editor")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="The marks are hidden until you rate")).to_have_count(0)
    meret = team_table(page, "Napoli").get_by_role("row", name="Alex Meret")
    # 9, 9, 8 and the fan's 7.
    expect(meret.get_by_role("cell").first).to_have_text("8.3† (provisional: fewer than 10 votes)")


def test_live_refresh_keeps_sideways_scroll_and_focus(page_as, settings, db):
    settings.RESULTS_REFRESH_SECONDS = 1
    match = make_match()
    meret = appearance_named(match, "Alex Meret")
    fan = make_fan("reader")
    make_fan_rating(meret, fan, 8)
    page = page_as(fan, viewport={"width": 660, "height": 800})
    page.goto(results_url(match))
    region = page.get_by_role("region", name="Napoli: ", exact=False)
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table must scroll"
    # Focus a link in the table, then scroll the table sideways (focusing scrolls it into view).
    page.get_by_role("link", name="Alex Meret").focus()
    scrolled = region.evaluate("el => { el.scrollLeft = 90; return el.scrollLeft; }")
    assert scrolled > 0
    votes = (
        team_table(page, "Napoli").get_by_role("row", name="Alex Meret").get_by_role("cell").nth(3)
    )
    expect(votes).to_have_text("1")

    # Another fan votes; the next refresh brings the new count.
    rate_players(fan=make_fan(), match=match, scores={meret: 6})

    expect(votes).to_have_text("2")
    assert region.evaluate("el => el.scrollLeft") == scrolled
    expect(page.get_by_role("link", name="Alex Meret")).to_be_focused()


@pytest.fixture
def demo_season(db):
    call_command("load_demo", fans=6, stdout=None)
    seed = Match.objects.get(demo_match__isnull=True)
    fan = make_fan("phone-fan")
    make_fan_rating(appearance_named(seed, "Alex Meret"), fan, 8)
    return seed, fan


def test_results_player_and_season_pages_fit_a_phone(page_as, demo_season):
    seed, fan = demo_season
    meret = appearance_named(seed, "Alex Meret")
    pages = {
        "results": results_url(seed),
        "results sorted": results_url(seed, "?sort=difference"),
        "results side by side": results_url(seed, "?fans=split"),
        "results Juventus fans": results_url(seed, "?fans=away"),
        "player": meret.player.get_absolute_url(),
        "season": reverse("ratings:season", args=[seed.competition_id]),
        "season, everyone": reverse("ratings:season", args=[seed.competition_id]) + "?min=0",
        "embed": reverse("ratings:embed", args=[seed.pk]),
    }
    page = page_as(fan, viewport=PHONE)
    widths = {}

    for name, url in pages.items():
        page.goto(url)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")

    assert widths == dict.fromkeys(pages, 360)


def test_results_on_a_phone_show_name_crowd_editor_and_gap_without_scrolling(page_as, demo_season):
    seed, fan = demo_season
    page = page_as(fan, viewport=PHONE)
    page.goto(results_url(seed))

    row = team_table(page, "Napoli").get_by_role("row", name="Alex Meret")
    boxes = [row.get_by_role("rowheader").bounding_box()] + [
        row.get_by_role("cell").nth(n).bounding_box() for n in range(3)
    ]

    assert [round(box["x"] + box["width"]) <= 360 for box in boxes] == [True] * 4
    expect(row.get_by_role("cell").nth(2)).to_contain_text("crowd")


class _Publisher(BaseHTTPRequestHandler):
    """A publisher's article page with our embed (and, wrongly, our results page) in iframes."""

    html = b""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.html)

    def log_message(self, *args):
        pass


@pytest.fixture
def publisher():
    """A tiny web server on another origin (localhost or 127.0.0.2, never the live server's
    127.0.0.1); yields (serve(html), port)."""
    server = ThreadingHTTPServer(("", 0), _Publisher)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html: str) -> None:
        _Publisher.html = html.encode()

    yield serve, server.server_address[1]
    server.shutdown()
    server.server_close()


def test_embed_shows_inside_an_allowed_publishers_page(new_page, live_server, settings, publisher):
    serve, port = publisher
    settings.EMBED_ALLOWED_ORIGINS = [f"http://localhost:{port}"]
    settings.CROWD_MOTM_MIN_VOTES = 1
    match = make_closed_match()
    make_ballots(match, {"Alex Meret": [9], "Wojciech Szczesny": [4]})
    embed = live_server.url + reverse("ratings:embed", args=[match.pk])
    results = live_server.url + results_url(match)
    serve(
        "<!DOCTYPE html><html lang='en'><title>Publisher</title><h1>Our ratings</h1>"
        f"<iframe title='Terrace card' src='{embed}' width='400' height='500'></iframe>"
        f"<iframe title='Terrace page' src='{results}' width='400' height='500'></iframe>"
    )
    page = new_page()

    page.goto(f"http://localhost:{port}/article")

    card = page.frame_locator("iframe[title='Terrace card']")
    expect(
        card.get_by_role("heading", name="Napoli 1-0 Juventus: the crowd v the editor")
    ).to_be_visible()
    expect(card.get_by_text("Alex Meret, 9.0 from 1 vote")).to_be_visible()
    # Every other page refuses to be framed (frame-ancestors 'none', X-Frame-Options DENY).
    page.wait_for_load_state("load")
    framed = page.frame_locator("iframe[title='Terrace page']")
    expect(framed.locator("#results")).to_have_count(0)


def test_embed_refuses_a_publisher_not_on_the_list(new_page, live_server, settings, publisher):
    serve, port = publisher
    settings.EMBED_ALLOWED_ORIGINS = [f"http://localhost:{port}"]
    match = make_closed_match()
    embed = live_server.url + reverse("ratings:embed", args=[match.pk])
    serve(
        "<!DOCTYPE html><html lang='en'><title>Publisher</title>"
        f"<iframe title='Terrace card' src='{embed}'></iframe>"
    )
    page = new_page()

    page.goto(f"http://127.0.0.2:{port}/article")

    page.wait_for_load_state("load")
    expect(page.frame_locator("iframe[title='Terrace card']").locator("#embed-card")).to_have_count(
        0
    )


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [(PHONE, "light"), (DESKTOP, "dark")],
    ids=["360px-light", "1280px-dark"],
)
def test_story_pages_with_every_mark_shown_are_axe_clean(page_as, demo_season, viewport, scheme):
    from axe_playwright_python.sync_playwright import Axe

    seed, fan = demo_season
    run_match = Match.objects.filter(demo_match__isnull=False).order_by("kickoff").first()
    pages = {
        "results": results_url(seed),
        "results side by side": results_url(seed, "?fans=split&sort=crowd"),
        "demo run results": results_url(run_match),
        "player": appearance_named(seed, "Alex Meret").player.get_absolute_url(),
        "season": reverse("ratings:season", args=[seed.competition_id]),
        "embed": reverse("ratings:embed", args=[run_match.pk]),
    }
    page = page_as(fan, viewport=viewport, color_scheme=scheme)
    axe = Axe()
    violations, reports = {}, []

    for name, url in pages.items():
        page.goto(url)
        result = axe.run(page)
        violations[name] = sorted(v["id"] for v in result.response["violations"])
        if result.violations_count:
            reports.append(f"{name}:\n{result.generate_report()}")

    assert violations == dict.fromkeys(pages, []), "\n".join(reports)
