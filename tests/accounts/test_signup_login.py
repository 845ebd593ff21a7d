import re
import threading
from html import unescape

import pytest
from django.contrib.auth import get_user, get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import FAN_PASSWORD, make_fan

User = get_user_model()


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def messages_shown(html: str) -> list[str]:
    return [
        text(found) for found in re.findall(r'<li class="message [^"]+">(.*?)</li>', html, re.S)
    ]


def signup_data(**overrides) -> dict[str, str]:
    return {
        "username": "newfan",
        "email": "newfan@example.org",
        "password1": FAN_PASSWORD,
        "password2": FAN_PASSWORD,
        **overrides,
    }


# --- Sign-up -------------------------------------------------------------------------------


def test_signup_page_asks_for_username_email_and_password(client, db):
    response = client.get(reverse("accounts:signup"))

    content = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<input type="(?:text|email|password)" name="([^"]+)"', content) == [
        "username",
        "email",
        "password1",
        "password2",
    ]
    # The password rules in one short line, not the validators' list.
    assert "At least 8 characters, not too common, not all digits" in content
    assert "<ul>" not in content.split('name="password1"')[1].split("</div>")[0]


def test_signup_creates_the_user_logs_in_and_redirects(client, db):
    response = client.post(reverse("accounts:signup"), signup_data(), follow=True)

    user = User.objects.get()
    assert response.redirect_chain == [("/", 302)]
    assert (user.username, user.email) == ("newfan", "newfan@example.org")
    assert get_user(client) == user
    assert messages_shown(response.content.decode()) == [
        "Welcome, newfan. Pick a match and rate the players."
    ]


def test_signup_honours_a_safe_next(client, db):
    response = client.post(reverse("accounts:signup"), signup_data(next="/matches/1/"))

    assert response.status_code == 302
    assert response["Location"] == "/matches/1/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_signup_ignores_an_external_next(client, db, next_url):
    response = client.post(reverse("accounts:signup"), signup_data(next=next_url))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert User.objects.count() == 1


TAKEN = "That username is taken (or looks the same as one that is). Please choose another."


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"password2": "a-different-password-1871"}, "The two password fields didn’t match."),
        ({"password1": "password", "password2": "password"}, "This password is too common."),
        ({"password1": "12345678901", "password2": "12345678901"}, "entirely numeric"),
        ({"username": "fan"}, TAKEN),
        ({"username": "FAN"}, TAKEN),
        ({"username": "f\u0430n"}, TAKEN),  # a Cyrillic a
        ({"username": "\uff46\uff41\uff4e"}, TAKEN),  # full-width letters
        ({"username": ""}, "This field is required."),
        ({"email": ""}, "This field is required."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"email": "FAN@Example.org"}, "An account with this email address already exists."),
    ],
    ids=[
        "mismatch",
        "common",
        "numeric",
        "taken",
        "taken-other-case",
        "cyrillic-look-alike",
        "full-width",
        "no-username",
        "no-email",
        "bad-email",
        "email-other-case",
    ],
)
def test_signup_invalid_shows_errors_and_creates_no_user(client, db, overrides, error):
    make_fan("fan", email="fan@example.org")

    response = client.post(reverse("accounts:signup"), signup_data(**overrides))

    assert response.status_code == 200
    assert error in unescape(response.content.decode())
    assert list(User.objects.values_list("username", flat=True)) == ["fan"]
    assert get_user(client).is_authenticated is False


def test_look_alike_usernames_cannot_exist_even_past_the_form(db):
    from django.db import IntegrityError, transaction

    make_fan("meret")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="m\u0435ret", password=FAN_PASSWORD)  # Cyrillic e


def test_signup_refuses_put(client, db):
    assert client.put(reverse("accounts:signup")).status_code == 405


def test_signups_from_one_address_are_throttled(client, db, settings):
    settings.SIGNUP_RATE = "3/d"
    for number in range(3):
        client.post(
            reverse("accounts:signup"),
            signup_data(username=f"fan{number}", email=f"fan{number}@example.org"),
        )
        client.post(reverse("accounts:logout"))

    response = client.post(
        reverse("accounts:signup"), signup_data(username="fan9", email="fan9@example.org")
    )

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many sign-ups from this address." in text(response.content.decode())
    assert "try again in" in text(response.content.decode())
    assert User.objects.count() == 3


