"""The line-up's player search in admin: accents ignored, the match's squads first, teams shown."""

from django.urls import reverse

from tests.factories import make_fan, make_player, make_team

PARAMS = {"app_label": "matches", "model_name": "appearance", "field_name": "player"}


def search(client, match, term: str):
    url = reverse("admin:matches_match_player_search", args=[match.pk])
    return client.get(url, {"term": term, **PARAMS})


def texts(response) -> list[str]:
    return [result["text"] for result in response.json()["results"]]


def test_player_search_ignores_accents_and_case(editor_client, match):
    make_player("Piotr Zieliński", match.home_team)
    make_player("Mário Rui", match.home_team)

    found = {term: texts(search(editor_client, match, term)) for term in ("ZIELINSKI", "mario rui")}

    assert found == {
        "ZIELINSKI": ["Piotr Zieliński (Napoli)"],
        "mario rui": ["Mário Rui (Napoli)"],
    }


def test_player_search_lists_the_two_squads_first_with_each_team(editor_client, match):
    make_player("Alex Berenguer", make_team("Torino"))
    make_player("Alex Ferrari", None)

    response = search(editor_client, match, "alex")

    assert texts(response) == [
        "Alex Meret (Napoli)",
        "Alex Sandro (Juventus)",
        "Alex Berenguer (Torino)",
        "Alex Ferrari (no team)",
    ]


def test_player_search_for_a_new_match_has_no_squads_to_prefer(editor_client, match):
    response = editor_client.get(
        reverse("admin:matches_match_player_search_new"), {"term": "szcz", **PARAMS}
    )

    assert texts(response) == ["Wojciech Szczesny (Juventus)"]


def test_player_search_queries_do_not_grow_with_the_players(
    editor_client, match, django_assert_num_queries
):
    for number in range(30):
        make_player(f"Alex Extra {number}", match.home_team)

    with django_assert_num_queries(8):
        response = search(editor_client, match, "alex")

    assert len(response.json()["results"]) == 20
    assert response.json()["pagination"] == {"more": True}


def test_player_search_is_for_editors_only(client, match):
    client.force_login(make_fan("a-fan"))

    response = search(client, match, "alex")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_match_change_page_uses_the_desk_player_search(editor_client, match):
    html = editor_client.get(f"/admin/matches/match/{match.pk}/change/").content.decode()

    url = reverse("admin:matches_match_player_search", args=[match.pk])
    assert f'data-ajax--url="{url}"' in html
