import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user, get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matches.models import Appearance
from ratings.models import DemoFan, EditorRating, FanRating
from tests.factories import (
    FAN_PASSWORD,
    appearance_named,
    make_appearance,
    make_ballots,
    make_bare_match,
    make_closed_match,
    make_event,
    make_fan,
    make_fan_rating,
    make_match,
    make_player,
    make_team,
)

# --- Reading pages ------------------------------------------------------------------------


def text(html: str) -> str:
    """The words a reader sees: tags dropped, entities decoded, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def texts(pattern: str, html: str) -> list[str]:
    return [text(found) for found in re.findall(pattern, html, re.S)]


def radios(html: str) -> dict[str, list[str]]:
    """Radio values by input name, in page order."""
    found: dict[str, list[str]] = {}
    for tag in re.findall(r'<input type="radio"[^>]*>', html):
        name = re.search(r'name="([^"]+)"', tag)[1]
        found.setdefault(name, []).append(re.search(r'value="([^"]*)"', tag)[1])
    return found


def checked(html: str) -> dict[str, str]:
    """The checked radio's value by input name."""
    return {
        re.search(r'name="([^"]+)"', tag)[1]: re.search(r'value="([^"]*)"', tag)[1]
        for tag in re.findall(r'<input type="radio"[^>]*\bchecked\b[^>]*>', html)
    }


def line_up(html: str) -> list[str]:
    """Each player's entry on the ballot (its element has id="appearance-<pk>"), as text."""
    return texts(r'<(?:fieldset|li) id="appearance-\d+"[^>]*>(.*?)</(?:fieldset|li)>', html)


def appearance_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="appearance-(\d+)"', html)]


def result_row(html: str, appearance: Appearance) -> list[str]:
    row = re.search(rf'<tr id="result-{appearance.pk}">(.*?)</tr>', html, re.S)[1]
    # The numbers only: the vote chart's cell (class="chart-cell") is tested on its own.
    return texts(r'<t[hd](?: scope="row")?>(.*?)</t[hd]>', row)


