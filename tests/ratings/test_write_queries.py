"""A vote costs the same number of queries however many fans voted before."""

import pytest
from django.db import connection
from django.urls import reverse

from ratings.models import recount, stored_tallies
from tests.factories import appearance_named, make_appearance, make_ballots

# Once the match's sheet and the fan are in the cache (after their first request): the
# session (from the database in tests; from Redis in production), then on PostgreSQL one
# call of ratings_save_scores (the fan locked, the window and the line-up checked, tallies,
# votes, the match's counter and "rated N of M"). Elsewhere, in a transaction (a savepoint
# in a test): the fan's row locked with their votes, the rating window and the line-up as
# the database has them, then the tallies, the votes and the match's counter.
QUERIES_ONE_SAVE = 2 if connection.vendor == "postgresql" else 10
QUERIES_BALLOT = QUERIES_ONE_SAVE


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
    fan_client.get(reverse("ratings:ballot", args=[match.pk]))  # the sheet and the fan kept

    with django_assert_num_queries(QUERIES_ONE_SAVE):
        response = fan_client.post(url, {f"rating-{meret.pk}": "8"}, headers=htmx_headers)

    assert response.status_code == 200
    assert stored_tallies() == recount()


@pytest.mark.parametrize("players", [0, 10])
def test_full_ballot_query_count(fan_client, match, django_assert_num_queries, players):
    add_players(match, players)
    make_ballots(match, {"Alex Sandro": [7, 8, 9]})
    data = {f"rating-{appearance.pk}": "6" for appearance in match.appearances.all()}
    fan_client.get(reverse("ratings:ballot", args=[match.pk]))  # the sheet and the fan kept

    with django_assert_num_queries(QUERIES_BALLOT):
        response = fan_client.post(reverse("ratings:ballot", args=[match.pk]), data)

    assert response.status_code == 302
    assert stored_tallies() == recount()
