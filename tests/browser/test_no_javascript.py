"""Every page works with JavaScript switched off: it shows its content, and its links and forms
do their job by plain navigation and form posts (HTMX only makes them smoother)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from ratings.models import FanRating
from tests.browser.conftest import flash, player
from tests.browser.site import EDITOR, FAN, build_site

pytestmark = pytest.mark.browser

NO_JS = {"java_script_enabled": False}


def test_every_page_shows_its_content_without_javascript(new_page, page_as):
    site = build_site()
    users = get_user_model().objects
    walks = [
        (new_page(**NO_JS), site.anonymous),
        (page_as(users.get(username=FAN), **NO_JS), site.fan),
        (page_as(users.get(username=EDITOR), **NO_JS), site.editor),
    ]
    broken = []

    for page, pages in walks:
        for name, url in pages.items():
            response = page.goto(url)
            expected = 404 if name == "not-found" else 200
            heading = page.get_by_role("heading", level=1)
            if (
                response.status != expected
                or heading.count() == 0
                or not heading.first.is_visible()
            ):
                broken.append((name, response.status))

    assert broken == []


def test_results_sort_and_supporter_switch_by_plain_links(page_as):
    site = build_site()
    # A fan who rated sees every number (no herding), so the sort links are there.
    page = page_as(get_user_model().objects.get(username=FAN), **NO_JS)
    page.goto(site.anonymous["results"])

    page.get_by_role("navigation", name="Whose votes").get_by_role(
        "link", name="Napoli fans"
    ).click()
    expect(page).to_have_url(re.compile(r"[?&]"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Votes \(sort")).first.click()

    expect(page).to_have_url(re.compile(r"sort=votes"))
    expect(page.get_by_role("columnheader", name=re.compile(r"^Votes")).first).to_have_attribute(
        "aria-sort", re.compile("descending|ascending")
    )


def test_a_fan_rates_saves_and_sets_a_club_without_javascript(page_as):
    site = build_site()
    fan = get_user_model().objects.get(username=FAN)
    page = page_as(fan, **NO_JS)
    page.goto(site.fan["ballot"])

    player(page, "Alex Sandro").get_by_text("9", exact=True).click()
    player(page, "Wojciech Szczesny").get_by_text("4", exact=True).click()
    page.get_by_role("button", name="Save my ratings").click()

    expect(flash(page)).to_contain_text("Saved your ratings")
    scores = dict(
        FanRating.objects.filter(fan=fan).values_list("appearance__player__name", "score")
    )
    assert scores["Alex Sandro"] == 9
    assert scores["Wojciech Szczesny"] == 4

    page.goto(site.fan["profile"])
    page.get_by_label("The club you support").select_option(label="Juventus")
    page.get_by_role("button", name="Save my club").click()
    expect(flash(page)).to_have_text("Saved: you support Juventus.")