def player_rows(html: str) -> list[list[str]]:
    """The player page's match rows: the match as linked, then editor, crowd, votes, gap."""
    body = "".join(re.findall(r"<tbody>(.*?)</tbody>", html, re.S))
    return [
        texts(r"<a [^>]*>(.*?)</a>", row)[:1] + texts(r"<td>(.*?)</td>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def messages_shown(html: str) -> list[str]:
    return texts(r'<li class="message [^"]+">(.*?)</li>', html)


def saved_ratings() -> list[tuple[str, str, int]]:
    return sorted(
        FanRating.objects.values_list("appearance__player__name", "fan__username", "score")
    )


def field(appearance: Appearance) -> str:
    return f"rating-{appearance.pk}"


def ballot_url(match) -> str:
    return reverse("ratings:ballot", args=[match.pk])


def rate_url(appearance: Appearance) -> str:
    return reverse("ratings:rate", args=[appearance.match_id, appearance.pk])


def results_url(match) -> str:
    return reverse("ratings:results", args=[match.pk])


def add_squad(match, size: int) -> None:
    """`size` more starters and `size` more substitutes on each side, all rated by the editor."""
    for team in (match.home_team, match.away_team):
        for order in range(2, size + 2):
            make_appearance(match, team=team, order=order, editor="6")
            make_appearance(match, team=team, order=order, editor="6", role="substitute")


# --- ratings:ballot, GET ------------------------------------------------------------------


def test_ballot_anonymous_sees_players_but_no_radios_and_a_login_prompt(client, match):
    response = client.get(ballot_url(match))

    content = response.content.decode()
    assert response.status_code == 200
    assert line_up(content) == [
        "Alex Meret",
        "Stanislav Lobotka on 80'",
        "Wojciech Szczesny",
        "Alex Sandro",
    ]
    assert radios(content) == {}
    assert "hx-post" not in content
    assert "Log in or sign up to rate the players out of 10." in text(content)
    assert f'href="/accounts/login/?next=/matches/{match.pk}/"' in content
    assert "Save my ratings" not in content


def test_ballot_fan_sees_a_radio_group_per_player(fan_client, match):
    meret = appearance_named(match, "Alex Meret")
    lobotka = appearance_named(match, "Stanislav Lobotka")
    szczesny = appearance_named(match, "Wojciech Szczesny")
    sandro = appearance_named(match, "Alex Sandro")

    response = fan_client.get(ballot_url(match))

    content = response.content.decode()
    scores = [str(score) for score in range(1, 11)]
    assert response.status_code == 200
    assert re.findall(r'<fieldset id="([^"]+)"', content) == [
        f"appearance-{meret.pk}",
        f"appearance-{lobotka.pk}",
        f"appearance-{szczesny.pk}",
        f"appearance-{sandro.pk}",
    ]
    assert texts(r"<legend>(.*?)</legend>", content) == [
        "Alex Meret",
        "Stanislav Lobotka on 80'",
        "Wojciech Szczesny",
        "Alex Sandro",
    ]
    assert radios(content) == {
        field(meret): scores,
        field(lobotka): scores,
        field(szczesny): scores,
        field(sandro): scores,
    }
    assert checked(content) == {}
    assert f'<label for="id_rating-{meret.pk}_6">7</label>' in content
    assert "Save my ratings" in content


def test_ballot_lists_home_side_first_starters_before_substitutes(fan_client, db):
    match = make_bare_match(home_team=make_team("Napoli"), away_team=make_team("Juventus"))
    make_appearance(match, "Federico Chiesa", team=match.away_team, order=1)
    make_appearance(match, "Hirving Lozano", role="substitute", order=1, minute_on=60)
    make_appearance(match, "Lorenzo Insigne", order=2)
    make_appearance(match, "Alex Meret", order=1)
    make_appearance(match, "Dejan Kulusevski", team=match.away_team, role="substitute")

    response = fan_client.get(ballot_url(match))

    content = response.content.decode()
    assert texts(r'<h3 class="team-heading">(.*?)</h3>', content) == ["Napoli", "Juventus"]
    assert texts(r'<h4 class="role-heading">(.*?)</h4>', content) == [
        "Starting line-up",
        "Substitutes",
        "Starting line-up",
        "Substitutes",
    ]
    assert texts(r"<legend>(.*?)</legend>", content) == [
        "Alex Meret",
        "Lorenzo Insigne",
        "Hirving Lozano on 60'",
        "Federico Chiesa",
        "Dejan Kulusevski",
    ]


def test_ballot_shows_key_moments_in_minute_order(client, match):
    make_event(match, minute=75, kind="card", description="Chiellini booked.")
    make_event(match, minute=12, kind="goal", description="Insigne curls one in.")

    response = client.get(ballot_url(match))

    assert texts(r'<ol class="moment-list">(.*?)</ol>', response.content.decode()) == [
        "12' Goal Insigne curls one in. 75' Card Chiellini booked."
    ]


def test_ballot_without_events_has_no_key_moments(client, match):
    response = client.get(ballot_url(match))

    assert "Key moments" not in response.content.decode()


def test_ballot_fan_sees_own_saved_ratings_checked(fan_client, fan, match):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")
    make_fan_rating(meret, fan, score=7)
    make_fan_rating(sandro, fan, score=10)

    response = fan_client.get(ballot_url(match))

    assert checked(response.content.decode()) == {field(meret): "7", field(sandro): "10"}


def test_ballot_fan_does_not_see_another_fans_ratings(fan_client, match):
    other = make_fan("other")
    make_fan_rating(appearance_named(match, "Alex Meret"), other, score=3)

    response = fan_client.get(ballot_url(match))

    assert checked(response.content.decode()) == {}


def test_ballot_closed_match_shows_closed_and_no_radios(fan_client, fan, db):
    match = make_closed_match()
    make_fan_rating(appearance_named(match, "Alex Meret"), fan, score=7)

    response = fan_client.get(ballot_url(match))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Rating closed on" in text(content)
    assert radios(content) == {}
    assert "hx-post" not in content
    assert "Save my ratings" not in content
    assert [entry.lower() for entry in line_up(content)] == [
        "alex meret your rating: 7",
        "stanislav lobotka on 80'",
        "wojciech szczesny",
        "alex sandro",
    ]


def test_ballot_before_opening_says_when_rating_opens(fan_client, db):
    now = timezone.now()
    match = make_match(
        rating_opens_at=now + timedelta(hours=2), rating_closes_at=now + timedelta(days=7)
    )

    response = fan_client.get(ballot_url(match))

    content = response.content.decode()
    assert "Rating opens on" in text(content)
    assert radios(content) == {}


def test_ballot_htmx_returns_the_ballot_fragment_only(fan_client, match, htmx_headers):
    make_event(match)

    response = fan_client.get(ballot_url(match), headers=htmx_headers)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.strip().startswith('<section id="ballot"')
    assert content.strip().endswith("</section>")
    assert "Key moments" not in content
    assert len(radios(content)) == 4
    assert "HX-Request" in response["Vary"]


def test_ballot_unknown_match_is_404(client, db):
    response = client.get(reverse("ratings:ballot", args=[999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("extra_per_side", [0, 10])
def test_ballot_query_count_anonymous(client, match, django_assert_num_queries, extra_per_side):
    add_squad(match, extra_per_side)
    make_event(match)

    # The match, the line-up, the events.
    with django_assert_num_queries(3):
        response = client.get(ballot_url(match))

    assert len(appearance_ids(response.content.decode())) == 4 + 4 * extra_per_side


@pytest.mark.parametrize("extra_per_side", [0, 10])
def test_ballot_query_count_fan_with_saved_ratings(
    fan_client, fan, match, django_assert_num_queries, extra_per_side
):
    add_squad(match, extra_per_side)
    make_event(match)
    for appearance in match.appearances.all():
        make_fan_rating(appearance, fan, score=6)

    # The session, the user, the match, the line-up, the fan's ratings, the events.
    with django_assert_num_queries(6):
        response = fan_client.get(ballot_url(match))

    assert len(checked(response.content.decode())) == 4 + 4 * extra_per_side


# --- ratings:ballot, POST (the whole ballot, without JavaScript) ----------------------------


def test_ballot_post_saves_every_given_score(fan_client, match):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")

    response = fan_client.post(
        ballot_url(match),
        {
            field(meret): "7",
            field(sandro): "5",
            field(appearance_named(match, "Stanislav Lobotka")): "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == ballot_url(match)
    assert saved_ratings() == [("Alex Meret", "fan", 7), ("Alex Sandro", "fan", 5)]


def test_ballot_post_flashes_saved_message_on_the_ballot(fan_client, match):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")

    response = fan_client.post(
        ballot_url(match), {field(meret): "7", field(sandro): "5"}, follow=True
    )

    content = response.content.decode()
    assert response.redirect_chain == [(ballot_url(match), 302)]
    assert messages_shown(content) == ["Saved your ratings for 2 players."]
    assert checked(content) == {field(meret): "7", field(sandro): "5"}


def test_ballot_post_one_player_says_player_in_the_singular(fan_client, match):
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(ballot_url(match), {field(meret): "10"}, follow=True)

    assert messages_shown(response.content.decode()) == ["Saved your ratings for 1 player."]


def test_ballot_post_again_changes_scores_without_duplicating(fan_client, fan, match):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")
    make_fan_rating(meret, make_fan("other"), score=3)
    fan_client.post(ballot_url(match), {field(meret): "7", field(sandro): "5"})

    response = fan_client.post(ballot_url(match), {field(meret): "9", field(sandro): "4"})

    assert response.status_code == 302
    assert saved_ratings() == [
        ("Alex Meret", "fan", 9),
        ("Alex Meret", "other", 3),
        ("Alex Sandro", "fan", 4),
    ]


def test_ballot_post_leaves_blank_players_as_they_were(fan_client, fan, match):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")
    make_fan_rating(sandro, fan, score=5)

    fan_client.post(ballot_url(match), {field(meret): "8", field(sandro): ""})

    assert saved_ratings() == [("Alex Meret", "fan", 8), ("Alex Sandro", "fan", 5)]


@pytest.mark.parametrize("score", ["0", "11", "7.5", "abc", "-1", " "])
def test_ballot_post_invalid_score_saves_nothing(fan_client, fan, match, score):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")
    make_fan_rating(sandro, fan, score=4)

    response = fan_client.post(ballot_url(match), {field(sandro): "9", field(meret): score})

    content = response.content.decode()
    assert response.status_code == 200
    assert texts(r'<p class="field-error" role="alert">(.*?)</p>', content) == [
        "Rate Alex Meret with a whole number from 1 to 10."
    ]
    assert saved_ratings() == [("Alex Sandro", "fan", 4)]


def test_ballot_post_invalid_keeps_the_valid_choices_on_screen(fan_client, match):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")

    response = fan_client.post(ballot_url(match), {field(sandro): "9", field(meret): "11"})

    assert checked(response.content.decode()) == {field(sandro): "9"}


@pytest.mark.parametrize("blank", [False, True], ids=["no-fields", "all-blank"])
def test_ballot_post_without_any_score_asks_for_one(fan_client, match, blank):
    data = {field(appearance): "" for appearance in match.appearances.all()} if blank else {}

    response = fan_client.post(ballot_url(match), data)

    assert response.status_code == 200
    assert texts(
        r'<div class="form-errors" role="alert">(.*?)</div>', response.content.decode()
    ) == ["Choose a rating for at least one player, then save."]
    assert FanRating.objects.count() == 0


def test_ballot_post_player_of_another_match_saves_nothing(fan_client, match):
    stranger = appearance_named(make_match(home="Inter", away="Milan"), "Alex Meret")
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(ballot_url(match), {field(meret): "7", field(stranger): "6"})

    assert response.status_code == 200
    assert texts(
        r'<div class="form-errors" role="alert">(.*?)</div>', response.content.decode()
    ) == ["Some ratings were for players who did not play in this match; nothing was saved."]
    assert FanRating.objects.count() == 0


def test_ballot_post_closed_match_saves_nothing(fan_client, db):
    match = make_closed_match()
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(ballot_url(match), {field(meret): "7"}, follow=True)

    assert response.redirect_chain == [(ballot_url(match), 302)]
    assert messages_shown(response.content.decode()) == [
        "Rating for this match has closed; your ratings were not saved."
    ]
    assert FanRating.objects.count() == 0


def test_ballot_post_anonymous_redirects_to_login(client, match):
    meret = appearance_named(match, "Alex Meret")

    response = client.post(ballot_url(match), {field(meret): "7"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/matches/{match.pk}/"
    assert FanRating.objects.count() == 0


def test_ballot_post_without_csrf_token_is_forbidden(fan, match):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fan)
    meret = appearance_named(match, "Alex Meret")

    response = client.post(ballot_url(match), {field(meret): "7"})

    assert response.status_code == 403
    assert FanRating.objects.count() == 0


def test_ballot_refuses_put(fan_client, match):
    response = fan_client.put(ballot_url(match))

    assert response.status_code == 405


# --- ratings:rate (one player: what HTMX sends on each click) --------------------------------


def test_rate_htmx_saves_and_returns_the_players_fragment(fan_client, match, htmx_headers):
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(rate_url(meret), {field(meret): "9"}, headers=htmx_headers)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    # The contents of the player's fieldset (it stays in the page), then the progress line.
    assert content.strip().startswith("<legend>Alex Meret</legend>")
    assert content.strip().endswith(
        '<p id="ballot-progress" class="ballot-progress" hx-swap-oob="true">'
        "You have rated 1 of 4 players.</p>"
    )
    assert "<fieldset" not in content
    assert texts(r'<p class="saved" role="status">(.*?)</p>', content) == ["Saved: 9 out of 10"]
    assert checked(content) == {field(meret): "9"}
    assert saved_ratings() == [("Alex Meret", "fan", 9)]


def test_rate_htmx_progress_counts_each_player_once(fan_client, fan, match, htmx_headers):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")
    make_fan_rating(meret, fan, score=6)
    make_fan_rating(appearance_named(make_match(home="Inter", away="Milan"), "Alex Meret"), fan)

    fan_client.post(rate_url(meret), {field(meret): "7"}, headers=htmx_headers)
    response = fan_client.post(rate_url(sandro), {field(sandro): "8"}, headers=htmx_headers)

    assert texts(r'<p id="ballot-progress"[^>]*>(.*?)</p>', response.content.decode()) == [
        "You have rated 2 of 4 players."
    ]


def test_rate_htmx_invalid_score_leaves_progress_alone(fan_client, match, htmx_headers):
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(rate_url(meret), {field(meret): "11"}, headers=htmx_headers)

    assert "ballot-progress" not in response.content.decode()


def test_ballot_shows_how_many_players_the_fan_has_rated(fan_client, fan, match):
    make_fan_rating(appearance_named(match, "Alex Meret"), fan, score=6)
    make_fan_rating(appearance_named(match, "Alex Sandro"), make_fan(), score=6)

    response = fan_client.get(ballot_url(match))

    assert texts(r'<p id="ballot-progress"[^>]*>(.*?)</p>', response.content.decode()) == [
        "You have rated 1 of 4 players."
    ]


def test_rate_htmx_again_replaces_the_score(fan_client, fan, match, htmx_headers):
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, fan, score=4)

    fan_client.post(rate_url(meret), {field(meret): "6"}, headers=htmx_headers)

    assert saved_ratings() == [("Alex Meret", "fan", 6)]


@pytest.mark.parametrize(
    ("score", "error"),
    [
        ("0", "Rate Alex Meret with a whole number from 1 to 10."),
        ("11", "Rate Alex Meret with a whole number from 1 to 10."),
        ("7.5", "Rate Alex Meret with a whole number from 1 to 10."),
        ("abc", "Rate Alex Meret with a whole number from 1 to 10."),
        ("", "Choose a rating from 1 to 10 for Alex Meret."),
    ],
)
def test_rate_htmx_invalid_score_shows_error_and_saves_nothing(
    fan_client, match, htmx_headers, score, error
):
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(rate_url(meret), {field(meret): score}, headers=htmx_headers)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.strip().startswith("<legend>Alex Meret</legend>")
    assert texts(r'<p class="field-error" role="alert">(.*?)</p>', content) == [error]
    assert "Saved" not in content
    assert FanRating.objects.count() == 0


def test_rate_htmx_closed_match_says_closed_and_saves_nothing(fan_client, htmx_headers, db):
    match = make_closed_match()
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(rate_url(meret), {field(meret): "7"}, headers=htmx_headers)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert texts(r'<p class="field-error" role="alert">(.*?)</p>', content) == [
        "Rating for this match has closed; your ratings were not saved."
    ]
    assert radios(content) == {}
    assert "hx-post" not in content
    assert "Your rating" not in content
    assert FanRating.objects.count() == 0


def test_rate_htmx_closed_match_shows_the_saved_score_not_the_refused_one(
    fan_client, fan, htmx_headers, db
):
    match = make_closed_match()
    meret = appearance_named(match, "Alex Meret")
    make_fan_rating(meret, fan, score=5)

    response = fan_client.post(rate_url(meret), {field(meret): "7"}, headers=htmx_headers)

    assert texts(r"<p>Your rating: (.*?)</p>", response.content.decode()) == ["5"]
    assert saved_ratings() == [("Alex Meret", "fan", 5)]


def test_rate_appearance_of_another_match_is_404(fan_client, match, htmx_headers):
    stranger = appearance_named(make_match(home="Inter", away="Milan"), "Alex Meret")
    url = reverse("ratings:rate", args=[match.pk, stranger.pk])

    response = fan_client.post(url, {field(stranger): "7"}, headers=htmx_headers)

    assert response.status_code == 404
    assert FanRating.objects.count() == 0


def test_rate_anonymous_htmx_is_sent_to_login(client, match, htmx_headers):
    meret = appearance_named(match, "Alex Meret")

    response = client.post(rate_url(meret), {field(meret): "7"}, headers=htmx_headers)

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/accounts/login/?next=/matches/{match.pk}/"
    assert FanRating.objects.count() == 0


def test_rate_anonymous_plain_redirects_to_login(client, match):
    meret = appearance_named(match, "Alex Meret")

    response = client.post(rate_url(meret), {field(meret): "7"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/matches/{match.pk}/"
    assert FanRating.objects.count() == 0


def test_rate_plain_post_saves_and_redirects_to_the_ballot_with_a_message(fan_client, match):
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(rate_url(meret), {field(meret): "9"}, follow=True)

    assert response.redirect_chain == [(ballot_url(match), 302)]
    assert messages_shown(response.content.decode()) == ["Saved 9 for Alex Meret."]
    assert saved_ratings() == [("Alex Meret", "fan", 9)]


def test_rate_plain_post_invalid_redirects_with_the_error(fan_client, match):
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(rate_url(meret), {field(meret): "11"}, follow=True)

    assert response.redirect_chain == [(ballot_url(match), 302)]
    assert messages_shown(response.content.decode()) == [
        "Rate Alex Meret with a whole number from 1 to 10."
    ]
    assert FanRating.objects.count() == 0


def test_rate_without_csrf_token_is_forbidden(fan, match):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fan)
    meret = appearance_named(match, "Alex Meret")

    response = client.post(rate_url(meret), {field(meret): "7"}, headers={"HX-Request": "true"})

    assert response.status_code == 403
    assert FanRating.objects.count() == 0


def test_rate_refuses_get(fan_client, match):
    response = fan_client.get(rate_url(appearance_named(match, "Alex Meret")))

    assert response.status_code == 405


# --- ratings:results -----------------------------------------------------------------------


@pytest.fixture
def rated_match(match):
    """Meret 7, 8, 9 (editor 8); Lobotka one 10 (editor N/A); Szczesny 5, 6 (editor 6);
    Sandro no votes (editor 6.5). Three fans in all."""
    make_ballots(
        match,
        {
            "Alex Meret": [7, 8, 9],
            "Stanislav Lobotka": [10],
            "Wojciech Szczesny": [5, 6],
        },
    )
    return match


def test_results_show_hand_checked_numbers(client, rated_match):
    match = rated_match

    response = client.get(results_url(match))

    content = response.content.decode()
    assert response.status_code == 200
    # Player, editor, crowd, votes, spread, crowd − editor.
    assert result_row(content, appearance_named(match, "Alex Meret")) == [
        "Alex Meret", "8", "8.0", "3", "0.8", "0.0",
    ]  # fmt: skip
    assert result_row(content, appearance_named(match, "Stanislav Lobotka")) == [
        "Stanislav Lobotka sub", "not rated", "10.0", "1", "0.0", "–",
    ]  # fmt: skip
    assert result_row(content, appearance_named(match, "Wojciech Szczesny")) == [
        "Wojciech Szczesny", "6", "5.5", "2", "0.5", "−0.5",
    ]  # fmt: skip
    assert result_row(content, appearance_named(match, "Alex Sandro")) == [
        "Alex Sandro sub", "6.5", "–", "0", "–", "–",
    ]  # fmt: skip
    assert texts(r'<p class="results-summary">(.*?)</p>', content) == [
        "3 fans rated this match. Rating is open, so these numbers still move."
    ]


def test_results_show_positive_difference_with_plus_sign(client, match):
    make_ballots(match, {"Alex Sandro": [7, 8]})

    response = client.get(results_url(match))

    assert result_row(response.content.decode(), appearance_named(match, "Alex Sandro")) == [
        "Alex Sandro sub", "6.5", "7.5", "2", "0.5", "+1.0",
    ]  # fmt: skip


def test_results_difference_rounding_to_zero_from_below_shows_plain_zero(client, match):
    zielinski = make_appearance(match, "Piotr Zielinski", order=2, editor="7-")  # 6.75
    # 7, 7, 7, 7, 7, 6, 6 average 47/7 = 6.714..., 0.036 under the editor: rounds to 0.0.
    make_ballots(match, {"Piotr Zielinski": [7, 7, 7, 7, 7, 6, 6]})

    response = client.get(results_url(match))

    assert result_row(response.content.decode(), zielinski)[-1] == "0.0"


def crowd_pick_shown(html: str) -> str:
    return texts(r"<dt>The crowd's pick</dt>\s*<dd>(.*?)</dd>", html)[0]


@pytest.mark.parametrize(
    ("min_votes", "shown"),
    [
        (1, "Stanislav Lobotka (Napoli), 10.0 from 1 vote"),
        (2, "Alex Meret (Napoli), 8.0 from 3 votes"),
        (3, "Alex Meret (Napoli), 8.0 from 3 votes"),
        (4, "Not enough votes yet: a player needs at least 4"),
    ],
)
def test_results_crowd_pick_needs_enough_votes(client, rated_match, settings, min_votes, shown):
    settings.CROWD_MOTM_MIN_VOTES = min_votes

    response = client.get(results_url(rated_match))

    assert crowd_pick_shown(response.content.decode()) == shown


def editor_pick_shown(html: str) -> str:
    return texts(r"<dt>The editor's pick</dt>\s*<dd>(.*?)</dd>", html)[0]


def test_results_editor_pick_agrees_with_the_crowd(client, rated_match, settings):
    settings.CROWD_MOTM_MIN_VOTES = 3
    rated_match.man_of_the_match = appearance_named(rated_match, "Alex Meret")
    rated_match.save()

    response = client.get(results_url(rated_match))

    content = response.content.decode()
    assert editor_pick_shown(content) == "Alex Meret (Napoli)"
    assert "The crowd agrees with the editor." in content


def test_results_editor_pick_disagrees_with_the_crowd(client, rated_match, settings):
    settings.CROWD_MOTM_MIN_VOTES = 3
    rated_match.man_of_the_match = appearance_named(rated_match, "Wojciech Szczesny")
    rated_match.save()

    response = client.get(results_url(rated_match))

    content = response.content.decode()
    assert editor_pick_shown(content) == "Wojciech Szczesny (Juventus)"
    assert "The crowd and the editor disagree." in content


def test_results_without_editor_pick_says_not_chosen(client, rated_match):
    response = client.get(results_url(rated_match))

    content = response.content.decode()
    assert editor_pick_shown(content) == "Not chosen yet"
    assert "The crowd agrees" not in content
    assert "disagree." not in content


def test_results_list_the_biggest_disagreements_in_order(client, match):
    make_appearance(match, "Kalidou Koulibaly", order=2, editor="7")
    make_appearance(match, "Piotr Zielinski", order=3, editor="7")
    make_ballots(
        match,
        {
            "Alex Meret": [7, 8, 9],  # 8.0 v 8: agree, left out
            "Stanislav Lobotka": [10],  # editor N/A: left out
            "Wojciech Szczesny": [5, 6],  # 5.5 v 6: -0.5
            "Alex Sandro": [9, 9],  # 9.0 v 6.5: +2.5
            "Kalidou Koulibaly": [4, 5],  # 4.5 v 7: -2.5, ties Sandro on votes, after him by name
            "Piotr Zielinski": [7, 7, 7, 8],  # 7.25 v 7: +0.3, fourth: over the limit of three
        },
    )

    response = client.get(results_url(match))

    assert texts(r'<section class="disagreements".*?<ol>(.*?)</ol>', response.content.decode()) == [
        "Alex Sandro: the crowd gave 9.0, the editor 6.5 (+2.5, the crowd rated him higher). "
        "Kalidou Koulibaly: the crowd gave 4.5, the editor 7 (−2.5, the crowd rated him lower). "
        "Wojciech Szczesny: the crowd gave 5.5, the editor 6 (−0.5, the crowd rated him lower)."
    ]


def test_results_without_disagreement_have_no_disagreement_section(client, match):
    make_ballots(match, {"Alex Meret": [8]})

    response = client.get(results_url(match))

    content = response.content.decode()
    assert "Where the crowd and the editor disagree most" not in content
    assert texts(r'<p class="results-summary">(.*?)</p>', content) == [
        "1 fan rated this match. Rating is open, so these numbers still move."
    ]


def test_results_show_one_table_per_team_home_first(client, db):
    match = make_bare_match(home_team=make_team("Napoli"), away_team=make_team("Juventus"))
    chiesa = make_appearance(match, "Federico Chiesa", team=match.away_team, editor="7")
    lozano = make_appearance(match, "Hirving Lozano", role="substitute", editor="6")
    insigne = make_appearance(match, "Lorenzo Insigne", order=2, editor="7")
    meret = make_appearance(match, "Alex Meret", order=1, editor="8")

    response = client.get(results_url(match))

    content = response.content.decode()
    assert texts(r'<h2 id="team-\d+-heading">(.*?)</h2>', content) == ["Napoli", "Juventus"]
    assert re.findall(r'<tr id="result-(\d+)">', content) == [
        str(meret.pk),
        str(insigne.pk),
        str(lozano.pk),
        str(chiesa.pk),
    ]
    assert texts(r'<p class="results-summary">(.*?)</p>', content) == [
        "No fan has rated this match yet. Rating is open, so these numbers still move."
    ]


def test_results_count_demo_fans_apart(client, match):
    # A demo fan is marked when load_demo creates him, before he votes.
    demo = make_fan("demo-fan-001")
    DemoFan.objects.create(user=demo)
    make_fan_rating(appearance_named(match, "Alex Meret"), demo, score=7)
    make_ballots(match, {"Alex Meret": [8, 9]})

    response = client.get(results_url(match))

    assert texts(r'<p class="results-summary">(.*?)</p>', response.content.decode()) == [
        "3 fans rated this match, 1 of them demo fan added to show how the page looks. "
        "Rating is open, so these numbers still move."
    ]


def test_results_htmx_returns_the_results_fragment_only(client, rated_match, htmx_headers):
    response = client.get(results_url(rated_match), headers=htmx_headers)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.strip().startswith('<div id="results"')
    assert content.strip().endswith("</div>")
    assert 'class="match-header"' not in content
    assert result_row(content, appearance_named(rated_match, "Alex Meret"))[2] == "8.0"
    assert "HX-Request" in response["Vary"]


def test_results_closed_match_stops_polling(client, db):
    match = make_closed_match()

    response = client.get(results_url(match))

    content = response.content.decode()
    assert "hx-trigger" not in content
    assert "these numbers still move" not in content


def test_results_logged_in_fan_sees_them_too(fan_client, rated_match):
    response = fan_client.get(results_url(rated_match))

    assert response.status_code == 200
    assert (
        result_row(response.content.decode(), appearance_named(rated_match, "Alex Meret"))[2]
        == "8.0"
    )


def test_results_query_count_one_ballot_one_player(client, db, django_assert_num_queries):
    match = make_bare_match()
    make_appearance(match, "Alex Meret", editor="8")
    make_ballots(match, {"Alex Meret": [7]})

    # The results' version (for the cache), the match, the line-ups, their vote tallies,
    # the fans (demo fans among them).
    with django_assert_num_queries(5):
        response = client.get(results_url(match))

    assert len(re.findall(r'<tr id="result-', response.content.decode())) == 1


def test_results_query_count_many_ballots_many_players(client, match, django_assert_num_queries):
    add_squad(match, 5)
    match.man_of_the_match = appearance_named(match, "Alex Meret")
    match.save()
    fans = [make_fan() for _ in range(6)]
    for appearance in match.appearances.all():
        for number, fan in enumerate(fans):
            make_fan_rating(appearance, fan, score=number + 4)
    DemoFan.objects.create(user=fans[0])

    with django_assert_num_queries(5):
        response = client.get(results_url(match))

    assert len(re.findall(r'<tr id="result-', response.content.decode())) == 24


def test_results_unknown_match_is_404(client, db):
    response = client.get(reverse("ratings:results", args=[999999]))

    assert response.status_code == 404


def test_results_refuse_post(fan_client, match):
    response = fan_client.post(results_url(match))

    assert response.status_code == 405


# --- ratings:player ------------------------------------------------------------------------


def test_player_page_lists_appearances_newest_first_with_both_ratings(client, db):
    now = timezone.now()
    old = make_match(kickoff=now - timedelta(days=10))
    make_ballots(old, {"Alex Meret": [7, 8, 9]})
    meret = appearance_named(old, "Alex Meret")
    new = make_bare_match(
        home_team=make_team("Inter"), away_team=make_team("Milan"), home_score=0, away_score=2
    )
    later = Appearance.objects.create(match=new, player=meret.player, team=new.home_team)
    EditorRating.objects.create(appearance=later, quarters=26, written_as="6,5")
    make_ballots(new, {"Alex Meret": [5, 6]})

    response = client.get(reverse("ratings:player", args=[meret.player.pk]))

    rows = player_rows(response.content.decode())
    assert response.status_code == 200
    assert [row[0] for row in rows] == ["Inter 0-2 Milan", "Napoli 1-0 Juventus"]
    # Editor, crowd, votes, crowd − editor.
    assert [row[1:] for row in rows] == [
        ["6.5", "5.5", "2", "0.5", "−1.0"],
        ["8", "8.0", "3", "0.8", "0.0"],
    ]


def test_player_page_without_votes_shows_a_dash(client, match):
    lobotka = appearance_named(match, "Stanislav Lobotka")

    response = client.get(reverse("ratings:player", args=[lobotka.player.pk]))

    assert player_rows(response.content.decode()) == [
        ["Napoli 1-0 Juventus", "not rated", "–", "0", "–", "–"]
    ]


def test_player_page_without_appearances_says_so(client, db):
    player = make_player("Gianluca Gaetano")

    response = client.get(reverse("ratings:player", args=[player.pk]))

    assert "Gianluca Gaetano has not appeared in a match yet." in response.content.decode()


def test_player_page_unknown_player_is_404(client, db):
    response = client.get(reverse("ratings:player", args=[999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("matches", [1, 4])
def test_player_page_query_count(client, db, django_assert_num_queries, matches):
    first = make_match()
    player = appearance_named(first, "Alex Meret").player
    for _ in range(matches - 1):
        other = make_bare_match()
        Appearance.objects.create(match=other, player=player, team=other.home_team)
    make_ballots(first, {"Alex Meret": [6, 7]})

    # The player, his appearances, their vote tallies.
    with django_assert_num_queries(3):
        response = client.get(reverse("ratings:player", args=[player.pk]))

    assert len(player_rows(response.content.decode())) == matches


def test_player_page_refuses_post(client, match):
    response = client.post(
        reverse("ratings:player", args=[appearance_named(match, "Alex Meret").player_id])
    )

    assert response.status_code == 405
