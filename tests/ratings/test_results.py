"""The results page: hand-checked numbers, sort, supporter groups, no herding, your ballot."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ratings.models import DemoFan, forget_fan, rate_players
from tests.factories import (
    appearance_named,
    make_appearance,
    make_ballots,
    make_bare_match,
    make_closed_match,
    make_editor,
    make_fan,
    make_fan_rating,
    make_match,
    make_team,
)
from tests.pages import by_id, cell_classes, links, row_cells, row_ids, text_of, texts_by_class


def results_url(match, query: str = "") -> str:
    return reverse("ratings:results", args=[match.pk]) + query


def row(html: str, match, name: str) -> list[str]:
    return row_cells(html, f"result-{appearance_named(match, name).pk}")


def names_in_order(html: str, match) -> list[str]:
    names = {f"result-{a.pk}": a.player.name for a in match.appearances.select_related("player")}
    return [names[row_id] for row_id in row_ids(html)]


@pytest.fixture
def open_results(settings):
    """These tests read the numbers as an anonymous visitor: no-herding has its own tests."""
    settings.HIDE_RESULTS_UNTIL_RATED = False
    settings.PROVISIONAL_VOTES = 1


@pytest.fixture
def rated_match(match):
    """Meret 7, 8, 9 (editor 8); Lobotka one 10 (editor N/A); Szczesny 5, 6 (editor 6);
    Sandro no votes (editor 6.5). Three fans in all."""
    make_ballots(
        match,
        {"Alex Meret": [7, 8, 9], "Stanislav Lobotka": [10], "Wojciech Szczesny": [5, 6]},
    )
    return match


# --- The numbers ---------------------------------------------------------------------------


def test_results_show_hand_checked_numbers(client, rated_match, open_results):
    response = client.get(results_url(rated_match))

    html = response.content.decode()
    assert response.status_code == 200
    # Player, crowd, editor, crowd − editor, votes, median, spread.
    assert row(html, rated_match, "Alex Meret") == [
        "Alex Meret", "8.0", "8", "0.0 level", "3", "8", "0.8",
    ]  # fmt: skip
    assert row(html, rated_match, "Stanislav Lobotka") == [
        "Stanislav Lobotka sub", "10.0", "not rated (N/A)", "–", "1", "10", "0.0",
    ]  # fmt: skip
    assert row(html, rated_match, "Wojciech Szczesny") == [
        "Wojciech Szczesny", "5.5", "6", "−0.5 crowd lower", "2", "5.5", "0.5",
    ]  # fmt: skip
    assert row(html, rated_match, "Alex Sandro") == [
        "Alex Sandro sub", "–", "6.5", "–", "0", "–", "–",
    ]  # fmt: skip
    assert texts_by_class(html, "results-summary") == [
        "3 fans rated this match. Rating is open, so these numbers still move."
    ]


def test_results_agreement_headline_from_hand_checked_numbers(client, rated_match, open_results):
    # Meret 8.0 v 8 (0) and Szczesny 5.5 v 6 (0.5): 0.25 on average, rounded half up.
    html = client.get(results_url(rated_match)).content.decode()

    assert texts_by_class(html, "agreement-headline") == [
        "Over the 2 players rated by both, the crowd was on average 0.3 points away from the "
        "editor; too few players were rated by both to compare their order."
    ]


def test_results_agreement_says_the_order_in_words(client, match, open_results):
    make_appearance(match, "Kalidou Koulibaly", order=2, editor="7")
    # Crowd 9, 7.5, 5 against editor 8, 7, 6: the same order; gaps 1, 0.5, 1.
    make_ballots(match, {"Alex Meret": [9], "Kalidou Koulibaly": [7, 8], "Wojciech Szczesny": [5]})

    html = client.get(results_url(match)).content.decode()

    assert texts_by_class(html, "agreement-headline") == [
        "Over the 3 players rated by both, the crowd was on average 0.8 points away from the "
        "editor, and the crowd and the editor ranked the players much the same "
        "(rank correlation 1.00)."
    ]


def test_results_single_vote_and_tied_median(client, match, open_results):
    make_ballots(match, {"Alex Meret": [6], "Alex Sandro": [6, 7, 7, 6]})

    html = client.get(results_url(match)).content.decode()

    assert row(html, match, "Alex Meret") == [
        "Alex Meret", "6.0", "8", "−2.0 crowd lower", "1", "6", "0.0",
    ]  # fmt: skip
    assert row(html, match, "Alex Sandro") == [
        "Alex Sandro sub", "6.5", "6.5", "0.0 level", "4", "6.5", "0.5",
    ]  # fmt: skip


def test_results_without_votes(client, match, open_results):
    html = client.get(results_url(match)).content.decode()

    assert row(html, match, "Alex Meret") == ["Alex Meret", "–", "8", "–", "0", "–", "–"]
    assert texts_by_class(html, "agreement-headline") == [
        "No player has both a crowd mark and an editor's mark yet."
    ]
    assert texts_by_class(html, "results-summary") == [
        "No fan has rated this match yet. Rating is open, so these numbers still move."
    ]


def test_results_editor_who_rated_everyone_na(client, db, open_results):
    match = make_bare_match(home_team=make_team("Napoli"), away_team=make_team("Juventus"))
    make_appearance(match, "Alex Meret", editor="N/A")
    make_appearance(match, "Danilo", team=match.away_team, editor="N/A")
    make_ballots(match, {"Alex Meret": [7, 9], "Danilo": [4]})

    html = client.get(results_url(match)).content.decode()

    assert row(html, match, "Alex Meret") == [
        "Alex Meret", "8.0", "not rated (N/A)", "–", "2", "8", "1.0",
    ]  # fmt: skip
    assert row(html, match, "Danilo") == ["Danilo", "4.0", "not rated (N/A)", "–", "1", "4", "0.0"]
    assert texts_by_class(html, "agreement-headline") == [
        "No player has both a crowd mark and an editor's mark yet."
    ]
    assert "team-verdict" not in html


def test_results_changed_rating_counts_once_at_its_new_value(client, match, fan, open_results):
    meret = appearance_named(match, "Alex Meret")
    make_ballots(match, {"Alex Meret": [8]})
    rate_players(fan=fan, match=match, scores={meret: 3})

    rate_players(fan=fan, match=match, scores={meret: 10})

    html = client.get(results_url(match)).content.decode()
    assert row(html, match, "Alex Meret") == [
        "Alex Meret", "9.0", "8", "+1.0 crowd higher", "2", "9", "1.0",
    ]  # fmt: skip


def test_results_deleted_account_keeps_closed_votes_and_drops_open_ones(client, db, open_results):
    closed = make_closed_match()
    still_open = make_match(home="Inter", away="Milan")
    leaving = make_fan("leaving")
    make_fan_rating(appearance_named(closed, "Alex Meret"), leaving, 4)
    make_fan_rating(appearance_named(closed, "Alex Meret"), score=8)
    make_fan_rating(appearance_named(still_open, "Alex Meret"), leaving, 4)
    make_fan_rating(appearance_named(still_open, "Alex Meret"), score=8)

    forget_fan(fan=leaving)

    closed_html = client.get(results_url(closed)).content.decode()
    open_html = client.get(results_url(still_open)).content.decode()
    assert row(closed_html, closed, "Alex Meret")[1:5] == ["6.0", "8", "−2.0 crowd lower", "2"]
    assert row(open_html, still_open, "Alex Meret")[1:5] == ["8.0", "8", "0.0 level", "1"]


def test_results_mark_provisional_means_visibly_and_in_words(client, rated_match, settings):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    settings.PROVISIONAL_VOTES = 3

    html = client.get(results_url(rated_match)).content.decode()

    assert row(html, rated_match, "Alex Meret")[1] == "8.0"
    assert row(html, rated_match, "Wojciech Szczesny")[1] == (
        "5.5† (provisional: fewer than 3 votes)"
    )
    assert (
        texts_by_class(html, "table-note")
        == ["† Provisional: from fewer than 3 votes, so it can still swing."] * 2
    )


def test_results_provisional_threshold_defaults_to_ten(settings):
    from config import settings as project_settings

    assert project_settings.PROVISIONAL_VOTES == 10


def test_results_colour_the_gap_by_direction_and_size(client, match, open_results):
    make_appearance(match, "Kalidou Koulibaly", order=2, editor="7")
    make_ballots(
        match,
        {
            "Alex Meret": [9],
            "Alex Sandro": [9, 9],
            "Wojciech Szczesny": [5],
            "Kalidou Koulibaly": [7],
        },
    )

    html = client.get(results_url(match)).content.decode()

    def gap_cell(name):
        return cell_classes(html, f"result-{appearance_named(match, name).pk}")[2]

    assert gap_cell("Alex Meret") == ["key-cell", "diff", "diff-up", "diff-medium"]  # +1.0
    assert gap_cell("Alex Sandro") == ["key-cell", "diff", "diff-up", "diff-large"]  # +2.5
    assert gap_cell("Wojciech Szczesny") == ["key-cell", "diff", "diff-down", "diff-medium"]
    assert gap_cell("Kalidou Koulibaly") == ["key-cell", "diff", "diff-level"]
    assert gap_cell("Stanislav Lobotka") == ["key-cell", "diff", "diff-none"]


def test_results_count_demo_fans_apart(client, rated_match, open_results):
    DemoFan.objects.create(user=make_fan("demo-fan-001"))
    make_fan_rating(appearance_named(rated_match, "Alex Sandro"), fan=rated_match_demo(), score=6)

    html = client.get(results_url(rated_match)).content.decode()

    assert texts_by_class(html, "results-summary") == [
        "4 fans rated this match, 1 of them demo fan added to show how the page looks. "
        "Rating is open, so these numbers still move."
    ]


def rated_match_demo():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="demo-fan-001")


# --- Men of the match and disagreements ------------------------------------------------------


@pytest.mark.parametrize(
    ("min_votes", "shown"),
    [
        (1, "Stanislav Lobotka (Napoli), 10.0 from 1 vote"),
        (3, "Alex Meret (Napoli), 8.0 from 3 votes"),
        (4, "Not enough votes yet: a player needs at least 4"),
    ],
)
def test_results_crowd_pick_needs_enough_votes(
    client, rated_match, settings, open_results, min_votes, shown
):
    settings.CROWD_MOTM_MIN_VOTES = min_votes

    html = client.get(results_url(rated_match)).content.decode()

    verdicts = text_of(html, "verdicts-heading")
    assert verdicts == "Man of the match"
    assert shown in " ".join(texts_by_class(html, "verdict-list"))


def test_results_list_the_biggest_disagreements_in_order(client, match, open_results):
    make_appearance(match, "Kalidou Koulibaly", order=2, editor="7")
    make_appearance(match, "Piotr Zielinski", order=3, editor="7")
    make_ballots(
        match,
        {
            "Alex Meret": [7, 8, 9],
            "Stanislav Lobotka": [10],
            "Wojciech Szczesny": [5, 6],
            "Alex Sandro": [9, 9],
            "Kalidou Koulibaly": [4, 5],
            "Piotr Zielinski": [7, 7, 7, 8],
        },
    )

    html = client.get(results_url(match)).content.decode()

    assert texts_by_class(html, "disagreements") == [
        "Where the crowd and the editor disagree most "
        "Alex Sandro: the crowd gave 9.0, the editor 6.5 (+2.5, the crowd rated him higher). "
        "Kalidou Koulibaly: the crowd gave 4.5, the editor 7 (−2.5, the crowd rated him lower). "
        "Wojciech Szczesny: the crowd gave 5.5, the editor 6 (−0.5, the crowd rated him lower)."
    ]


# --- Sort --------------------------------------------------------------------------------------


@pytest.fixture
def squad(match):
    """Napoli: Meret 7, 8, 9 (editor 8), Koulibaly 9 (7), Lobotka none (N/A).
    Juventus: Szczesny 5, 6 (6), Sandro 9, 9 (6.5)."""
    make_appearance(match, "Kalidou Koulibaly", order=2, editor="7")
    make_ballots(
        match,
        {
            "Alex Meret": [7, 8, 9],
            "Kalidou Koulibaly": [9],
            "Wojciech Szczesny": [5, 6],
            "Alex Sandro": [9, 9],
        },
    )
    return match


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alex Meret", "Kalidou Koulibaly", "Stanislav Lobotka", "Wojciech Szczesny", "Alex Sandro"]),
        ("?sort=crowd", ["Kalidou Koulibaly", "Alex Meret", "Stanislav Lobotka", "Alex Sandro", "Wojciech Szczesny"]),
        ("?sort=crowd&order=asc", ["Alex Meret", "Kalidou Koulibaly", "Stanislav Lobotka", "Wojciech Szczesny", "Alex Sandro"]),
        ("?sort=editor", ["Alex Meret", "Kalidou Koulibaly", "Stanislav Lobotka", "Alex Sandro", "Wojciech Szczesny"]),
        ("?sort=difference", ["Kalidou Koulibaly", "Alex Meret", "Stanislav Lobotka", "Alex Sandro", "Wojciech Szczesny"]),
        ("?sort=difference&order=asc", ["Alex Meret", "Kalidou Koulibaly", "Stanislav Lobotka", "Wojciech Szczesny", "Alex Sandro"]),
        ("?sort=votes", ["Alex Meret", "Kalidou Koulibaly", "Stanislav Lobotka", "Wojciech Szczesny", "Alex Sandro"]),
        ("?sort=nonsense&order=sideways", ["Alex Meret", "Kalidou Koulibaly", "Stanislav Lobotka", "Wojciech Szczesny", "Alex Sandro"]),
    ],
)  # fmt: skip
def test_results_sort_each_team_without_javascript(client, squad, open_results, query, expected):
    response = client.get(results_url(squad, query))

    assert response.status_code == 200
    assert names_in_order(response.content.decode(), squad) == expected


def test_results_sort_links_flip_the_active_column(client, squad, open_results):
    html = client.get(results_url(squad, "?sort=crowd")).content.decode()

    team = squad.home_team.pk
    headers = {
        key: by_id(html, f"sort-{key}-{team}").attrs["href"]
        for key in ("crowd", "editor", "difference", "votes")
    }
    assert headers == {
        "crowd": results_url(squad, "?sort=crowd&order=asc"),
        "editor": results_url(squad, "?sort=editor"),
        "difference": results_url(squad, "?sort=difference"),
        "votes": results_url(squad, "?sort=votes"),
    }
    assert by_id(html, f"sort-crowd-{team}").parent.attrs["aria-sort"] == "descending"
    assert by_id(html, f"sort-crowd-{team}").text() == "Crowd (sorted highest first) ▼"
    assert by_id(html, f"sort-votes-{team}").attrs["hx-get"] == results_url(squad, "?sort=votes")


def test_results_htmx_sort_returns_the_results_fragment(client, squad, open_results, htmx_headers):
    response = client.get(results_url(squad, "?sort=crowd"), headers=htmx_headers)

    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="results"')
    assert names_in_order(html, squad)[:2] == ["Kalidou Koulibaly", "Alex Meret"]
    assert "HX-Request" in response["Vary"]


# --- Supporter groups ----------------------------------------------------------------------


@pytest.fixture
def supporters(match):
    """Two Napoli fans, two Juventus fans and a neutral rate Szczesny (editor 6)."""
    szczesny = appearance_named(match, "Wojciech Szczesny")
    for club, scores in ((match.home_team, [3, 4]), (match.away_team, [8, 9]), (None, [6])):
        for score in scores:
            rate_players(fan=make_fan(club=club), match=match, scores={szczesny: score})
    return match


@pytest.mark.parametrize(
    ("query", "crowd", "votes"),
    [
        ("", "6.0", "5"),
        ("?fans=home", "3.5", "2"),
        ("?fans=away", "8.5", "2"),
        ("?fans=neutral", "6.0", "1"),
        ("?fans=everyone", "6.0", "5"),
    ],
)
def test_results_supporter_groups(client, supporters, open_results, query, crowd, votes):
    html = client.get(results_url(supporters, query)).content.decode()

    cells = row(html, supporters, "Wojciech Szczesny")
    assert (cells[1], cells[4]) == (crowd, votes)


def test_results_side_by_side_shows_each_group(client, supporters, open_results):
    html = client.get(results_url(supporters, "?fans=split")).content.decode()

    # Player, editor, Napoli fans, Juventus fans, neutrals, votes.
    assert row(html, supporters, "Wojciech Szczesny") == [
        "Wojciech Szczesny", "6", "3.5 (2)", "8.5 (2)", "6.0 (1)", "5",
    ]  # fmt: skip


def test_results_group_switch_links_work_without_javascript(client, supporters, open_results):
    html = client.get(results_url(supporters, "?sort=crowd")).content.decode()

    switch = [(text, href) for text, href in links(html) if "fans=" in href or text == "All fans"]
    assert switch == [
        ("All fans", results_url(supporters, "?sort=crowd")),
        ("Napoli fans", results_url(supporters, "?fans=home&sort=crowd")),
        ("Juventus fans", results_url(supporters, "?fans=away&sort=crowd")),
        ("Neutrals", results_url(supporters, "?fans=neutral&sort=crowd")),
        ("Side by side", results_url(supporters, "?fans=split&sort=crowd")),
    ]


def test_results_small_group_shows_as_provisional(client, supporters, settings):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    settings.PROVISIONAL_VOTES = 2

    html = client.get(results_url(supporters, "?fans=split")).content.decode()

    assert row(html, supporters, "Wojciech Szczesny")[2:5] == [
        "3.5 (2)",
        "8.5 (2)",
        "6.0† (provisional: fewer than 2 votes) (1)",
    ]


# --- No herding -----------------------------------------------------------------------------


HIDDEN_NOTE = "The marks are hidden until you rate"


def test_results_open_match_hides_marks_from_a_visitor(client, rated_match):
    html = client.get(results_url(rated_match)).content.decode()

    assert HIDDEN_NOTE in html
    assert row(html, rated_match, "Alex Meret") == ["Alex Meret", "3"]
    assert "votes-" not in html  # no charts
    assert "agreement-headline" not in html
    assert "The editor's pick" not in html


def test_results_open_match_hides_marks_from_a_fan_who_has_not_rated(fan_client, rated_match):
    html = fan_client.get(results_url(rated_match)).content.decode()

    assert HIDDEN_NOTE in html
    assert row(html, rated_match, "Wojciech Szczesny") == ["Wojciech Szczesny", "2"]
    assert ("Rate the players", reverse("ratings:ballot", args=[rated_match.pk])) in links(html)


def test_results_reveal_everything_once_the_fan_has_rated(fan_client, fan, rated_match, settings):
    settings.PROVISIONAL_VOTES = 1
    make_fan_rating(appearance_named(rated_match, "Alex Sandro"), fan, 7)

    html = fan_client.get(results_url(rated_match)).content.decode()

    assert HIDDEN_NOTE not in html
    assert row(html, rated_match, "Alex Meret")[:3] == ["Alex Meret", "8.0", "8"]


def test_results_reveal_everything_once_rating_closes(client, db, settings):
    settings.PROVISIONAL_VOTES = 1
    match = make_closed_match()
    make_ballots(match, {"Alex Meret": [6]})

    html = client.get(results_url(match)).content.decode()

    assert HIDDEN_NOTE not in html
    assert row(html, match, "Alex Meret")[:3] == ["Alex Meret", "6.0", "8"]


def test_results_no_herding_can_be_turned_off(client, rated_match, settings):
    settings.HIDE_RESULTS_UNTIL_RATED = False

    html = client.get(results_url(rated_match)).content.decode()

    assert HIDDEN_NOTE not in html


def test_results_editors_see_the_marks_while_open(client, rated_match):
    client.force_login(make_editor())

    html = client.get(results_url(rated_match)).content.decode()

    assert HIDDEN_NOTE not in html


# --- Your ballot ----------------------------------------------------------------------------


def test_results_your_ballot_beside_the_crowd_and_the_editor(
    fan_client, fan, rated_match, settings
):
    settings.PROVISIONAL_VOTES = 1
    make_fan_rating(appearance_named(rated_match, "Alex Meret"), fan, 9)
    make_fan_rating(appearance_named(rated_match, "Wojciech Szczesny"), fan, 3)

    html = fan_client.get(results_url(rated_match)).content.decode()

    # Meret 7, 8, 9, 9 (8.25) against your 9; Szczesny 5, 6, 3 (4.67) against your 3.
    assert row(html, rated_match, "Alex Meret") == [
        "Alex Meret", "8.3", "8", "+0.3 crowd higher", "4", "8.5", "0.8", "9",
    ]  # fmt: skip
    assert row(html, rated_match, "Alex Sandro")[-1] == "–"
    assert text_of(html, "your-ballot-heading") == "Your ballot"
    assert (
        "You rated 2 players; your marks are in the “You” column. You were furthest from the "
        "crowd on Wojciech Szczesny (you 3, the crowd 4.7) and from the editor on Wojciech "
        "Szczesny (you 3, the editor 6)."
    ) in texts_by_class(html, "your-ballot")[0]


def test_results_each_fan_sees_their_own_ballot_in_the_shared_rendering(
    client, rated_match, django_assert_num_queries
):
    # Two fans who rated: the second reads the rendering the first one's visit left in the
    # cache (same version of the match), with only their own marks filled in.
    first, second = make_fan("first"), make_fan("second")
    make_fan_rating(appearance_named(rated_match, "Alex Meret"), first, 9)
    make_fan_rating(appearance_named(rated_match, "Alex Sandro"), second, 4)
    client.force_login(first)
    first_html = client.get(results_url(rated_match)).content.decode()
    client.force_login(second)

    # Session, user, then one query for the fan's marks and the match's version: the page
    # itself was kept from the first fan's visit (ratings.views._fan_results_page).
    with django_assert_num_queries(3):
        second_html = client.get(results_url(rated_match)).content.decode()

    assert row(first_html, rated_match, "Alex Meret")[-1] == "9"
    assert row(first_html, rated_match, "Alex Sandro")[-1] == "–"
    assert row(second_html, rated_match, "Alex Meret")[-1] == "–"
    assert row(second_html, rated_match, "Alex Sandro")[-1] == "4"
    assert texts_by_class(first_html, "your-ballot")[0].startswith(
        "Your ballot You rated 1 player;"
    )
    assert (
        "furthest from the crowd on Alex Sandro (you 4,"
        in texts_by_class(second_html, "your-ballot")[0]
    )
    assert "<!--" not in second_html.split('id="results"')[1]


def test_results_visitor_has_no_ballot_column(client, rated_match, open_results):
    html = client.get(results_url(rated_match)).content.decode()

    assert "your-ballot-heading" not in html
    assert len(row(html, rated_match, "Alex Meret")) == 7


# --- Live refresh, legend, links ---------------------------------------------------------------


def test_results_refresh_keeps_the_sort_and_the_scroll(client, squad, open_results, settings):
    settings.RESULTS_REFRESH_SECONDS = 15

    html = client.get(results_url(squad, "?fans=away&sort=votes")).content.decode()

    region = by_id(html, "results")
    assert region.attrs["hx-get"] == results_url(squad, "?fans=away&sort=votes")
    assert region.attrs["hx-trigger"] == "every 15s"
    assert "data-keep-scroll" in html
    assert "/static/js/results.js" in html


def test_results_closed_match_stops_polling(client, db):
    html = client.get(results_url(make_closed_match())).content.decode()

    assert 'hx-trigger="every' not in html
    assert "these numbers still move" not in html


def test_results_show_the_scale_legend(client, match):
    html = client.get(results_url(match)).content.decode()

    assert texts_by_class(html, "scale-marks") == [
        "4 Poor: his mistakes hurt the team 6 A pass: he did his job "
        "8 Very good: one of the best on the pitch 10 Outstanding: a game to remember"
    ]


def test_results_link_the_exports_and_the_embed(client, match):
    html = client.get(results_url(match)).content.decode()

    assert links(html, "results")[-3:] == [
        ("JSON", f"/matches/{match.pk}/results.json"),
        ("CSV", f"/matches/{match.pk}/results.csv"),
        ("a card to embed", f"/matches/{match.pk}/embed/"),
    ]


def test_results_unknown_match_is_404(client, db):
    assert client.get(reverse("ratings:results", args=[999999])).status_code == 404


def test_results_refuse_post(fan_client, match):
    assert fan_client.post(results_url(match)).status_code == 405


# --- Cost ---------------------------------------------------------------------------------------


def _squad_with_votes(match, size: int, fans: int) -> None:
    for team in (match.home_team, match.away_team):
        for order in range(2, size + 2):
            make_appearance(match, team=team, order=order, editor="6")
    voters = [make_fan(club=match.away_team if n % 2 else None) for n in range(fans)]
    appearances = list(match.appearances.all())
    for number, voter in enumerate(voters):
        rate_players(fan=voter, match=match, scores=dict.fromkeys(appearances, 4 + number % 6))


@pytest.mark.parametrize(("size", "fans"), [(0, 1), (6, 8)])
def test_results_query_count_for_a_visitor(
    client, match, open_results, django_assert_num_queries, size, fans
):
    _squad_with_votes(match, size, fans)

    # The results' version (the shared cache's key), the match, the line-ups, their
    # tallies, the fan counts.
    with django_assert_num_queries(5):
        response = client.get(results_url(match, "?sort=crowd"))

    assert len(row_ids(response.content.decode())) == 4 + 2 * size


@pytest.mark.parametrize(("size", "fans"), [(0, 1), (6, 8)])
def test_results_query_count_for_a_fan_side_by_side(
    fan_client, fan, match, django_assert_num_queries, size, fans
):
    _squad_with_votes(match, size, fans)
    make_fan_rating(appearance_named(match, "Alex Meret"), fan, 7)

    # A first visit: session, user, the match sheet (match, line-up, events), the fan's
    # marks with the match's version; then rendering the page: the match, the line-ups,
    # the fan's votes, all fans' tallies and each group's (three), the fan counts.
    with django_assert_num_queries(14):
        response = fan_client.get(results_url(match, "?fans=split"))
    # Later: the session, then the fan's marks with the match's version.
    with django_assert_num_queries(2):
        again = fan_client.get(results_url(match, "?fans=split"))

    assert len(row_ids(response.content.decode())) == 4 + 2 * size
    assert row_ids(again.content.decode()) == row_ids(response.content.decode())


def test_results_keep_the_demo_flag_after_a_week(client, db, open_results):
    match = make_closed_match(kickoff=timezone.now() - timedelta(days=30))

    assert client.get(results_url(match)).status_code == 200


def test_results_difference_rounding_to_zero_from_below_shows_plain_zero(
    client, match, open_results
):
    make_appearance(match, "Piotr Zielinski", order=2, editor="7-")  # 6.75
    # 7, 7, 7, 7, 7, 6, 6 average 47/7 = 6.714..., 0.036 under the editor: rounds to 0.0.
    make_ballots(match, {"Piotr Zielinski": [7, 7, 7, 7, 7, 6, 6]})

    html = client.get(results_url(match)).content.decode()

    assert row(html, match, "Piotr Zielinski")[3] == "0.0 level"


@pytest.mark.parametrize(
    ("pick", "shown", "sentence"),
    [
        ("Alex Meret", "Alex Meret (Napoli)", "The crowd agrees with the editor."),
        ("Wojciech Szczesny", "Wojciech Szczesny (Juventus)", "The crowd and the editor disagree."),
        (None, "Not chosen yet", None),
    ],
)
def test_results_editor_pick_against_the_crowd(
    client, rated_match, settings, open_results, pick, shown, sentence
):
    settings.CROWD_MOTM_MIN_VOTES = 3
    rated_match.man_of_the_match = pick and appearance_named(rated_match, pick)
    rated_match.save()

    html = client.get(results_url(rated_match)).content.decode()

    verdicts = texts_by_class(html, "verdicts")[0]
    assert f"The editor's pick {shown}" in verdicts
    assert ("agrees" in verdicts or "disagree" in verdicts) is (sentence is not None)
    if sentence:
        assert sentence in verdicts


def test_ballot_shows_the_scale_legend_folded(fan_client, match):
    html = fan_client.get(reverse("ratings:ballot", args=[match.pk])).content.decode()

    assert texts_by_class(html, "scale-details") == [
        "What the marks mean 4 Poor: his mistakes hurt the team 6 A pass: he did his job "
        "8 Very good: one of the best on the pitch 10 Outstanding: a game to remember"
    ]


def test_results_side_by_side_says_where_the_supporters_split_most(
    client, supporters, open_results
):
    meret = appearance_named(supporters, "Alex Meret")
    rate_players(fan=make_fan(club=supporters.home_team), match=supporters, scores={meret: 9})
    rate_players(fan=make_fan(club=supporters.away_team), match=supporters, scores={meret: 7})

    html = client.get(results_url(supporters, "?fans=split")).content.decode()

    # Szczesny: Juventus fans 8.5, Napoli fans 3.5 (5 apart); Meret 9 against 7 (2 apart).
    assert texts_by_class(html, "supporter-split") == [
        "The two sets of fans split most over Wojciech Szczesny: Juventus fans gave him 8.5, "
        "Napoli fans 3.5."
    ]


def test_results_without_provisional_marks_have_no_note(client, match, settings):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    settings.PROVISIONAL_VOTES = 2
    make_ballots(match, {"Alex Meret": [7, 8], "Wojciech Szczesny": [6]})

    html = client.get(results_url(match)).content.decode()

    # Napoli's only mark has two votes; Juventus's Szczesny has one.
    assert texts_by_class(html, "table-note") == [
        "† Provisional: from fewer than 2 votes, so it can still swing."
    ]


def test_results_team_without_a_line_up_says_so(client, db, open_results):
    match = make_bare_match(home_team=make_team("Genoa"), away_team=make_team("Napoli"))
    make_appearance(match, "Alex Meret", team=match.away_team, editor="6")

    html = client.get(results_url(match, "?fans=split")).content.decode()

    assert "No line-up entered for Genoa." in texts_by_class(html, "team-verdict")
    assert len(row_ids(html)) == 1


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("", "How close the crowd came to the editor"),
        ("?fans=away", "How close Juventus fans came to the editor"),
        ("?fans=split", "How close the crowd came to the editor"),
    ],
)
def test_results_agreement_heading_names_the_group(
    client, supporters, open_results, query, heading
):
    html = client.get(results_url(supporters, query)).content.decode()

    assert text_of(html, "agreement-heading") == heading


@pytest.mark.parametrize("query", ["?sort=crowd", "?sort=editor", "?sort=difference&order=asc"])
def test_results_hidden_marks_cannot_be_read_from_the_order(client, squad, query):
    # Visitor, rating open: the marks are hidden, so sorting by them keeps the team sheet.
    html = client.get(results_url(squad, query)).content.decode()

    assert HIDDEN_NOTE in html
    assert names_in_order(html, squad) == [
        "Alex Meret", "Kalidou Koulibaly", "Stanislav Lobotka", "Wojciech Szczesny", "Alex Sandro",
    ]  # fmt: skip


def test_results_hidden_marks_still_sort_by_votes(client, squad):
    html = client.get(results_url(squad, "?sort=votes&order=asc")).content.decode()

    # Votes: Lobotka 0, Koulibaly 1, Meret 3; Szczesny and Sandro 2 each (team-sheet order).
    assert names_in_order(html, squad) == [
        "Stanislav Lobotka", "Kalidou Koulibaly", "Alex Meret", "Wojciech Szczesny", "Alex Sandro",
    ]  # fmt: skip
