"""The player page: every match as a table, the season's averages, the line chart."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matches.models import Appearance
from ratings.models import save_editor_rating
from tests.factories import (
    appearance_named,
    make_ballots,
    make_bare_match,
    make_closed_match,
    make_competition,
    make_fan_rating,
    make_match,
    make_player,
    make_team,
)
from tests.pages import by_id, links, parse, row_cells, texts_by_class


def player_url(player) -> str:
    return reverse("ratings:player", args=[player.pk])


def play(match, player, team, editor: str, votes: list[int]) -> Appearance:
    appearance = Appearance.objects.create(match=match, player=player, team=team)
    save_editor_rating(appearance, editor)
    for score in votes:
        make_fan_rating(appearance, score=score)
    return appearance


@pytest.fixture
def two_matches(db):
    """Meret: 8 Feb Napoli 1-0 Juventus (editor 8, crowd 7, 9), then 15 Feb Inter 0-2 Napoli
    (editor 6.5, crowd 5, 6); both closed."""
    now = timezone.now()
    napoli, juventus, inter = make_team("Napoli"), make_team("Juventus"), make_team("Inter")
    meret = make_player("Alex Meret", napoli)
    first = make_closed_match(kickoff=now - timedelta(days=20))
    first.appearances.all().delete()
    second = make_bare_match(
        home_team=inter,
        away_team=napoli,
        home_score=0,
        away_score=2,
        kickoff=now - timedelta(days=13),
        rating_opens_at=now - timedelta(days=13),
        rating_closes_at=now - timedelta(days=6),
    )
    old = play(first, meret, napoli, "8", [7, 9])
    new = play(second, meret, napoli, "6,5", [5, 6])
    assert juventus == first.away_team
    return meret, old, new


def test_player_page_lists_every_match_newest_first(client, two_matches):
    meret, old, new = two_matches

    html = client.get(player_url(meret)).content.decode()

    when_new = timezone.localtime(new.match.kickoff).strftime("%-d %b %Y")
    when_old = timezone.localtime(old.match.kickoff).strftime("%-d %b %Y")
    # Match, crowd, editor, crowd − editor, votes, median, spread.
    assert row_cells(html, f"game-{new.pk}") == [
        f"Inter 0-2 Napoli {when_new}", "5.5", "6.5", "−1.0 crowd lower", "2", "5.5", "0.5",
    ]  # fmt: skip
    assert row_cells(html, f"game-{old.pk}") == [
        f"Napoli 1-0 Juventus {when_old}", "8.0", "8", "0.0 level", "2", "8", "1.0",
    ]  # fmt: skip
    assert [node.attrs["id"] for node in parse(html).find_all(lambda n: n.tag == "tr" and "id" in n.attrs)] == [
        f"game-{new.pk}",
        f"game-{old.pk}",
    ]  # fmt: skip


def test_player_page_season_averages(client, two_matches):
    meret, _, _ = two_matches

    html = client.get(player_url(meret)).content.decode()

    # Editor (8 + 6.5) / 2; crowd 7, 9, 5, 6 over four votes.
    assert texts_by_class(html, "season-record") == [
        "2 matches. Editor's average: 7.3. Crowd's average: 6.8 from 4 votes. Crowd − editor: −0.5."
    ]


def test_player_page_draws_a_line_chart_with_a_text_alternative(client, two_matches):
    meret, old, new = two_matches
    competition = old.match.competition

    html = client.get(player_url(meret)).content.decode()

    svg = by_id(html, f"chart-{competition.pk}-title").parent
    assert svg.attrs["role"] == "img"
    assert (
        svg.attrs["aria-labelledby"] == f"chart-{competition.pk}-title chart-{competition.pk}-desc"
    )
    assert by_id(html, f"chart-{competition.pk}-title").text() == (
        "Alex Meret in Serie A 2020-21: the crowd's mean against the editor's mark, match by match"
    )
    when_new = timezone.localtime(new.match.kickoff).strftime("%-d %b %Y")
    when_old = timezone.localtime(old.match.kickoff).strftime("%-d %b %Y")
    assert by_id(html, f"chart-{competition.pk}-desc").text() == (
        f"Oldest first. {when_old}, Napoli 1-0 Juventus: crowd 8.0, editor 8. "
        f"{when_new}, Inter 0-2 Napoli: crowd 5.5, editor 6.5."
    )
    # Oldest at x 30, newest at x 304; a mark m sits at y 10 + (10 - m) / 9 * 124.
    crowd = svg.find_all(lambda n: n.tag == "polyline" and "chart-crowd" in n.classes)[0]
    editor = svg.find_all(lambda n: n.tag == "polyline" and "chart-editor" in n.classes)[0]
    assert crowd.attrs["points"] == "30.0,37.6 304.0,72.0"
    assert editor.attrs["points"] == "30.0,37.6 304.0,58.2"


def test_player_page_hides_an_open_match_from_a_visitor(client, db):
    match = make_match()
    make_ballots(match, {"Alex Meret": [9, 9]})
    meret = appearance_named(match, "Alex Meret")

    html = client.get(player_url(meret.player)).content.decode()

    assert row_cells(html, f"game-{meret.pk}")[1:5] == ["hidden", "hidden", "–", "2"]
    assert texts_by_class(html, "season-record")[0].startswith(
        "0 matches with marks to show (1 more still open for rating: rate it to see its marks). "
        "Editor's average: not rated. Crowd's average: no votes yet."
    )
    assert "chart-" not in html


def test_player_page_shows_an_open_match_the_fan_rated(fan_client, fan, db):
    match = make_match()
    make_ballots(match, {"Alex Meret": [9, 9]})
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(appearance_named(match, "Alex Sandro"), fan, 6)

    html = fan_client.get(player_url(meret.player)).content.decode()

    assert row_cells(html, f"game-{meret.pk}")[1:5] == ["9.0", "8", "+1.0 crowd higher", "2"]


def test_player_page_without_votes_shows_dashes(client, db):
    match = make_closed_match()
    lobotka = appearance_named(match, "Stanislav Lobotka")

    html = client.get(player_url(lobotka.player)).content.decode()

    assert row_cells(html, f"game-{lobotka.pk}")[1:] == ["–", "not rated", "–", "0", "–", "–"]


def test_player_page_links_the_season_table(client, two_matches):
    meret, old, _ = two_matches

    html = client.get(player_url(meret)).content.decode()

    competition = old.match.competition
    assert (
        "The Serie A 2020-21 season table",
        f"/competitions/{competition.pk}/players/",
    ) in links(html)


def test_player_page_splits_competitions(client, two_matches):
    meret, old, _ = two_matches
    cup = make_competition("Coppa Italia", "2020-21")
    final = make_closed_match(competition=cup, kickoff=timezone.now() - timedelta(days=3))
    play(final, meret, old.team, "7", [7])

    html = client.get(player_url(meret)).content.decode()

    assert [h.text() for h in parse(html).find_all(lambda n: n.tag == "h2")] == [
        "Coppa Italia 2020-21",
        "Serie A 2020-21",
    ]


def test_player_page_without_appearances_says_so(client, db):
    player = make_player("Gianluca Gaetano")

    html = client.get(player_url(player)).content.decode()

    assert "Gianluca Gaetano has not appeared in a match yet." in html


def test_player_page_unknown_player_is_404(client, db):
    assert client.get(reverse("ratings:player", args=[999999])).status_code == 404


def test_player_page_refuses_post(client, two_matches):
    assert client.post(player_url(two_matches[0])).status_code == 405


@pytest.mark.parametrize("matches", [1, 5])
def test_player_page_query_count_for_a_visitor(client, db, django_assert_num_queries, matches):
    napoli = make_team("Napoli")
    meret = make_player("Alex Meret", napoli)
    for number in range(matches):
        match = make_closed_match(kickoff=timezone.now() - timedelta(days=10 + number))
        play(match, meret, match.home_team, "7", [6, 7])

    # The version of his matches (for the visitors' cache), the player, his appearances,
    # their tallies; a second visit only the version.
    with django_assert_num_queries(4):
        html = client.get(player_url(meret)).content.decode()
    with django_assert_num_queries(1):
        again = client.get(player_url(meret)).content.decode()

    assert len(parse(html).find_all(lambda n: n.tag == "tr" and "id" in n.attrs)) == matches
    assert len(parse(again).find_all(lambda n: n.tag == "tr" and "id" in n.attrs)) == matches


@pytest.mark.parametrize("matches", [1, 5])
def test_player_page_query_count_for_a_fan_with_open_matches(
    fan_client, fan, db, django_assert_num_queries, matches
):
    meret = make_player("Alex Meret", make_team("Napoli"))
    for _ in range(matches):
        match = make_match()
        play(match, meret, match.home_team, "7", [6])
        make_fan_rating(appearance_named(match, "Alex Sandro"), fan, 5)

    # Session, user, the player, his appearances, their tallies, the open matches he rated.
    with django_assert_num_queries(6):
        html = fan_client.get(player_url(meret)).content.decode()

    assert "hidden" not in texts_by_class(html, "results-table")[0]
