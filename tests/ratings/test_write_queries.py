"""A vote costs the same number of queries however many fans voted before."""

import pytest
from django.urls import reverse

from ratings.models import recount, stored_tallies
from tests.factories import appearance_named, make_appearance, make_ballots

# With the savepoint and its release that a test's transaction adds around the save.
QUERIES_ONE_SAVE = 9
QUERIES_BALLOT = 10


def add_players(match, count):
    for order in range(2, count + 2):
        make_appearance(match, team=match.home_team, order=order, editor="6")


@pytest.mark.parametrize("other_fans", [1, 12])
def test_one_rating_saved_query_count(
    fan_client, match, htmx_headers, django_assert_num_queries, other_fans
):
    meret = appearance_named(match, "Alex Meret")
    make_ballots(match, {"Alex Meret": [6] * other_fans, "Alex Sandro": [7] * other_fans})
    url = reverse("ratings:rate", args=[match.pk, meret.pk])

    # The player with his match and its player count, the session, the fan (the throttle
    # lives in the cache); then in one transaction (a savepoint here): the fan's row locked
    # with their votes (which also give "rated N of M"), the vote, its tally, the match's
    # counter.
    with django_assert_num_queries(QUERIES_ONE_SAVE):
        response = fan_client.post(url, {f"rating-{meret.pk}": "8"}, headers=htmx_headers)

    assert response.status_code == 200
    assert stored_tallies() == recount()


@pytest.mark.parametrize("players", [0, 10])
def test_full_ballot_query_count(fan_client, match, django_assert_num_queries, players):
    add_players(match, players)
    make_ballots(match, {"Alex Sandro": [7, 8, 9]})
    data = {f"rating-{appearance.pk}": "6" for appearance in match.appearances.all()}

    # The match, its players, the session, the fan; then in one transaction: the fan's row
    # locked with their votes, the votes, their tallies, the match's counter.
    with django_assert_num_queries(QUERIES_BALLOT):
        response = fan_client.post(reverse("ratings:ballot", args=[match.pk]), data)

    assert response.status_code == 302
    assert stored_tallies() == recount()
