"""The Content-Security-Policy holds in a real browser: no page, the admin included, trips it.

Every page is opened with a listener for `securitypolicyviolation` installed before any of
its own code runs; an inline style (htmx's indicator styles, a style="" attribute), an inline
script or a script from elsewhere would each be reported there, and the test fails on any.
"""

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from tests.browser.conftest import expect_saved, log_in, score_button
from tests.factories import (
    FAN_PASSWORD,
    appearance_named,
    make_editor,
    make_fan,
    make_fan_rating,
    make_match,
)

pytestmark = pytest.mark.browser

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${location.pathname}`
  );
});
"""


def _violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def _urls(names: list[tuple]) -> list[str]:
    urls = []
    for name, *args in names:
        try:
            urls.append(reverse(name, args=args))
        except NoReverseMatch:  # a page another part of the app has not added yet
            continue
    return urls


def _visit_all(page, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response.status < 500, url
        page.wait_for_load_state("networkidle")
        found[url] = _violations(page)
    return found


def test_public_and_fan_pages_trip_no_content_security_policy(new_page):
    match = make_match()
    make_fan_rating(appearance_named(match, "Alex Meret"), score=7)
    fan = make_fan("csp-fan")
    page = new_page()
    page.context.add_init_script(LISTEN)
    public = _urls(
        [
            ("matches:list",),
            ("ratings:ballot", match.pk),
            ("ratings:results", match.pk),
            ("ratings:player", appearance_named(match, "Alex Meret").player_id),
            ("ratings:season", match.competition_id),
            ("accounts:signup",),
            ("accounts:login",),
            ("accounts:password_reset",),
        ]
    ) + ["/no-such-page/"]

    anonymous = _visit_all(page, public)
    page.goto(reverse("ratings:ballot", args=[match.pk]))
    log_in(page, fan.username)
    score_button(page, "Alex Meret", 8).click()
    expect_saved(page, "Alex Meret", 8)
    after_save = _violations(page)
    logged_in = _visit_all(
        page, _urls([("accounts:profile",), ("accounts:password_change",), ("accounts:delete",)])
    )

    assert anonymous == dict.fromkeys(public, [])
    assert after_save == []
    assert logged_in == dict.fromkeys(logged_in, [])


def test_the_editors_desk_trips_no_content_security_policy(new_page):
    match = make_match()
    editor = make_editor()
    page = new_page()
    page.context.add_init_script(LISTEN)
    page.goto(reverse("admin:login"))
    page.get_by_label("Username:").fill(editor.username)
    page.get_by_label("Password:").fill(FAN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("heading", name="Matches, line-ups and official ratings")
    ).to_be_visible()
    urls = _urls(
        [
            ("admin:index",),
            ("admin:matches_match_changelist",),
            ("admin:matches_match_add",),
            ("admin:matches_match_change", match.pk),
            ("admin:matches_match_import", match.pk),
            ("admin:matches_match_import_new",),
            ("admin:matches_match_team_sheet", match.pk),
            ("admin:matches_player_changelist",),
            ("admin:matches_team_changelist",),
            ("admin:matches_competition_add",),
        ]
    )

    found = _visit_all(page, urls)

    assert found == dict.fromkeys(urls, [])
