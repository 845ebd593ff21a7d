import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from accounts.throttling import client_ip, rate_period_seconds, wait_words
from accounts.usernames import canonical_username
from ratings.models import FanRating
from tests.factories import appearance_named, make_editor, make_fan

ROOT = Path(__file__).resolve().parents[2]


# --- Rating writes per fan -----------------------------------------------------------------


def test_htmx_rating_writes_over_the_limit_get_a_429_on_that_player(
    client, match, settings, htmx_headers
):
    settings.RATING_WRITE_RATE = "3/d"
    fan = make_fan("fan")
    client.force_login(fan)
    meret = appearance_named(match, "Alex Meret")
    url = reverse("ratings:rate", args=[match.pk, meret.pk])
    for score in (5, 6, 7):
        assert (
            client.post(url, {f"rating-{meret.pk}": score}, headers=htmx_headers).status_code == 200
        )

    response = client.post(url, {f"rating-{meret.pk}": 9}, headers=htmx_headers)

    content = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many ratings in a short time. Nothing was saved; try again in" in content
    assert "<html" not in content
    assert re.search(r"value=\"7\"[^>]*checked", content), content
    assert list(FanRating.objects.values_list("score", flat=True)) == [7]


def test_plain_rating_post_over_the_limit_gets_the_429_page(client, match, settings):
    settings.RATING_WRITE_RATE = "1/d"
    client.force_login(make_fan("fan"))
    meret = appearance_named(match, "Alex Meret")
    url = reverse("ratings:rate", args=[match.pk, meret.pk])
    client.post(url, {f"rating-{meret.pk}": 5})

    response = client.post(url, {f"rating-{meret.pk}": 9})

    assert response.status_code == 429
    assert "Too many ratings in a short time." in response.content.decode()
    assert list(FanRating.objects.values_list("score", flat=True)) == [5]


def test_no_javascript_ballot_over_the_limit_says_so_and_writes_nothing(client, match, settings):
    settings.RATING_WRITE_RATE = "1/d"
    client.force_login(make_fan("fan"))
    fields = {f"rating-{a.pk}": 6 for a in match.appearances.all()}
    client.post(reverse("ratings:ballot", args=[match.pk]), fields)
    FanRating.objects.all().delete()

    response = client.post(reverse("ratings:ballot", args=[match.pk]), fields)

    assert response.status_code == 429
    assert "Too many ratings in a short time." in response.content.decode()
    assert FanRating.objects.count() == 0


def test_a_fan_rating_29_players_quickly_is_never_stopped(client, match, settings):
    client.force_login(make_fan("fan"))
    meret = appearance_named(match, "Alex Meret")
    url = reverse("ratings:rate", args=[match.pk, meret.pk])

    statuses = {
        client.post(
            url, {f"rating-{meret.pk}": 1 + n % 10}, headers={"HX-Request": "true"}
        ).status_code
        for n in range(60)
    }

    assert statuses == {200}


def test_rating_limits_count_per_fan(client, match, settings):
    settings.RATING_WRITE_RATE = "1/d"
    meret = appearance_named(match, "Alex Meret")
    url = reverse("ratings:rate", args=[match.pk, meret.pk])
    client.force_login(make_fan("first"))
    client.post(url, {f"rating-{meret.pk}": 5})
    client.force_login(make_fan("second"))

    response = client.post(url, {f"rating-{meret.pk}": 6})

    assert response.status_code == 302
    assert FanRating.objects.count() == 2


# --- Who is asking -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header_setting", "meta", "expected"),
    [
        ("", {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.1"),
        (
            "X-Forwarded-For",
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"},
            "1.2.3.4",
        ),
        ("X-Real-IP", {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "2001:db8::1"}, "2001:db8::1"),
        ("X-Real-IP", {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "not-an-ip"}, "10.0.0.1"),
        ("X-Real-IP", {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
        ("", {"REMOTE_ADDR": ""}, "0.0.0.0"),
    ],
    ids=[
        "header-ignored-by-default",
        "last-forwarded",
        "real-ip",
        "bad-header",
        "no-header",
        "none",
    ],
)
def test_client_ip_trusts_only_the_configured_header(settings, header_setting, meta, expected):
    settings.TRUSTED_PROXY_HEADER = header_setting
    request = RequestFactory().get("/", **meta)
    request.META.update(meta)

    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("rate", "seconds"), [("10/h", 3600), ("120/m", 60), ("5/10m", 600), ("1/d", 86400)]
)
def test_rate_period_seconds(rate, seconds):
    assert rate_period_seconds(rate) == seconds


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(5, "a minute"), (60, "a minute"), (61, "2 minutes"), (900, "15 minutes"), (7200, "2 hours")],
)
def test_wait_words(seconds, words):
    assert wait_words(seconds) == words


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Meret", "meret"),
        ("m\u0435ret", "meret"),  # Cyrillic e
        ("\uff2d\uff45\uff52\uff45\uff54", "meret"),  # full-width
        ("MERET", "meret"),
        ("ciro_10", "ciro_10"),
        ("Ｃｉｒｏ", "ciro"),
    ],
)
def test_canonical_username(name, canonical):
    assert canonical_username(name) == canonical


# --- Settings and checks -------------------------------------------------------------------


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "DATABASE_URL": "sqlite:///unused.sqlite3",
        "DEBUG": "false",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "security"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deploy_check_warns_when_throttling_is_per_process():
    result = deploy_check({"EMAIL_URL": "smtp://mail.example.org:587/?tls=true"})

    assert "accounts.W001" in result.stdout + result.stderr


