"""The season table: players ranked by the crowd, the minimum-appearances filter, sorting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matches.models import Appearance, Match
from ratings.models import save_editor_rating
from tests.factories import (
    make_bare_match,
    make_competition,
    make_fan,
    make_fan_rating,
    make_player,
    make_team,
)
from tests.pages import by_id, links, row_cells, row_ids, texts_by_class


def play(match, player, editor: str, votes: list[int], fan=None) -> Appearance:
    appearance = Appearance.objects.create(match=match, player=player, team=player.team)
    save_editor_rating(appearance, editor)
    for score in votes:
        make_fan_rating(appearance, fan, score=score)
    return appearance


def closed(home, away, days_ago: int) -> Match:
    now = timezone.now()
    return make_bare_match(
        home_team=home,
        away_team=away,
        kickoff=now - timedelta(days=days_ago),
        rating_opens_at=now - timedelta(days=days_ago),
        rating_closes_at=now - timedelta(days=days_ago - 7),
    )


@pytest.fixture
def season(db):
    """Serie A, four closed matches.

    Napoli (rated in M1, M2): Meret 8 [7, 9] and 6 [6]; Insigne 7 [9] in M1 only.
    Juventus (rated in M1, M3, M4): Chiesa 6 [4, 6], 7 [8], 6 [7]; Kulusevski 5 [5] in M4 only.
    """
    napoli, juventus, roma = make_team("Napoli"), make_team("Juventus"), make_team("Roma")
    meret = make_player("Alex Meret", napoli)
    insigne = make_player("Lorenzo Insigne", napoli)
    chiesa = make_player("Federico Chiesa", juventus)
    kulusevski = make_player("Dejan Kulusevski", juventus)
    m1, m2 = closed(napoli, juventus, 40), closed(napoli, roma, 33)
    m3, m4 = closed(juventus, roma, 30), closed(roma, juventus, 23)
    play(m1, meret, "8", [7, 9])
    play(m1, insigne, "7", [9])
    play(m1, chiesa, "6", [4, 6])
    play(m2, meret, "6", [6])
    play(m3, chiesa, "7", [8])
    play(m4, chiesa, "6", [7])
    play(m4, kulusevski, "5", [5])
    return make_competition()


def season_url(competition, query: str = "") -> str:
    return reverse("ratings:season", args=[competition.pk]) + query


def names(html: str) -> list[str]:
    return [
        row_cells(html, row_id)[1].rsplit(" ", 1)[0] for row_id in row_ids(html, "season-player-")
    ]


def test_season_table_ranks_by_the_crowd_with_hand_checked_numbers(client, season):
    response = client.get(season_url(season))

    html = response.content.decode()
    assert response.status_code == 200
    # Rank, player and team, apps, crowd, votes, editor, crowd − editor.
    assert [row_cells(html, row_id) for row_id in row_ids(html, "season-player-")] == [
        ["1", "Lorenzo Insigne Napoli", "1", "9.0", "1", "7.0", "+2.0 crowd higher"],
        # 7, 9, 6 is 7.33; the editor's 8 and 6 average 7.
        ["2", "Alex Meret Napoli", "2", "7.3", "3", "7.0", "+0.3 crowd higher"],
        # 4, 6, 8, 7 is 6.25; the editor's 6, 7, 6 average 6.33.
        ["3", "Federico Chiesa Juventus", "3", "6.3", "4", "6.3", "−0.1 crowd lower"],
    ]
    # Kulusevski played one of Juventus's three rated matches: under half, left out.
    assert texts_by_class(html, "season-summary") == [
        "3 players with at least half of their team's rated matches; 1 with fewer left out."
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?min=0", ["Lorenzo Insigne", "Alex Meret", "Federico Chiesa", "Dejan Kulusevski"]),
        ("?min=2", ["Alex Meret", "Federico Chiesa"]),
        ("?min=3", ["Federico Chiesa"]),
        ("?min=4", []),
        ("?min=", ["Lorenzo Insigne", "Alex Meret", "Federico Chiesa"]),
    ],
)
def test_season_table_minimum_appearances(client, season, query, expected):
    html = client.get(season_url(season, query)).content.decode()

    assert names(html) == expected


@pytest.mark.parametrize("bad", ["abc", "-1", "+2", "٣", "100", "2.5"])
def test_season_table_bad_minimum_says_so_and_shows_the_default(client, season, bad):
    response = client.get(season_url(season), {"min": bad})

    html = response.content.decode()
    assert response.status_code == 200
    assert texts_by_class(html, "form-errors") == [
        "Minimum appearances must be a whole number from 0 to 99; showing the default."
    ]
    assert names(html) == ["Lorenzo Insigne", "Alex Meret", "Federico Chiesa"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?sort=crowd&order=asc", ["Federico Chiesa", "Alex Meret", "Lorenzo Insigne"]),
        # Meret and Insigne both average 7 from the editor: a tie keeps alphabetical order.
        ("?sort=editor", ["Alex Meret", "Lorenzo Insigne", "Federico Chiesa"]),
        ("?sort=appearances", ["Federico Chiesa", "Alex Meret", "Lorenzo Insigne"]),
        ("?sort=votes", ["Federico Chiesa", "Alex Meret", "Lorenzo Insigne"]),
        ("?sort=difference&order=asc", ["Federico Chiesa", "Alex Meret", "Lorenzo Insigne"]),
        ("?sort=difference", ["Lorenzo Insigne", "Alex Meret", "Federico Chiesa"]),
        ("?sort=bogus", ["Lorenzo Insigne", "Alex Meret", "Federico Chiesa"]),
    ],
)
def test_season_table_sorts_by_any_column(client, season, query, expected):
    html = client.get(season_url(season, query)).content.decode()

    assert names(html) == expected


def test_season_table_sort_links_keep_the_filter(client, season):
    html = client.get(season_url(season, "?min=2&sort=votes")).content.decode()

    assert by_id(html, "season-sort-votes").attrs["href"] == season_url(
        season, "?min=2&sort=votes&order=asc"
    )
    assert by_id(html, "season-sort-crowd").attrs["href"] == season_url(season, "?min=2&sort=crowd")
    assert by_id(html, "season-sort-votes").parent.attrs["aria-sort"] == "descending"


def test_season_table_htmx_returns_the_table_only(client, season, htmx_headers):
    response = client.get(season_url(season, "?min=2"), headers=htmx_headers)

    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="season-table">')
    assert names(html) == ["Alex Meret", "Federico Chiesa"]


def test_season_table_leaves_out_open_matches_until_rated(client, season):
    napoli = make_team("Napoli")
    open_match = make_bare_match(home_team=napoli, away_team=make_team("Juventus"))
    meret = Appearance.objects.get(
        match__home_team=napoli, player__name="Alex Meret", match__away_team__name="Roma"
    ).player
    fan = make_fan()
    play(open_match, meret, "10", [10], fan=fan)

    visitor = client.get(season_url(season)).content.decode()
    client.force_login(fan)
    rater = client.get(season_url(season)).content.decode()

    assert row_cells(visitor, f"season-player-{meret.pk}")[2:4] == ["2", "7.3"]
    assert (
        "1 match still open for rating counts once you have rated it or rating closes."
        in (texts_by_class(visitor, "season-summary")[0])
    )
    # 7, 9, 6, 10 over three matches.
    assert row_cells(rater, f"season-player-{meret.pk}")[2:4] == ["3", "8.0"]


def test_season_table_linked_from_the_home_page(client, season):
    closed_match = Match.objects.first()

    html = client.get("/").content.decode()

    assert ("season table for Serie A 2020-21", season_url(season)) in links(html)
    assert closed_match is not None


def test_season_table_unknown_competition_is_404(client, db):
    assert client.get(reverse("ratings:season", args=[999999])).status_code == 404


def test_season_table_refuses_post(client, season):
    assert client.post(season_url(season)).status_code == 405


@pytest.mark.parametrize("extra_matches", [0, 6])
def test_season_table_query_count(client, season, django_assert_num_queries, extra_matches):
    napoli, roma = make_team("Napoli"), make_team("Roma")
    meret = make_player("Alex Meret", napoli)
    for number in range(extra_matches):
        play(closed(napoli, roma, 60 + number), meret, "6", [6, 7])

    # The version of its matches (for the visitors' cache), the competition, its
    # appearances, their tallies; a second visit only the version.
    with django_assert_num_queries(4):
        response = client.get(season_url(season, "?min=0"))
    with django_assert_num_queries(1):
        client.get(season_url(season, "?min=0"))

    assert response.status_code == 200
