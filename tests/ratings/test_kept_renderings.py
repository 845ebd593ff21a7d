"""The pages a logged-in fan gets at the final whistle are kept and filled in (the ballot,
the reply to a saved rating), and the fan and the match sheet come from the cache: each
must be exactly what a fresh rendering from the database gives, and must follow every
change an editor or the fan makes at once."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from matches.models import Match
from ratings.forms import PlayerRatingForm, field_name
from tests.factories import appearance_named, make_editor, make_fan, make_match

CSRF_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")
MESSAGES = re.compile(r'<ul class="messages" role="status">.*?</ul>', re.DOTALL)


def comparable(html: str) -> str:
    """The page with every CSRF token (a new mask each time) and the flash messages taken
    out, and runs of white space made one."""
    html = MESSAGES.sub("", CSRF_TOKEN.sub("TOKEN", html))
    return re.sub(r"\s+", " ", html)


def ballot_url(match) -> str:
    return reverse("ratings:ballot", args=[match.pk])


def rate(client, match, name: str, score: int):
    appearance = appearance_named(match, name)
    return client.post(
        reverse("ratings:rate", args=[match.pk, appearance.pk]),
        {field_name(appearance): str(score)},
        headers={"HX-Request": "true"},
    )


@pytest.mark.parametrize("staff", [False, True])
def test_kept_ballot_is_what_a_fresh_rendering_gives(client, db, staff):
    match = make_match()
    fan = make_editor("desk-fan") if staff else make_fan("fan<b>&amp;")
    client.force_login(fan)
    rate(client, match, "Alex Meret", 9)
    rate(client, match, "Alex Sandro", 4)
    # A flash message waiting: the page is rendered afresh, the message shown.
    client.post(
        reverse("ratings:ballot", args=[match.pk]),
        {
            f"rating-{appearance_named(match, 'Alex Meret').pk}": "9",
            f"rating-{appearance_named(match, 'Alex Sandro').pk}": "4",
        },
    )
    fresh = client.get(ballot_url(match)).content.decode()
    assert "Saved your ratings for 2 players." in fresh

    kept = client.get(ballot_url(match)).content.decode()
    kept_fragment = client.get(ballot_url(match), headers={"HX-Request": "true"})

    assert "Saved your ratings" not in kept
    assert comparable(kept) == comparable(fresh)
    assert comparable(kept_fragment.content.decode()).strip() in comparable(fresh)
    assert kept.count(" checked") == 2
    assert "You have rated 2 of 4 players." in kept
    assert escape(fan.get_username()) in kept
    assert ("Editors' desk" in kept) is staff


def test_two_fans_get_their_own_marks_and_tokens(db):
    match = make_match()
    first, second = Client(), Client()
    first.force_login(make_fan("first"))
    second.force_login(make_fan("second"))
    rate(first, match, "Alex Meret", 9)
    rate(second, match, "Alex Meret", 3)

    one = first.get(ballot_url(match)).content.decode()
    two = second.get(ballot_url(match)).content.decode()

    meret = appearance_named(match, "Alex Meret").pk
    assert f'value="9" id="id_rating-{meret}_8" checked' in one
    assert f'value="3" id="id_rating-{meret}_2" checked' in two
    assert one.count(" checked") == two.count(" checked") == 1
    assert "first" in one and "second" not in one.split("<main")[0]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_an_editors_change_shows_on_the_next_ballot(fan_client, match):
    fan_client.get(ballot_url(match))  # kept
    meret = appearance_named(match, "Alex Meret")
    meret.player.name = "Alex Meret Jr"
    meret.player.save()

    page = fan_client.get(ballot_url(match)).content.decode()

    assert "Alex Meret Jr" in page


def test_closing_the_window_in_the_admin_closes_the_kept_ballot(fan_client, match):
    fan_client.get(ballot_url(match))
    Match.objects.get(pk=match.pk).close_ratings()

    page = fan_client.get(ballot_url(match)).content.decode()
    saved = rate(fan_client, match, "Alex Meret", 8)

    assert "Rating closed on" in page
    assert 'type="radio"' not in page
    assert "closed" in saved.content.decode()
    assert not match.appearances.filter(fan_ratings__isnull=False).exists()


def test_a_removed_player_is_gone_from_the_kept_ballot(fan_client, match):
    fan_client.get(ballot_url(match))
    appearance_named(match, "Alex Sandro").delete()

    page = fan_client.get(ballot_url(match)).content.decode()

    assert "Alex Sandro" not in page
    assert "You have rated 0 of 3 players." in page


@pytest.mark.parametrize("score", [1, 7, 10])
def test_kept_reply_to_a_saved_rating_is_what_a_fresh_rendering_gives(fan_client, match, score):
    rate(fan_client, match, "Alex Sandro", 5)  # the reply for this player is now kept
    appearance = appearance_named(match, "Alex Meret")
    rate(fan_client, match, "Alex Meret", 2)

    reply = rate(fan_client, match, "Alex Meret", score)

    bound = PlayerRatingForm({field_name(appearance): str(score)}, appearance=appearance)
    assert bound.is_valid()
    context = {
        "match": match,
        "appearance": appearance,
        "field": bound.field,
        "is_open": True,
        "saved": True,
        "error": "",
    }
    fresh = render_to_string("ratings/ballot.html#player-ballot", context)
    fresh += render_to_string(
        "ratings/ballot.html#ballot-progress",
        context | {"player_count": 4, "rated_count": 2, "oob": True},
    )
    assert reply.status_code == 200
    assert reply.content.decode() == fresh
    assert f"Saved {score} for Alex Meret." in fresh


def test_a_changed_password_logs_out_the_other_sessions(client, fan, match):
    other = Client()
    client.force_login(fan)
    other.force_login(fan)
    other.get(ballot_url(match))  # the fan is now kept in the cache
    assert "Log out" in other.get(ballot_url(match)).content.decode()

    fan.set_password("a new secret phrase 42")
    fan.save()

    page = other.get(ballot_url(match)).content.decode()
    assert "Log in</a> or <a" in page


def test_a_deactivated_fan_is_logged_out_at_once(fan_client, fan, match):
    assert "Log out" in fan_client.get(ballot_url(match)).content.decode()

    fan.is_active = False
    fan.save(update_fields=["is_active"])

    assert "Log out" not in fan_client.get(ballot_url(match)).content.decode()


def test_a_new_club_counts_the_next_vote_for_its_side(fan_client, fan, match):
    rate(fan_client, match, "Alex Meret", 8)
    fan.club = match.home_team
    fan.save(update_fields=["club"])

    rate(fan_client, match, "Alex Sandro", 6)

    sides = dict(fan.fan_ratings.values_list("appearance__player__name", "side"))
    assert sides == {"Alex Meret": "neutral", "Alex Sandro": "home"}


def results_url(match, query: str = "") -> str:
    return reverse("ratings:results", args=[match.pk]) + query


def with_message(client, match) -> None:
    """Leave a flash message waiting (a refused mark, sent without JavaScript: nothing is
    saved), so the next page is rendered afresh."""
    appearance = appearance_named(match, "Alex Meret")
    response = client.post(
        reverse("ratings:rate", args=[match.pk, appearance.pk]), {field_name(appearance): "11"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("query", ["", "?sort=difference&order=asc", "?fans=split", "?fans=home"])
@pytest.mark.parametrize("who", ["rated", "not rated", "editor"])
def test_kept_results_are_what_a_fresh_rendering_gives(client, db, query, who):
    match = make_match()
    for number, scores in enumerate([(9, 4), (6, 6), (3, 8)]):
        voter = Client()
        voter.force_login(make_fan(f"voter-{number}"))
        rate(voter, match, "Alex Meret", scores[0])
        rate(voter, match, "Alex Sandro", scores[1])
    reader = make_editor("desk-reader") if who == "editor" else make_fan("reader<i>")
    client.force_login(reader)
    if who == "rated":
        rate(client, match, "Alex Meret", 2)
        rate(client, match, "Wojciech Szczesny", 10)
    with_message(client, match)
    fresh = client.get(results_url(match, query)).content.decode()
    assert '<ul class="messages"' in fresh

    kept = client.get(results_url(match, query)).content.decode()
    kept_fragment = client.get(results_url(match, query), headers={"HX-Request": "true"})

    assert '<ul class="messages"' not in kept
    assert comparable(kept) == comparable(fresh)
    assert comparable(kept_fragment.content.decode()).strip() in comparable(kept)
    assert ("Your ballot" in kept) is (who == "rated")
    assert "<!--you-" not in kept and "<!--your-ballot-->" not in kept


def test_a_fans_own_vote_shows_on_their_next_results_page(fan_client, match):
    rate(fan_client, match, "Alex Meret", 9)
    before = fan_client.get(results_url(match)).content.decode()
    assert "1 fan rated this match" in before

    other = Client()
    other.force_login(make_fan("other"))
    rate(other, match, "Alex Meret", 5)
    rate(fan_client, match, "Alex Meret", 7)

    after = fan_client.get(results_url(match)).content.decode()
    assert "2 fans rated this match" in after
    assert "You rated 1 player" in after
    assert ">7<" in after.split('data-label="You"')[1][:40]


def test_plainly_valid_ballots_are_exactly_those_the_form_accepts(match):
    from django.http import QueryDict

    from ratings.forms import BallotForm

    appearances = list(match.team_sheet().select_related("player"))
    first, second = (field_name(a) for a in appearances[:2])
    cases = [
        f"{first}=7",
        f"{first}=7&{second}=10",
        f"{first}=1&{second}=",
        f"{first}=&{second}=",
        "",
        f"{first}=11",
        f"{first}=0",
        f"{first}=7.5",
        f"{first}=+7",
        f"{first}=07",
        f"{first}=%207",
        f"{first}=%D9%A3",
        f"{first}=7&{first}=8",
        f"{first}=7&{first}=7",
        f"{first}=7&rating-999999=5",
        f"{first}=7&rating-x=5",
        f"{first}=7&csrfmiddlewaretoken=abc&other=1",
        f"rating-{appearances[0].pk}0=7",
    ]
    for query in cases:
        data = QueryDict(query)
        quick = BallotForm.plainly_valid(data, appearances)
        form = BallotForm(data, appearances=appearances)
        assert (quick is not None) == form.is_valid(), query
        if quick is not None:
            assert quick == form.scores(), query


def test_a_plainly_valid_single_rating_is_exactly_what_the_form_accepts(match):
    from django.http import QueryDict

    from ratings.forms import PlayerRatingForm

    appearance, other = list(match.team_sheet().select_related("player"))[:2]
    name = field_name(appearance)
    cases = [
        f"{name}=7",
        f"{name}=10",
        f"{name}=1",
        f"{name}=",
        "",
        f"{name}=11",
        f"{name}=0",
        f"{name}=-1",
        f"{name}=7.5",
        f"{name}=+7",
        f"{name}=07",
        f"{name}=%207",
        f"{name}=%D9%A3",
        f"{name}=7&{name}=8",
        f"{name}=7&{name}=7",
        f"{name}=7&csrfmiddlewaretoken=abc",
        f"{field_name(other)}=7",
        f"{name}0=7",
    ]
    for query in cases:
        data = QueryDict(query)
        quick = PlayerRatingForm.plainly_valid(data, appearance)
        form = PlayerRatingForm(data, appearance=appearance)
        if quick is not None:
            assert form.is_valid(), query
            assert quick == form.score, query
        # The form alone may take a request the shortcut leaves to it (the same mark twice).
        assert quick is not None or query in {f"{name}=7&{name}=7"} or not form.is_valid(), query


def test_a_vote_is_judged_by_the_window_in_the_database_not_the_pages_copy(match):
    from datetime import timedelta

    from django.db.models import F

    from ratings.models import RatingClosedError, rate_players, recount, stored_tallies

    copy = Match.objects.get(pk=match.pk)  # a page's copy: open
    Match.objects.filter(pk=match.pk).update(
        rating_closes_at=F("rating_opens_at") + timedelta(seconds=1)
    )
    meret = appearance_named(match, "Alex Meret")

    with pytest.raises(RatingClosedError, match="closed"):
        rate_players(fan=make_fan(), match=copy, scores={meret: 8})

    assert not meret.fan_ratings.exists()
    assert stored_tallies() == recount()


def test_a_vote_for_a_player_gone_from_the_line_up_is_refused(match):
    from ratings.models import LineUpChangedError, rate_players, recount, stored_tallies

    meret, lobotka = (
        appearance_named(match, "Alex Meret"),
        appearance_named(match, "Stanislav Lobotka"),
    )
    type(lobotka).objects.filter(pk=lobotka.pk).delete()  # the page's copy still shows him

    with pytest.raises(LineUpChangedError):
        rate_players(fan=make_fan(), match=match, scores={meret: 8, lobotka: 6})

    assert not meret.fan_ratings.exists()
    assert stored_tallies() == recount()


def test_only_the_pages_own_addresses_are_kept_for_fans(
    fan_client, match, django_assert_num_queries
):
    rate(fan_client, match, "Alex Meret", 9)
    for query in (
        "?fans=home&sort=difference&order=asc",
        "?sort=crowd",
        "?fans=away",
        "?order=asc",
    ):
        fan_client.get(results_url(match, query))  # kept
        with django_assert_num_queries(2):  # the session, the fan's marks with the version
            fan_client.get(results_url(match, query))
    # Any other spelling is rendered afresh, so junk addresses cannot fill a worker's memory.
    for query in ("?sort=difference&fans=home", "?x=1", "?sort=nonsense", "?fans=all"):
        fan_client.get(results_url(match, query))
        with CaptureQueriesContext(connection) as queries:
            page = fan_client.get(results_url(match, query))
        assert page.status_code == 200
        assert "Your ballot" in page.content.decode()
        assert len(queries) > 2, query


def test_a_workers_kept_copies_stay_within_their_budget(monkeypatch):
    from matches import sheets

    sheets.forget_local_copies()
    page = "x" * 1000
    for number in range(200):
        sheets.local_copy(f"page-{number}", "v1", lambda: [page, page])
    assert len(sheets._copies) == 200
    assert sheets._copies_bytes == 200 * (64 + 2000)

    budget = 50 * (64 + 2000)
    monkeypatch.setattr(sheets, "LOCAL_COPIES_BYTES", budget)
    sheets.local_copy("one-more", "v1", lambda: [page, page])
    assert sheets._copies_bytes <= budget
    assert list(sheets._copies)[-1] == "one-more"
    assert "page-0" not in sheets._copies and "page-199" in sheets._copies
    sheets.forget_local_copies()
