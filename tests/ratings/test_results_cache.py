"""Visitors without a session get a match's public pages rendered once per version."""

import json
import time

import pytest
from django.urls import reverse

from ratings.caching import CSRF_PLACEHOLDER
from ratings.models import save_editor_rating
from tests.factories import (
    appearance_named,
    make_appearance,
    make_ballots,
    make_closed_match,
    make_fan,
    make_fan_rating,
)


@pytest.fixture(autouse=True)
def no_staleness(settings):
    settings.RESULTS_STALE_SECONDS = 0


def add_squad(match, size: int) -> None:
    for team in (match.home_team, match.away_team):
        for order in range(2, size + 2):
            make_appearance(match, team=team, order=order, editor="6")


def results_url(match):
    return reverse("ratings:results", args=[match.pk])


def json_url(match):
    return reverse("ratings:results_json", args=[match.pk])


def votes_of(response, name):
    players = json.loads(response.content)["players"]
    return next(player["votes"] for player in players if player["player"] == name)


@pytest.mark.parametrize("extra_per_side", [0, 5])
def test_second_visit_is_one_query(client, db, django_assert_num_queries, extra_per_side):
    match = make_closed_match()
    add_squad(match, extra_per_side)
    make_ballots(match, {"Alex Meret": [7, 8, 9], "Alex Sandro": [6] * (1 + extra_per_side)})
    first = client.get(results_url(match))

    # Only the match's version: the page itself comes from the cache.
    with django_assert_num_queries(1):
        second = client.get(results_url(match))

    assert second.status_code == 200
    assert second.content.count(b"<tr") == first.content.count(b"<tr")


def test_a_vote_is_seen_by_the_next_visitor(client, match):
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, score=7)
    assert votes_of(client.get(json_url(match)), "Alex Meret") == 1

    make_fan_rating(meret, score=9)

    assert votes_of(client.get(json_url(match)), "Alex Meret") == 2


def test_during_a_flood_a_rendering_may_lag_for_the_stale_seconds(
    client, match, settings, django_assert_num_queries
):
    settings.RESULTS_STALE_SECONDS = 60
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, score=7)
    client.get(json_url(match))

    make_fan_rating(meret, score=9)

    # Not even the version is read within the window.
    with django_assert_num_queries(0):
        response = client.get(json_url(match))
    assert votes_of(response, "Alex Meret") == 1


def test_an_editors_mark_bumps_the_version(client, db):
    match = make_closed_match()
    meret = appearance_named(match, "Alex Meret")
    client.get(json_url(match))

    save_editor_rating(meret, "5,5")

    players = json.loads(client.get(json_url(match)).content)["players"]
    assert next(p["editor"] for p in players if p["player"] == "Alex Meret") == 5.5


def test_logged_in_fans_never_get_the_shared_rendering(client, match):
    client.get(results_url(match))
    client.force_login(make_fan())

    response = client.get(results_url(match))

    assert response.status_code == 200
    assert b"Log out" in response.content


def test_each_visitor_gets_their_own_csrf_token(client, match):
    first = client.get(results_url(match))
    client.cookies.clear()

    second = client.get(results_url(match))

    assert CSRF_PLACEHOLDER.encode() not in first.content
    assert CSRF_PLACEHOLDER.encode() not in second.content
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_htmx_fragment_and_page_are_cached_apart(client, match, htmx_headers):
    page = client.get(results_url(match))

    fragment = client.get(results_url(match), headers=htmx_headers)

    assert b"<html" in page.content
    assert b"<html" not in fragment.content
    assert "HX-Request" in fragment["Vary"]
    assert "Cookie" in client.get(results_url(match))["Vary"]


def test_unknown_match_is_404_and_not_cached(client, db):
    assert client.get(reverse("ratings:results", args=[999999])).status_code == 404
    assert client.get(reverse("ratings:results", args=[999999])).status_code == 404


def test_embed_keeps_its_headers_from_the_cache(client, match):
    url = reverse("ratings:embed", args=[match.pk])
    first = client.get(url)

    second = client.get(url)

    assert second.status_code == 200
    for header in ("Content-Security-Policy", "X-Frame-Options"):
        assert first.headers.get(header) == second.headers.get(header)


def test_player_page_renders_again_once_a_vote_lands(client, match, django_assert_num_queries):
    meret = appearance_named(match, "Alex Meret")
    url = reverse("ratings:player", args=[meret.player_id])
    client.get(url)
    with django_assert_num_queries(1):
        client.get(url)

    make_fan_rating(meret, score=9)

    # The version of his matches, then the player, his appearances, their tallies.
    with django_assert_num_queries(4):
        client.get(url)


def test_a_current_rendering_still_expires(client, match, settings):
    # RESULTS_CACHE_SECONDS bounds a rendering's life even while visits keep finding its
    # version current, so a change that bumps no version (a renamed player) shows in time.
    settings.RESULTS_CACHE_SECONDS = 0.3
    meret = appearance_named(match, "Alex Meret")
    client.get(json_url(match))
    meret.player.name = "Alex Meret Jr"
    meret.player.save(update_fields=["name"])
    time.sleep(0.2)
    client.get(json_url(match))  # the version is unchanged: the rendering is served

    time.sleep(0.2)

    names = [p["player"] for p in json.loads(client.get(json_url(match)).content)["players"]]
    assert "Alex Meret Jr" in names
