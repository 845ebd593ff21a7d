import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matches.models import Appearance
from ratings.models import FanRating
from tests.factories import (
    appearance_named,
    make_appearance,
    make_bare_match,
    make_closed_match,
    make_event,
    make_fan,
    make_fan_rating,
    make_match,
    make_team,
)

# --- Reading pages ------------------------------------------------------------------------


def text(html: str) -> str:
    """The words a reader sees: tags dropped (and the aria-hidden badges' initials), entities
    decoded, white space collapsed."""
    html = re.sub(r'<svg [^>]*aria-hidden="true".*?</svg>', "", html, flags=re.S)
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


def test_ballot_shared_rendering_ticks_each_fans_own_marks(client, match):
    # The first fan's visit leaves the line-up's rendering in the cache; the second fan
    # gets it with only their own marks ticked.
    first, second = make_fan("first"), make_fan("second")
    meret, sandro = appearance_named(match, "Alex Meret"), appearance_named(match, "Alex Sandro")
    make_fan_rating(meret, first, score=7)
    make_fan_rating(meret, second, score=10)
    make_fan_rating(sandro, second, score=1)
    client.force_login(first)
    first_html = client.get(ballot_url(match)).content.decode()
    client.force_login(second)

    second_html = client.get(ballot_url(match)).content.decode()

    assert checked(first_html) == {f"rating-{meret.pk}": "7"}
    assert checked(second_html) == {f"rating-{meret.pk}": "10", f"rating-{sandro.pk}": "1"}


def test_ballot_shared_rendering_follows_a_line_up_change(fan_client, match):
    fan_client.get(ballot_url(match))
    meret = appearance_named(match, "Alex Meret")
    meret.player.name = "Alessio Meret"
    meret.player.save(update_fields=["name"])
    make_appearance(match, team=match.away_team, order=30, name="Late Sub")

    html = fan_client.get(ballot_url(match)).content.decode()

    assert "Alessio Meret" in html
    assert "Alex Meret" not in html
    assert "Late Sub" in html


def test_ballot_with_sessions_in_the_cache_skips_the_session_query(
    client, fan, match, settings, django_assert_num_queries
):
    # What production runs with Redis: the session is read from the shared cache.
    settings.SESSION_ENGINE = "accounts.sessions"
    client.force_login(fan)
    make_fan_rating(appearance_named(match, "Alex Meret"), fan, score=6)

    # The user, the match, the line-up, the fan's ratings, the events.
    with django_assert_num_queries(5):
        response = client.get(ballot_url(match))

    assert len(checked(response.content.decode())) == 1


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
    # The contents of the player's fieldset (it stays in the page), then the progress line's
    # contents for its live region, which also stays (so screen readers announce the save).
    assert content.strip().startswith("<legend>Alex Meret</legend>")
    assert content.strip().endswith(
        '<div id="ballot-progress" class="ballot-progress" role="status" hx-swap-oob="innerHTML">'
        '<p><span class="visually-hidden">Saved 9 for Alex Meret. </span>'
        "You have rated 1 of 4 players.</p>"
        '<progress max="4" value="1" aria-hidden="true"></progress></div>'
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

    assert texts(r'<div id="ballot-progress"[^>]*><p>(.*?)</p>', response.content.decode()) == [
        "Saved 8 for Alex Sandro. You have rated 2 of 4 players."
    ]


def test_rate_htmx_invalid_score_leaves_progress_alone(fan_client, match, htmx_headers):
    meret = appearance_named(match, "Alex Meret")

    response = fan_client.post(rate_url(meret), {field(meret): "11"}, headers=htmx_headers)

    assert "ballot-progress" not in response.content.decode()


def test_ballot_shows_how_many_players_the_fan_has_rated(fan_client, fan, match):
    make_fan_rating(appearance_named(match, "Alex Meret"), fan, score=6)
    make_fan_rating(appearance_named(match, "Alex Sandro"), make_fan(), score=6)

    response = fan_client.get(ballot_url(match))

    assert texts(r'<div id="ballot-progress"[^>]*><p>(.*?)</p>', response.content.decode()) == [
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