def test_signup_throttle_counts_per_address(client, db, settings):
    settings.SIGNUP_RATE = "1/d"
    client.post(reverse("accounts:signup"), signup_data(), REMOTE_ADDR="10.0.0.1")

    other = Client(REMOTE_ADDR="10.0.0.2").post(
        reverse("accounts:signup"), signup_data(username="second", email="second@example.org")
    )

    assert other.status_code == 302
    assert User.objects.count() == 2


# --- Log-in, log-out and lock-out ------------------------------------------------------------


def test_login_page_renders_with_next_and_reset_link(client, db):
    response = client.get(reverse("accounts:login"), {"next": "/matches/1/"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Log in</h1>" in content
    assert '<input type="hidden" name="next" value="/matches/1/">' in content
    assert reverse("accounts:password_reset") in content


def test_login_with_right_password_goes_to_next(client, db):
    fan = make_fan("fan")

    response = client.post(
        reverse("accounts:login"),
        {"username": "fan", "password": FAN_PASSWORD, "next": "/matches/1/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/matches/1/"
    assert get_user(client) == fan


def test_login_accepts_the_username_in_any_case(client, db):
    fan = make_fan("Ciro")

    client.post(reverse("accounts:login"), {"username": "ciro", "password": FAN_PASSWORD})

    assert get_user(client) == fan


def test_login_with_wrong_password_shows_an_error(client, db):
    make_fan("fan")

    response = client.post(reverse("accounts:login"), {"username": "fan", "password": "wrong"})

    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert get_user(client).is_authenticated is False


def test_repeated_wrong_passwords_lock_the_account(client, db, settings):
    make_fan("fan")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "fan", "password": "wrong"})

    # Even the right password, from another address, is refused while locked.
    response = Client(REMOTE_ADDR="10.9.9.9").post(
        reverse("accounts:login"), {"username": "fan", "password": FAN_PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many failed log-ins" in text(response.content.decode())
    assert "try again in 15 minutes" in text(response.content.decode())


def test_repeated_failures_from_one_address_lock_the_address(client, db, settings):
    make_fan("victim")
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": f"guess{number}", "password": "x"})

    response = client.post(
        reverse("accounts:login"), {"username": "victim", "password": FAN_PASSWORD}
    )

    assert response.status_code == 429


def test_a_successful_login_clears_the_failures(client, db, settings):
    make_fan("fan")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:login"), {"username": "fan", "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": "fan", "password": FAN_PASSWORD})
    client.post(reverse("accounts:logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:login"), {"username": "fan", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "fan", "password": FAN_PASSWORD})

    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_logins_still_lock_the_account(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's concurrency")
    make_fan("fan")
    barrier = threading.Barrier(8)

    def guess(number: int) -> None:
        try:
            barrier.wait()
            for _ in range(3):
                Client(REMOTE_ADDR=f"10.1.0.{number}").post(
                    reverse("accounts:login"), {"username": "fan", "password": "wrong"}
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    response = Client(REMOTE_ADDR="10.2.0.1").post(
        reverse("accounts:login"), {"username": "fan", "password": FAN_PASSWORD}
    )
    assert response.status_code == 429


def test_logout_by_post_logs_out(client, db):
    client.force_login(make_fan("fan"))

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert get_user(client).is_authenticated is False


def test_logout_refuses_get(client, db):
    client.force_login(make_fan("fan"))

    assert client.get(reverse("accounts:logout")).status_code == 405


def test_a_name_taken_between_validation_and_save_is_an_error_not_a_500(client, db):
    from accounts.forms import SignUpForm
    from accounts.views import _save_new_fan

    form = SignUpForm(signup_data())
    assert form.is_valid()
    make_fan("NEWFAN")  # another sign-up wins the race

    assert _save_new_fan(form) is None
    assert "has just been taken" in str(form.non_field_errors())
    assert User.objects.count() == 1
