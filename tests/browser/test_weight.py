"""The ballot stays light: under 100 kB transferred in all (compressed), and nothing blocks
rendering but its one stylesheet."""

import gzip

import pytest
from playwright.sync_api import expect

from ratings.management.commands.load_demo import load_demo_match
from tests.browser.conftest import PHONE, progress
from tests.factories import make_fan

pytestmark = pytest.mark.browser


def test_ballot_transfers_under_100_kb_with_one_render_blocking_stylesheet(page_as):
    match = load_demo_match()
    page = page_as(make_fan("light-fan"), viewport=PHONE)
    responses = []
    page.on("response", lambda response: responses.append(response))

    page.goto(match.get_absolute_url())
    expect(progress(page)).to_be_visible()
    page.wait_for_load_state("networkidle")

    # The live server does not compress; production does (WhiteNoise for static files, gzip or
    # brotli at the proxy for pages), so each body is weighed as gzip sends it.
    weights = {
        response.url.removeprefix(page.url.split("/matches/")[0]): len(
            gzip.compress(response.body(), compresslevel=6)
        )
        for response in responses
        if response.status == 200
    }
    kinds = {response.request.resource_type for response in responses}
    blocking = page.evaluate(
        "performance.getEntriesByType('resource')"
        ".filter(entry => entry.renderBlockingStatus === 'blocking').map(entry => entry.name)"
    )
    # No images or fonts to fetch ("other": the favicon and the manifest).
    assert kinds <= {"document", "stylesheet", "script", "other"}, kinds
    assert sum(weights.values()) < 100_000, weights
    assert [url.rsplit("/", 1)[-1] for url in blocking] == ["app.css"]
