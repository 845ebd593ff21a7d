"""A fan's whole account, in a real browser: sign up, forget the password, reset it from the
email's link, set a club, download their data, and leave."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import FAN_PASSWORD, make_match

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-fresh-password-for-the-terrace"


def test_a_fan_signs_up_resets_the_password_sets_a_club_downloads_and_leaves(page):
    make_match()
    mail.outbox.clear()

    page.goto("/accounts/signup/")
    page.get_by_label("Username:").fill("curva-b")
    page.get_by_label("Email:").fill("curva-b@example.org")
    page.get_by_label("Password:", exact=True).fill(FAN_PASSWORD)
    page.get_by_label("Password confirmation:").fill(FAN_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome, curva-b.")
    page.get_by_role("button", name="Log out").click()

    # Forgotten the password: ask for a link and follow it from the email.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email:").fill("curva-b@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_label("New password:").fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation:").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()

    page.goto("/")
    log_in(page, "curva-b", NEW_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    page.get_by_label("The club you support").select_option(label="Napoli")
    page.get_by_role("button", name="Save my club").click()
    expect(page.get_by_role("status")).to_have_text("Saved: you support Napoli.")
    assert get_user_model().objects.get(username="curva-b").club.name == "Napoli"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(download_info.value.path().read_text(encoding="utf-8"))
    assert data["account"]["username"] == "curva-b"
    assert data["account"]["club"] == "Napoli"
    assert data["ratings"] == []

    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Type your username to confirm").fill("curva-b")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("status")).to_contain_text("Your account has been deleted.")
    assert not get_user_model().objects.filter(username="curva-b").exists()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    ).to_be_visible()