def test_deploy_check_has_no_throttling_warning_with_redis():
    result = deploy_check(
        {"REDIS_URL": "redis://127.0.0.1:6379/0", "EMAIL_URL": "smtp://mail.example.org:587/"}
    )

    assert "accounts.W001" not in result.stdout + result.stderr
    assert "accounts.W002" not in result.stdout + result.stderr


@pytest.mark.parametrize("url", ["bogus://example.org", "smtp://host:notaport/"])
def test_a_bad_email_url_stops_start_up_with_a_clear_message(url):
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "SECRET_KEY": "x", "EMAIL_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_email_url_selects_smtp(settings):
    from config import settings as live

    assert live.dj_email_url.parse("smtp://u:p@mail.example.org:2525/")["EMAIL_PORT"] == 2525


# --- Admin ---------------------------------------------------------------------------------


def test_editors_cannot_see_fans_accounts(client, db):
    make_fan("fan", email="private@example.org")
    client.force_login(make_editor())

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 403
    assert "private@example.org" not in response.content.decode()


def test_superusers_manage_accounts_with_the_club(client, db, admin_user):
    make_fan("fan", email="fan@example.org")
    client.force_login(admin_user)

    listing = client.get("/admin/accounts/user/")

    assert listing.status_code == 200
    assert "fan@example.org" in listing.content.decode()


# --- Migrations from empty -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migrate_from_empty_on_this_database():
    """Unapply every app and migrate forward again: the custom user model from the start."""
    call_command("migrate", "accounts", "zero", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

    assert make_fan("after-migrate").pk is not None


def test_migrate_from_empty_on_a_fresh_sqlite_file(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert "Applying accounts.0001_initial... OK" in result.stdout


def test_a_fans_rating_writes_count_across_sessions_and_workers(client, match, settings):
    """Two clients (as two workers or two devices would) share one count: the limit holds
    across them, because the count is in the database, moved by the vote itself."""
    settings.RATING_WRITE_RATE = "2/d"
    fan = make_fan("fan")
    meret = appearance_named(match, "Alex Meret")
    url = reverse("ratings:rate", args=[match.pk, meret.pk])
    first, second = client, client.__class__()
    first.force_login(fan)
    second.force_login(fan)

    statuses = [
        worker.post(url, {f"rating-{meret.pk}": score}, headers={"HX-Request": "true"}).status_code
        for worker, score in ((first, 5), (second, 6), (first, 7), (second, 8))
    ]

    assert statuses == [200, 200, 429, 429]
    assert list(FanRating.objects.values_list("score", flat=True)) == [6]


def test_a_refused_write_is_not_counted_and_changes_nothing(match):
    from ratings.models import (
        TooManyWritesError,
        WriteCount,
        WriteLimit,
        rate_player,
        recount,
        stored_tallies,
    )

    fan = make_fan("fan")
    meret = appearance_named(match, "Alex Meret")
    limit = WriteLimit(writes=2, seconds=86400)
    rate_player(fan=fan, match=match, appearance=meret, score=5, limit=limit)
    rate_player(fan=fan, match=match, appearance=meret, score=6, limit=limit)

    for score in (7, 8):
        with pytest.raises(TooManyWritesError) as refused:
            rate_player(fan=fan, match=match, appearance=meret, score=score, limit=limit)
        assert 0 < refused.value.retry_after <= 86400

    assert WriteCount.objects.get(fan=fan).writes == 2
    assert list(FanRating.objects.values_list("score", flat=True)) == [6]
    assert stored_tallies() == recount()


def test_a_fans_writes_start_again_when_their_window_turns(match):
    from datetime import timedelta

    from django.utils import timezone

    from ratings.models import TooManyWritesError, WriteCount, WriteLimit, rate_player

    fan = make_fan("fan")
    meret = appearance_named(match, "Alex Meret")
    limit = WriteLimit(writes=1, seconds=60)
    rate_player(fan=fan, match=match, appearance=meret, score=5, limit=limit)
    with pytest.raises(TooManyWritesError):
        rate_player(fan=fan, match=match, appearance=meret, score=6, limit=limit)

    # The window this count belongs to ended a minute ago.
    earlier = limit.window_start(fan.pk, timezone.now() - timedelta(seconds=60))
    WriteCount.objects.filter(fan=fan).update(window_start=earlier)
    rate_player(fan=fan, match=match, appearance=meret, score=7, limit=limit)

    count = WriteCount.objects.get(fan=fan)
    assert (count.writes, count.window_start) == (1, limit.window_start(fan.pk, timezone.now()))
    assert list(FanRating.objects.values_list("score", flat=True)) == [7]


def test_write_windows_are_fixed_per_fan_and_staggered_between_fans():
    from datetime import UTC, datetime

    from ratings.models import WriteLimit

    limit = WriteLimit(writes=120, seconds=60)
    at = datetime(2021, 2, 13, 19, 47, 30, tzinfo=UTC)
    starts = {fan: limit.window_start(fan, at) for fan in range(1, 61)}

    assert len(set(starts.values())) == 60
    for fan, start in starts.items():
        assert start <= at.timestamp() < start + 60
        assert limit.retry_after(fan, at) == start + 60 - at.timestamp()


def test_with_throttling_off_a_fan_is_never_refused(client, match, settings):
    settings.RATELIMIT_ENABLE = False
    settings.RATING_WRITE_RATE = "1/d"
    client.force_login(make_fan("fan"))
    meret = appearance_named(match, "Alex Meret")
    url = reverse("ratings:rate", args=[match.pk, meret.pk])

    statuses = {
        client.post(url, {f"rating-{meret.pk}": s}, headers={"HX-Request": "true"}).status_code
        for s in (5, 6, 7)
    }

    assert statuses == {200}
    assert list(FanRating.objects.values_list("score", flat=True)) == [7]
