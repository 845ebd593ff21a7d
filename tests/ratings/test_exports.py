"""results.json, results.csv and the embed card: the published shapes, no herding, framing."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.factories import appearance_named, make_ballots, make_closed_match, make_match
from tests.pages import by_id, texts_by_class

KICKOFF = datetime(2021, 2, 13, 17, 0, tzinfo=UTC)


@pytest.fixture
def closed_match(db):
    """Meret 7, 8, 9 (editor 8, the editor's man of the match); Lobotka one 10 (N/A);
    Szczesny 5, 6 (editor 6); Sandro no votes (editor 6.5)."""
    match = make_closed_match(kickoff=KICKOFF)
    make_ballots(
        match,
        {"Alex Meret": [7, 8, 9], "Stanislav Lobotka": [10], "Wojciech Szczesny": [5, 6]},
    )
    match.man_of_the_match = appearance_named(match, "Alex Meret")
    match.save()
    return match


def json_url(match) -> str:
    return reverse("ratings:results_json", args=[match.pk])


def csv_url(match) -> str:
    return reverse("ratings:results_csv", args=[match.pk])


def embed_url(match) -> str:
    return reverse("ratings:embed", args=[match.pk])


def test_results_json_has_the_published_shape(client, closed_match):
    response = client.get(json_url(closed_match))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "match": {
            "id": closed_match.pk,
            "competition": "Serie A 2020-21",
            "home": "Napoli",
            "away": "Juventus",
            "home_score": 1,
            "away_score": 0,
            "kickoff": "2021-02-13T17:00:00+00:00",
            "rating_open": False,
        },
        "players": [
            {
                "player": "Alex Meret", "team": "Napoli", "role": "starter", "editor": 8.0,
                "crowd_mean": 8.0, "crowd_median": 8, "votes": 3, "provisional": True,
                "distribution": [0, 0, 0, 0, 0, 0, 1, 1, 1, 0], "difference": 0.0,
            },
            {
                "player": "Stanislav Lobotka", "team": "Napoli", "role": "substitute",
                "editor": None, "crowd_mean": 10.0, "crowd_median": 10, "votes": 1,
                "provisional": True, "distribution": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
                "difference": None,
            },
            {
                "player": "Wojciech Szczesny", "team": "Juventus", "role": "starter",
                "editor": 6.0, "crowd_mean": 5.5, "crowd_median": 5.5, "votes": 2,
                "provisional": True, "distribution": [0, 0, 0, 0, 1, 1, 0, 0, 0, 0],
                "difference": -0.5,
            },
            {
                "player": "Alex Sandro", "team": "Juventus", "role": "substitute", "editor": 6.5,
                "crowd_mean": None, "crowd_median": None, "votes": 0, "provisional": True,
                "distribution": [0] * 10, "difference": None,
            },
        ],
        "editor_man_of_the_match": "Alex Meret",
        "crowd_man_of_the_match": "Alex Meret",
        # Meret 0 and Szczesny 0.5 apart; two players are too few for a rank correlation.
        "agreement": {"mean_absolute_difference": 0.25, "spearman": None},
    }  # fmt: skip


def test_results_json_rounds_to_two_decimals(client, db, settings):
    settings.PROVISIONAL_VOTES = 3
    match = make_closed_match()
    # Meret 6, 7, 7: 6.666... against 8; Sandro 9 v 6.5; Szczesny 6 v 6 (ranks 1.5/1.5/3 v 1/2/3).
    make_ballots(match, {"Alex Meret": [6, 7, 7], "Alex Sandro": [9], "Wojciech Szczesny": [6]})

    data = json.loads(client.get(json_url(match)).content)

    meret = data["players"][0]
    assert (meret["crowd_mean"], meret["crowd_median"], meret["difference"]) == (6.67, 7, -1.33)
    assert meret["provisional"] is False
    # Gaps 1.333..., 2.5 and 0: 1.277... on average. Crowd ranks Sandro 1, Meret 2, Szczesny 3;
    # editor Meret 1, Sandro 2, Szczesny 3: 1 - 6 * 2 / 24 = 0.5.
    assert data["agreement"] == {"mean_absolute_difference": 1.28, "spearman": 0.5}
    # Sandro's 9 is one vote; only Meret has the three a crowd's pick needs.
    assert data["crowd_man_of_the_match"] == "Alex Meret"


def test_results_json_while_open_carries_counts_only(client, db):
    match = make_match()
    make_ballots(match, {"Alex Meret": [7, 8]})
    match.man_of_the_match = appearance_named(match, "Alex Meret")
    match.save()

    data = json.loads(client.get(json_url(match)).content)

    assert data["match"]["rating_open"] is True
    assert data["players"][0] == {
        "player": "Alex Meret", "team": "Napoli", "role": "starter", "editor": None,
        "crowd_mean": None, "crowd_median": None, "votes": 2, "provisional": True,
        "distribution": None, "difference": None,
    }  # fmt: skip
    assert data["editor_man_of_the_match"] is None
    assert data["crowd_man_of_the_match"] is None
    assert data["agreement"] == {"mean_absolute_difference": None, "spearman": None}


def test_results_json_after_the_fan_rated_shows_everything(fan_client, fan, db):
    match = make_match()
    make_ballots(match, {"Alex Meret": [7, 8]})
    from tests.factories import make_fan_rating

    make_fan_rating(appearance_named(match, "Alex Meret"), fan, 9)

    data = json.loads(fan_client.get(json_url(match)).content)

    assert (data["players"][0]["crowd_mean"], data["players"][0]["votes"]) == (8.0, 3)


def test_results_csv_one_row_per_player(client, closed_match):
    response = client.get(csv_url(closed_match))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="match-{closed_match.pk}-results.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["player", "team", "role", "editor", "crowd_mean", "crowd_median", "votes", "provisional",
         *(f"votes_{n}" for n in range(1, 11)), "difference"],
        ["Alex Meret", "Napoli", "starter", "8.0", "8.0", "8", "3", "true",
         "0", "0", "0", "0", "0", "0", "1", "1", "1", "0", "0.0"],
        ["Stanislav Lobotka", "Napoli", "substitute", "", "10.0", "10", "1", "true",
         "0", "0", "0", "0", "0", "0", "0", "0", "0", "1", ""],
        ["Wojciech Szczesny", "Juventus", "starter", "6.0", "5.5", "5.5", "2", "true",
         "0", "0", "0", "0", "1", "1", "0", "0", "0", "0", "-0.5"],
        ["Alex Sandro", "Juventus", "substitute", "6.5", "", "", "0", "true",
         "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", ""],
    ]  # fmt: skip


def test_results_csv_while_open_carries_counts_only(client, db):
    match = make_match()
    make_ballots(match, {"Alex Meret": [7, 8]})

    rows = list(csv.DictReader(io.StringIO(client.get(csv_url(match)).content.decode())))

    assert rows[0] == {
        "player": "Alex Meret", "team": "Napoli", "role": "starter", "editor": "",
        "crowd_mean": "", "crowd_median": "", "votes": "2", "provisional": "true",
        **{f"votes_{n}": "" for n in range(1, 11)}, "difference": "",
    }  # fmt: skip


@pytest.mark.parametrize("name", ["ratings:results_json", "ratings:results_csv", "ratings:embed"])
def test_exports_unknown_match_is_404(client, db, name):
    assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["ratings:results_json", "ratings:results_csv", "ratings:embed"])
def test_exports_refuse_post(client, closed_match, name):
    assert client.post(reverse(name, args=[closed_match.pk])).status_code == 405


@pytest.mark.parametrize("players", [0, 8])
def test_exports_query_count(client, closed_match, django_assert_num_queries, players):
    from tests.factories import make_appearance

    for order in range(2, players + 2):
        make_appearance(closed_match, order=order, editor="6")

    # The results' version (the shared cache's key), the match, the line-ups, their tallies,
    # the fan counts.
    with django_assert_num_queries(5):
        data = json.loads(client.get(json_url(closed_match)).content)
    with django_assert_num_queries(5):
        client.get(csv_url(closed_match))
    with django_assert_num_queries(5):
        client.get(embed_url(closed_match))

    assert len(data["players"]) == 4 + players


# --- The embed --------------------------------------------------------------------------------


def csp(response) -> dict[str, str]:
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1]
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
        if " " in part
    }


def test_embed_shows_the_card(client, closed_match, settings):
    settings.CROWD_MOTM_MIN_VOTES = 3

    response = client.get(embed_url(closed_match))

    html = response.content.decode()
    assert response.status_code == 200
    assert by_id(html, "embed-heading").text() == "Napoli 1-0 Juventus: the crowd v the editor"
    assert texts_by_class(html, "verdict-list") == [
        "The editor's man of the match Alex Meret (Napoli) "
        "The crowd's man of the match Alex Meret, 8.0 from 3 votes"
    ]
    assert texts_by_class(html, "embed-disagreements") == [
        "Wojciech Szczesny: crowd 5.5, editor 6 −0.5 crowd lower"
    ]
    link = by_id(html, "embed-card").find_all(lambda n: n.tag == "a")[-1]
    assert link.attrs["href"] == f"http://testserver/matches/{closed_match.pk}/results/"
    assert link.attrs["target"] == "_blank"


def test_embed_follows_the_no_herding_rule(client, db):
    match = make_match()
    make_ballots(match, {"Alex Meret": [7, 8]})

    html = client.get(embed_url(match)).content.decode()

    assert "Fans are still rating this match" in html
    assert "verdict-list" not in html
    assert by_id(html, "embed-card").attrs["hx-trigger"] == "every 30s"


def test_embed_htmx_returns_the_card_only(client, closed_match, htmx_headers):
    response = client.get(embed_url(closed_match), headers=htmx_headers)

    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<article id="embed-card"')


def test_embed_may_be_framed_only_by_the_allowed_origins(client, closed_match, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://news.example.com", "https://sport.example.org"]

    response = client.get(embed_url(closed_match))

    assert csp(response)["frame-ancestors"] == "https://news.example.com https://sport.example.org"
    assert "X-Frame-Options" not in response


def test_embed_without_allowed_origins_may_not_be_framed(client, closed_match, settings):
    settings.EMBED_ALLOWED_ORIGINS = []

    response = client.get(embed_url(closed_match))

    assert csp(response)["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("page", ["results", "results_json", "player"])
def test_other_pages_stay_unframeable(client, closed_match, settings, page):
    settings.EMBED_ALLOWED_ORIGINS = ["https://news.example.com"]
    args = (
        [appearance_named(closed_match, "Alex Meret").player_id]
        if page == "player"
        else [closed_match.pk]
    )

    response = client.get(reverse(f"ratings:{page}", args=args))

    assert response["X-Frame-Options"] == "DENY"
    assert csp(response)["frame-ancestors"] == "'none'"
