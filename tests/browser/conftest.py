"""Playwright fixtures for the browser tests: one Chromium per session, a fresh context per test.

The browser is Debian's Chromium when installed, else Playwright's own (see browsers.py); the
tests fail, never skip, when there is none, so a broken CI image cannot pass silently.
"""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from tests.browser.browsers import launch_chromium
from tests.factories import FAN_PASSWORD

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# A failing wait should fail in seconds, not after Playwright's default 30 s, yet leave room for
# a busy CI machine.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except FileNotFoundError as missing:
            pytest.fail(str(missing), pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    # transactional_db: the live server's thread must see the rows the test makes.
    """Open pages in fresh contexts (own cookies) against the live server: new_page(**options)."""
    contexts = []

    def open_page(**context_options) -> Page:
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def log_in(page: Page, username: str, password: str = FAN_PASSWORD) -> None:
    """Log in through the login form, as a fan would, and come back to the current page."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_label("Username:").fill(username)
    page.get_by_label("Password:").fill(password)
    page.get_by_role("button", name="Log in").click()


def player(page: Page, name: str) -> Locator:
    """A player's rating control: a fieldset whose legend is the player's name."""
    return page.get_by_role("group", name=name, exact=True)


def score_button(page: Page, name: str, score: int) -> Locator:
    """The button a fan presses for a score: the label of a visually hidden radio."""
    return player(page, name).get_by_text(str(score), exact=True)


def score_radio(page: Page, name: str, score: int) -> Locator:
    return player(page, name).get_by_role("radio", name=str(score), exact=True)


def expect_saved(page: Page, name: str, score: int) -> None:
    """Wait for the HTMX save of this player's score to show in his fieldset."""
    expect(player(page, name).get_by_role("status")).to_have_text(f"Saved: {score} out of 10")


def flash(page: Page) -> Locator:
    """The page's flash messages: the status list of messages after a redirect."""
    return page.get_by_role("status").filter(has=page.get_by_role("listitem"))


def progress(page: Page) -> Locator:
    """The ballot's live "rated N of M" line."""
    return page.get_by_role("status").filter(has_text="You have rated")


@pytest.fixture
def page_as(new_page, live_server):
    """A page in a fresh context already logged in as `user` (a session cookie, no form)."""

    def open_page(user, **context_options) -> Page:
        client = Client()
        client.force_login(user)
        page = new_page(**context_options)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return open_page
