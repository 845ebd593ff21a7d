import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    appearance_named,
    make_bare_match,
    make_closed_match,
    make_competition,
    make_fan,
    make_fan_rating,
    make_match,
    make_team,
)


def text(html: str) -> str:
    """The words a reader sees: tags dropped, entities decoded, white space collapsed."""
    html = re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S)  # badges are aria-hidden
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def match_titles(html: str) -> list[str]:
    return [text(title) for title in re.findall(r'<h3 class="match-title">(.*?)</h3>', html, re.S)]


def headings(html: str) -> list[str]:
    return [text(h) for h in re.findall(r'<h2 class="list-heading">(.*?)</h2>', html, re.S)]


def match_statuses(html: str) -> list[str]:
    return [text(status) for status in re.findall(r'<span class="badge [^"]+">(.*?)</span>', html)]


def test_match_list_shows_open_matches_first_then_newest_with_score_and_status(client, db):
    now = timezone.now()
    make_closed_match(
        home="Roma", away="Lazio", kickoff=now - timedelta(days=10), home_score=2, away_score=2
    )
    make_match(home="Napoli", away="Juventus", kickoff=now - timedelta(hours=3))
    make_match(
        home="Inter",
        away="Milan",
        kickoff=now + timedelta(days=2),
        home_score=None,
        away_score=None,
        rating_opens_at=now + timedelta(days=2, hours=2),
        rating_closes_at=now + timedelta(days=9),
    )

    response = client.get(reverse("matches:list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content
    assert match_titles(content) == ["Napoli 1-0 Juventus", "Inter v Milan", "Roma 2-2 Lazio"]
    assert match_statuses(content) == ["Rating open", "Rating opens", "Rating closed"]
    assert headings(content) == ["Rate them now", "Recent matches"]


def test_match_list_links_each_match_to_its_ballot_and_results(client, match):
    response = client.get(reverse("matches:list"))

    content = response.content.decode()
    assert f'href="/matches/{match.pk}/"' in content
    assert f'href="/matches/{match.pk}/results/"' in content


def test_match_list_cached_cards_follow_a_score_a_closing_and_a_fans_vote(client, match):
    client.get(reverse("matches:list"))
    match.home_score = 3
    match.rating_closes_at = timezone.now() - timedelta(minutes=1)
    match.save(update_fields=["home_score", "rating_closes_at"])

    content = client.get(reverse("matches:list")).content.decode()

    assert match_titles(content) == ["Napoli 3-0 Juventus"]
    assert match_statuses(content) == ["Rating closed"]


def test_match_list_cached_cards_say_which_fan_rated(client, match):
    rater, other = make_fan("rater"), make_fan("other")
    make_fan_rating(appearance_named(match, "Alex Meret"), rater, 7)
    client.force_login(other)
    client.get(reverse("matches:list"))
    client.force_login(rater)

    content = client.get(reverse("matches:list")).content.decode()

    assert match_statuses(content) == ["Rating open", "You rated it"]


def test_match_list_without_matches_says_so(client, db):
    response = client.get(reverse("matches:list"))

    assert response.status_code == 200
    assert "No matches yet." in response.content.decode()


def test_match_list_htmx_returns_the_list_fragment_only(client, match, htmx_headers):
    response = client.get(reverse("matches:list"), headers=htmx_headers)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.strip().startswith('<div id="match-list">')
    assert content.strip().endswith("</div>")
    assert match_titles(content) == ["Napoli 1-0 Juventus"]


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_match_list_varies_on_hx_request(client, match, headers):
    response = client.get(reverse("matches:list"), headers=headers)

    assert "HX-Request" in response["Vary"]


def test_match_list_refuses_post(client, match):
    response = client.post(reverse("matches:list"))

    assert response.status_code == 405


@pytest.mark.parametrize("matches", [1, 5])
def test_match_list_query_count_does_not_grow_with_matches(
    client, db, django_assert_num_queries, matches
):
    for _ in range(matches):
        make_bare_match()

    # The matches open now (the shared rendering's version), how many matches (for the
    # pages), then this page's matches; then, for the next visitor, the version only
    # (RESULTS_STALE_SECONDS is 0 in tests: not even that within it).
    with django_assert_num_queries(3):
        response = client.get(reverse("matches:list"))
    with django_assert_num_queries(1):
        again = client.get(reverse("matches:list"))

    assert len(match_titles(response.content.decode())) == matches
    assert match_titles(again.content.decode()) == match_titles(response.content.decode())


@pytest.mark.parametrize("matches", [1, 5])
def test_match_list_query_count_for_a_logged_in_fan(
    client, fan, django_assert_num_queries, matches
):
    for _ in range(matches):
        make_bare_match()
    client.force_login(fan)

    # The session, the user, how many matches, this page's matches.
    with django_assert_num_queries(4):
        response = client.get(reverse("matches:list"))

    assert len(match_titles(response.content.decode())) == matches


def test_match_list_team_link_shows_only_that_teams_matches(client, db):
    make_match(home="Napoli", away="Juventus")
    make_match(home="Inter", away="Milan")
    napoli = make_team("Napoli")

    response = client.get(napoli.get_absolute_url())

    assert match_titles(response.content.decode()) == ["Napoli 1-0 Juventus"]


def test_match_list_competition_link_shows_only_that_competitions_matches(client, db):
    make_match(home="Napoli", away="Juventus")
    cup = make_competition("Coppa Italia", "2020-21")
    make_match(home="Inter", away="Milan", competition=cup)

    response = client.get(cup.get_absolute_url())

    assert match_titles(response.content.decode()) == ["Inter 1-0 Milan"]


@pytest.mark.parametrize("query", ["?team=999999", "?team=abc", "?competition=999999"])
def test_match_list_unknown_filter_shows_every_match(client, db, query):
    make_match(home="Napoli", away="Juventus")
    make_match(home="Inter", away="Milan")

    response = client.get(reverse("matches:list") + query)

    assert response.status_code == 200
    assert len(match_titles(response.content.decode())) == 2


def test_healthz_answers_ok_in_plain_text(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


def test_healthz_refuses_post(client, db):
    response = client.post(reverse("healthz"))

    assert response.status_code == 405


def home_scores(html: str) -> list[int]:
    return [int(score) for score in re.findall(r'<span class="score">(\d+)-0</span>', html)]


def test_match_list_pages_twenty_matches_at_a_time_newest_first(client, db):
    now = timezone.now()
    for days_ago in range(25):
        make_bare_match(kickoff=now - timedelta(days=days_ago), home_score=days_ago, away_score=0)

    first = client.get(reverse("matches:list")).content.decode()
    second = client.get(reverse("matches:list") + "?page=2").content.decode()
    garbled = client.get(reverse("matches:list") + "?page=abc").content.decode()
    beyond = client.get(reverse("matches:list") + "?page=99").content.decode()

    assert home_scores(first) == list(range(20))
    assert home_scores(second) == list(range(20, 25))
    assert "Page 1 of 2" in first and 'href="?page=2"' in first and "Newer matches" not in first
    assert "Page 2 of 2" in second and 'href="?page=1"' in second and "Older matches" not in second
    assert home_scores(garbled) == list(range(20))
    assert home_scores(beyond) == list(range(20, 25))


def test_match_list_pager_keeps_the_team_filter(client, db):
    napoli = make_team("Napoli")
    for _ in range(21):
        make_bare_match(home_team=napoli)

    html = client.get(reverse("matches:list") + f"?team={napoli.pk}").content.decode()

    assert f'href="?team={napoli.pk}&amp;page=2"' in html


def test_visitors_shared_match_list_follows_new_matches_and_opening_windows(client, db):
    now = timezone.now()
    later = make_bare_match(
        rating_opens_at=now + timedelta(seconds=2), rating_closes_at=now + timedelta(days=1)
    )
    first = client.get(reverse("matches:list")).content.decode()
    assert len(match_titles(first)) == 1
    assert "badge-open" not in first

    make_bare_match()  # an editor adds a match: it shows on the next visit
    assert len(match_titles(client.get(reverse("matches:list")).content.decode())) == 2

    # The later match opens without anyone saving anything: the list says so.
    type(later).objects.filter(pk=later.pk).update(rating_opens_at=now - timedelta(seconds=1))
    third = client.get(reverse("matches:list")).content.decode()
    assert third.count("badge-open") == 2
