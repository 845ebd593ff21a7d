"""The logged-in user, kept in each worker's memory under the users' version.

With sessions in the shared cache (accounts.sessions, what production runs with Redis),
the users' version is read with the session, and a worker's copy of a user is used only
while it is current. Anything that changes a user must be seen on the very next request.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.backends import (
    USERS_VERSION_KEY,
    FanBackend,
    forget_users_version_seen,
    saw_users_version,
    user_cache_key,
)
from ratings.models import FanRating
from tests.factories import FAN_PASSWORD, appearance_named, make_fan


@pytest.fixture(autouse=True)
def shared_sessions(settings):
    settings.SESSION_ENGINE = "accounts.sessions"


def ballot_url(match) -> str:
    return reverse("ratings:ballot", args=[match.pk])


def logged_in(page: str) -> bool:
    return "Log out" in page


def test_a_kept_user_costs_no_query_and_no_cache_read(
    client, fan, match, django_assert_num_queries
):
    client.force_login(fan)
    client.get(ballot_url(match))  # the fan, the sheet and the page are kept now
    client.get(ballot_url(match))
    cache.delete(user_cache_key(fan.pk))  # not read from the shared cache either

    with django_assert_num_queries(1):  # the fan's own marks
        page = client.get(ballot_url(match)).content.decode()

    assert logged_in(page)
    assert f">{fan.username}<" in page


def test_a_changed_password_logs_out_the_other_sessions_at_once(client, fan, match):
    other = Client()
    client.force_login(fan)
    other.force_login(fan)
    assert logged_in(other.get(ballot_url(match)).content.decode())
    assert logged_in(other.get(ballot_url(match)).content.decode())

    fan.set_password("a new secret phrase 42")
    fan.save()

    assert not logged_in(other.get(ballot_url(match)).content.decode())


def test_a_deactivated_fan_is_logged_out_at_once(client, fan, match):
    client.force_login(fan)
    assert logged_in(client.get(ballot_url(match)).content.decode())
    assert logged_in(client.get(ballot_url(match)).content.decode())

    fan.is_active = False
    fan.save(update_fields=["is_active"])

    assert not logged_in(client.get(ballot_url(match)).content.decode())


def test_a_new_name_shows_on_the_next_page(client, fan, match):
    client.force_login(fan)
    client.get(ballot_url(match))
    client.get(ballot_url(match))

    fan.username = "renamed-fan"
    fan.save()

    assert ">renamed-fan<" in client.get(ballot_url(match)).content.decode()


def test_a_new_club_counts_the_next_vote_for_its_side(client, fan, match, htmx_headers):
    meret, sandro = appearance_named(match, "Alex Meret"), appearance_named(match, "Alex Sandro")
    client.force_login(fan)
    for appearance in (meret, meret):
        url = reverse("ratings:rate", args=[match.pk, appearance.pk])
        client.post(url, {f"rating-{appearance.pk}": 8}, headers=htmx_headers)

    fan.club = match.home_team
    fan.save(update_fields=["club"])
    url = reverse("ratings:rate", args=[match.pk, sandro.pk])
    client.post(url, {f"rating-{sandro.pk}": 6}, headers=htmx_headers)

    sides = dict(FanRating.objects.values_list("appearance__player__name", "side"))
    assert sides == {"Alex Meret": "neutral", "Alex Sandro": "home"}


def test_a_deleted_fan_is_logged_out(client, match):
    fan = make_fan("leaving")
    client.force_login(fan)
    client.get(ballot_url(match))
    client.get(ballot_url(match))

    get_user_model().objects.filter(pk=fan.pk).get().delete()

    assert not logged_in(client.get(ballot_url(match)).content.decode())


def test_logging_in_and_signing_up_keep_the_version(client, fan, match):
    client.force_login(fan)
    client.get(ballot_url(match))
    version = cache.get(USERS_VERSION_KEY)
    assert version

    response = Client().post(
        reverse("accounts:login"), {"username": fan.username, "password": FAN_PASSWORD}
    )
    make_fan("newcomer")

    assert response.status_code == 302
    fan.refresh_from_db()
    assert fan.last_login is not None
    assert cache.get(USERS_VERSION_KEY) == version


def test_a_lost_version_is_started_again_and_old_copies_are_not_used(client, fan, match):
    client.force_login(fan)
    client.get(ballot_url(match))
    first = cache.get(USERS_VERSION_KEY)
    cache.delete(USERS_VERSION_KEY)  # evicted from Redis, say
    # A change the workers were not told of (a bulk UPDATE), made while the version was lost.
    get_user_model().objects.filter(pk=fan.pk).update(username="changed-in-sql")
    cache.delete(user_cache_key(fan.pk))

    page = client.get(ballot_url(match)).content.decode()

    assert cache.get(USERS_VERSION_KEY) not in (None, first)
    assert ">changed-in-sql<" in page


def test_each_request_gets_its_own_copy_of_a_kept_user(fan):
    saw_users_version("v1")
    backend = FanBackend()
    for _ in range(2):  # read, then kept
        user = backend.get_user(fan.pk)
        user.username = "changed-but-not-saved"
        user.first_name = "Not saved"

    again = backend.get_user(fan.pk)

    assert again is not user
    assert (again.username, again.first_name) == (fan.username, fan.first_name)
    forget_users_version_seen()


def test_without_the_version_read_no_copy_is_used(fan):
    backend = FanBackend()
    saw_users_version("v1")
    backend.get_user(fan.pk)
    forget_users_version_seen()  # a request whose session did not come through accounts.sessions
    get_user_model().objects.filter(pk=fan.pk).update(username="changed-in-sql")
    cache.delete(user_cache_key(fan.pk))

    assert backend.get_user(fan.pk).username == "changed-in-sql"
