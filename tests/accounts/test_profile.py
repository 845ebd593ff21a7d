import json
import re
from html import unescape

import pytest
from django.contrib.auth import get_user, get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ratings.models import FanRating, match_lines, rate_players
from tests.factories import (
    FAN_PASSWORD,
    appearance_named,
    make_closed_match,
    make_fan,
    make_match,
    make_team,
)

User = get_user_model()


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


# --- Password reset ------------------------------------------------------------------------


def reset_link(message) -> str:
    return re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db):
    make_fan("fan", email="fan@example.org")

    response = client.post(reverse("accounts:password_reset"), {"email": "FAN@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fan@example.org"]
    assert mail.outbox[0].subject == "Reset your Terrace password"

    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-password-42", "new_password2": "a-brand-new-password-42"},
    )
    assert done.status_code == 302
    login = client.post(
        reverse("accounts:login"), {"username": "fan", "password": "a-brand-new-password-42"}
    )
    assert login.status_code == 302


def test_password_reset_never_says_whether_an_address_exists(client, db):
    make_fan("fan", email="fan@example.org")

    known = client.post(reverse("accounts:password_reset"), {"email": "fan@example.org"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    done = client.get(known["Location"])
    assert "If an account uses that address" in text(done.content.decode())


def test_a_used_reset_link_no_longer_works(client, db):
    make_fan("fan", email="fan@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "fan@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    new = {"new_password1": "another-password-1871", "new_password2": "another-password-1871"}
    client.post(form_page.redirect_chain[-1][0], new)

    again = client.get(reset_link(mail.outbox[0]), follow=True)

    assert "This link no longer works" in text(again.content.decode())


def test_password_reset_is_throttled_per_email(client, db, settings):
    settings.PASSWORD_RESET_RATE = "2/d"
    make_fan("fan", email="fan@example.org")
    for number in range(2):
        client.post(
            reverse("accounts:password_reset"),
            {"email": "fan@example.org"},
            REMOTE_ADDR=f"10.0.0.{number + 1}",
        )

    response = client.post(
        reverse("accounts:password_reset"), {"email": "Fan@Example.org"}, REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 429
    assert "Too many password-reset requests." in text(response.content.decode())
    assert len(mail.outbox) == 2


def test_password_reset_is_throttled_per_address(client, db, settings):
    settings.PASSWORD_RESET_RATE = "2/d"
    for number in range(2):
        client.post(reverse("accounts:password_reset"), {"email": f"x{number}@example.org"})

    response = client.post(reverse("accounts:password_reset"), {"email": "y@example.org"})

    assert response.status_code == 429


def test_password_change(client, db):
    fan = make_fan("fan")
    client.force_login(fan)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": FAN_PASSWORD,
            "new_password1": "changed-password-1926",
            "new_password2": "changed-password-1926",
        },
    )

    assert response.status_code == 302
    fan.refresh_from_db()
    assert fan.check_password("changed-password-1926")


# --- Profile -------------------------------------------------------------------------------


def test_profile_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_sets_changes_and_clears_the_club(client, db):
    napoli, juventus = make_team("Napoli"), make_team("Juventus")
    fan = make_fan("fan")
    client.force_login(fan)

    page = client.get(reverse("accounts:profile"))
    assert "The club you support" in page.content.decode()

    client.post(reverse("accounts:profile"), {"club": napoli.pk})
    fan.refresh_from_db()
    assert fan.club == napoli

    response = client.post(reverse("accounts:profile"), {"club": juventus.pk}, follow=True)
    fan.refresh_from_db()
    assert fan.club == juventus
    assert "Saved: you support Juventus." in text(response.content.decode())

    client.post(reverse("accounts:profile"), {"club": ""})
    fan.refresh_from_db()
    assert fan.club is None


def test_profile_refuses_an_unknown_club(client, db):
    fan = make_fan("fan")
    client.force_login(fan)

    response = client.post(reverse("accounts:profile"), {"club": "99999"})

    assert response.status_code == 200
    assert "Select a valid choice" in text(response.content.decode())
    fan.refresh_from_db()
    assert fan.club is None


def test_profile_changes_the_email_with_the_password(client, db):
    fan = make_fan("fan", email="old@example.org")
    client.force_login(fan)

    wrong = client.post(
        reverse("accounts:profile"), {"email": "new@example.org", "password": "nope"}
    )
    fan.refresh_from_db()
    assert "That is not your password." in text(wrong.content.decode())
    assert fan.email == "old@example.org"

    client.post(reverse("accounts:profile"), {"email": "new@example.org", "password": FAN_PASSWORD})
    fan.refresh_from_db()
    assert fan.email == "new@example.org"


def test_profile_refuses_an_email_another_account_uses(client, db):
    make_fan("other", email="taken@example.org")
    fan = make_fan("fan", email="mine@example.org")
    client.force_login(fan)

    response = client.post(
        reverse("accounts:profile"), {"email": "TAKEN@example.org", "password": FAN_PASSWORD}
    )

    assert "already exists" in text(response.content.decode())
    fan.refresh_from_db()
    assert fan.email == "mine@example.org"


# --- Download my data ------------------------------------------------------------------------


def test_download_my_data_has_the_account_and_every_rating(client, db):
    match = make_match()
    fan = make_fan("fan", email="fan@example.org", club=match.home_team)
    rate_players(
        fan=fan,
        match=match,
        scores={
            appearance_named(match, "Alex Meret"): 8,
            appearance_named(match, "Alex Sandro"): 5,
        },
    )
    make_fan("someone-else")
    client.force_login(fan)

    response = client.get(reverse("accounts:download_data"))

    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert data["account"]["username"] == "fan"
    assert data["account"]["email"] == "fan@example.org"
    assert data["account"]["club"] == "Napoli"
    assert sorted((r["player"], r["team"], r["score"]) for r in data["ratings"]) == [
        ("Alex Meret", "Napoli", 8),
        ("Alex Sandro", "Juventus", 5),
    ]
    assert all(r["match_id"] == match.pk and r["rated_at"] for r in data["ratings"])


def test_download_my_data_needs_a_login(client, db):
    assert client.get(reverse("accounts:download_data")).status_code == 302


# --- Delete my account ---------------------------------------------------------------------


def crowd(match) -> list[tuple[str, int, str]]:
    """What the results page shows per player: name, votes and the crowd mean."""
    return [(line.name, line.tally.votes, str(line.tally.mean)) for line in match_lines(match)]


def test_delete_account_needs_the_username_typed(client, db):
    fan = make_fan("fan")
    client.force_login(fan)

    response = client.post(reverse("accounts:delete"), {"confirm": "fa"})

    assert response.status_code == 200
    assert "That is not your username" in text(response.content.decode())
    assert User.objects.filter(pk=fan.pk).exists()


def test_delete_account_keeps_closed_votes_anonymous_and_drops_open_ones(client, db):
    open_match = make_match()
    closed_match = make_closed_match(home="Roma", away="Lazio")
    leaving = make_fan("leaving", email="leaving@example.org", club=open_match.home_team)
    staying = make_fan("staying")
    for fan, score in ((leaving, 9), (staying, 5)):
        rate_players(
            fan=fan, match=open_match, scores={appearance_named(open_match, "Alex Meret"): score}
        )
        # The closed match's votes were cast while it was open.
        rate_players(
            fan=fan,
            match=closed_match,
            scores={appearance_named(closed_match, "Alex Meret"): score},
            now=closed_match.rating_opens_at,
        )
    closed_before, open_before = crowd(closed_match), crowd(open_match)
    client.force_login(leaving)

    response = client.post(reverse("accounts:delete"), {"confirm": "leaving"}, follow=True)

    assert "Your account has been deleted." in text(response.content.decode())
    assert get_user(client).is_authenticated is False
    assert not User.objects.filter(username="leaving").exists()
    assert not User.objects.filter(email="leaving@example.org").exists()
    # Published results never change...
    assert crowd(closed_match) == closed_before
    assert FanRating.objects.filter(fan=None).count() == 1
    # ...while the open match drops the vote at once.
    assert open_before[0][1:] == (2, "7")
    assert crowd(open_match)[0][1:] == (1, "5")
    assert FanRating.objects.filter(appearance__match=open_match).count() == 1


def test_delete_account_leaves_no_failed_login_record_naming_them(client, db):
    from axes.models import AccessAttempt

    fan = make_fan("fan")
    client.post(reverse("accounts:login"), {"username": "fan", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="fan").exists()
    client.force_login(fan)

    client.post(reverse("accounts:delete"), {"confirm": "fan"})

    assert not AccessAttempt.objects.filter(username="fan").exists()


def test_a_deleted_fans_old_session_is_anonymous(client, db):
    fan = make_fan("fan")
    other_device = client.__class__()
    other_device.force_login(fan)
    client.force_login(fan)

    client.post(reverse("accounts:delete"), {"confirm": "fan"})

    assert get_user(other_device).is_authenticated is False


@pytest.mark.parametrize("method", ["put", "delete"])
def test_account_pages_refuse_other_methods(client, db, method):
    client.force_login(make_fan("fan"))

    for name in ("accounts:profile", "accounts:delete", "accounts:signup"):
        assert getattr(client, method)(reverse(name)).status_code == 405


def test_closed_match_sanity(db):
    match = make_closed_match()

    assert match.rating_closes_at < timezone.now()
