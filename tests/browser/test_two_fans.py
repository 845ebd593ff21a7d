"""Two fans in two browsers: the first watches the results while the second rates."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, expect_saved, score_button
from tests.factories import appearance_named, make_fan, make_fan_rating, make_match

pytestmark = pytest.mark.browser


def test_results_count_the_second_fans_vote_by_themselves_keeping_the_scroll(page_as, settings):
    # The live server shares these settings: refresh every second rather than every 30.
    settings.RESULTS_REFRESH_SECONDS = 1
    match = make_match()
    make_fan_rating(appearance_named(match, "Alex Meret"), score=6)
    watcher = page_as(make_fan("watcher"), viewport={"width": 360, "height": 300})
    rater = page_as(make_fan("rater"), viewport=PHONE)
    watcher.goto(reverse("ratings:results", args=[match.pk]))
    expect(watcher.get_by_text("1 fan rated this match.")).to_be_visible()
    watcher.evaluate("window.scrollTo(0, 400)")
    scrolled = watcher.evaluate("window.scrollY")
    assert scrolled > 0
    watcher.evaluate(
        "document.body.dataset.page = 'same'; document.getElementById('results').dataset.old = 'yes'"
    )

    rater.goto(match.get_absolute_url())
    score_button(rater, "Alex Sandro", 8).click()
    expect_saved(rater, "Alex Sandro", 8)

    expect(watcher.get_by_text("2 fans rated this match.")).to_be_attached()
    # Swapped in by the refresh (a new #results in the same page, not a reload); the reader
    # stays where he was.
    assert watcher.evaluate("document.body.dataset.page") == "same"
    assert watcher.evaluate("document.getElementById('results').dataset.old") is None
    assert watcher.evaluate("window.scrollY") == scrolled
