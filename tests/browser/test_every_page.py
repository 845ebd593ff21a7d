"""Every page, at 360 px and 1280 px, light and dark: axe-core finds no violations and nothing
scrolls sideways on a phone. One walk of the site per size and scheme keeps it quick."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from tests.browser.conftest import DESKTOP, PHONE, expect_saved, score_button
from tests.browser.site import EDITOR, FAN, build_site

pytestmark = pytest.mark.browser

AXE = Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_every_page_is_axe_clean_and_never_scrolls_sideways(new_page, page_as, viewport, scheme):
    site = build_site()
    users = get_user_model().objects
    walks = [
        (new_page(viewport=viewport, color_scheme=scheme), site.anonymous),
        (page_as(users.get(username=FAN), viewport=viewport, color_scheme=scheme), site.fan),
        (page_as(users.get(username=EDITOR), viewport=viewport, color_scheme=scheme), site.editor),
    ]
    violations, reports, sideways = {}, [], []

    for page, pages in walks:
        for name, url in pages.items():
            page.goto(url)
            if name == "ballot":
                # With a save's status and the live progress line on the page.
                score_button(page, "Alex Sandro", 7).click()
                expect_saved(page, "Alex Sandro", 7)
            results = AXE.run(page)
            violations[name] = sorted(v["id"] for v in results.response["violations"])
            if results.violations_count:
                reports.append(f"{name}:\n{results.generate_report()}")
            if viewport is PHONE and page.evaluate(
                "document.documentElement.scrollWidth > window.innerWidth"
            ):
                sideways.append(name)

    assert violations == dict.fromkeys(violations, []), "\n".join(reports)
    assert sideways == []
