"""The vote tallies: always exactly what a recount of the raw votes gives."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from ratings.models import (
    SLOTS,
    DemoFan,
    FanRating,
    MatchTally,
    ScoreTally,
    forget_fan,
    match_counts,
    rate_players,
    rebuild_tallies,
    recount,
    remove_fan_votes,
    stored_tallies,
    tallies_for,
)
from tests.factories import (
    appearance_named,
    make_appearance,
    make_bare_match,
    make_closed_match,
    make_fan,
    make_match,
)


def assert_exact():
    assert stored_tallies() == recount()


def distribution(match, name, side=None):
    appearance = appearance_named(match, name)
    tally = tallies_for([appearance], side=side).get(appearance.pk)
    return list(tally.distribution) if tally else None


def test_votes_are_tallied_by_score(match):
    meret = appearance_named(match, "Alex Meret")
    sandro = appearance_named(match, "Alex Sandro")

    for score in (7, 8, 8):
        rate_players(fan=make_fan(), match=match, scores={meret: score, sandro: 5})

    assert distribution(match, "Alex Meret") == [0, 0, 0, 0, 0, 0, 1, 2, 0, 0]
    assert distribution(match, "Alex Sandro") == [0, 0, 0, 0, 3, 0, 0, 0, 0, 0]
    assert distribution(match, "Stanislav Lobotka") is None
    assert match_counts(match.pk)["fans"] == 3
    assert_exact()


def test_changed_vote_moves_between_scores(match, fan):
    meret = appearance_named(match, "Alex Meret")
    rate_players(fan=fan, match=match, scores={meret: 4})

    rate_players(fan=fan, match=match, scores={meret: 9})
    rate_players(fan=fan, match=match, scores={meret: 9})

    assert distribution(match, "Alex Meret") == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]
    assert match_counts(match.pk)["fans"] == 1
    assert_exact()


def test_side_comes_from_the_fans_club_when_the_vote_is_cast(match):
    meret = appearance_named(match, "Alex Meret")
    home_fan = make_fan(club=match.home_team)
    away_fan = make_fan(club=match.away_team)
    neutral = make_fan()

    rate_players(fan=home_fan, match=match, scores={meret: 9})
    rate_players(fan=away_fan, match=match, scores={meret: 3})
    rate_players(fan=neutral, match=match, scores={meret: 6})

    assert distribution(match, "Alex Meret", "home") == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]
    assert distribution(match, "Alex Meret", "away") == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert distribution(match, "Alex Meret", "neutral") == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    assert distribution(match, "Alex Meret") == [0, 0, 1, 0, 0, 1, 0, 0, 1, 0]
    assert_exact()


def test_changing_club_moves_a_vote_only_when_it_is_changed(match):
    meret = appearance_named(match, "Alex Meret")
    szczesny = appearance_named(match, "Wojciech Szczesny")
    fan = make_fan(club=match.home_team)
    rate_players(fan=fan, match=match, scores={meret: 8, szczesny: 5})
    fan.club = match.away_team
    fan.save(update_fields=["club"])

    rate_players(fan=fan, match=match, scores={meret: 7})

    assert distribution(match, "Alex Meret", "away") == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    assert distribution(match, "Alex Meret", "home") is None
    assert distribution(match, "Wojciech Szczesny", "home") == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert_exact()


def test_tallies_for_refuses_an_unknown_side(match):
    with pytest.raises(ValueError):
        tallies_for(match.appearances.all(), side="ultras")


def test_removed_votes_leave_the_tallies_and_the_fan_count(match):
    meret = appearance_named(match, "Alex Meret")
    leaving, staying = make_fan(), make_fan()
    rate_players(fan=leaving, match=match, scores={meret: 2})
    rate_players(fan=staying, match=match, scores={meret: 8})

    removed = remove_fan_votes(fan=leaving, match=match)

    assert removed == 1
    assert distribution(match, "Alex Meret") == [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert match_counts(match.pk)["fans"] == 1
    assert remove_fan_votes(fan=leaving, match=match) == 0
    assert_exact()


def test_deleted_account_keeps_closed_votes_and_drops_open_ones(db):
    open_match = make_match()
    closed = make_closed_match(home="Inter", away="Milan")
    fan, other = make_fan(), make_fan()
    for match in (open_match, closed):
        rate_players(
            fan=fan,
            match=match,
            scores={appearance_named(match, "Alex Meret"): 3},
            now=match.rating_opens_at,
        )
        rate_players(
            fan=other,
            match=match,
            scores={appearance_named(match, "Alex Meret"): 9},
            now=match.rating_opens_at,
        )

    forget_fan(fan=fan)

    assert distribution(open_match, "Alex Meret") == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]
    assert distribution(closed, "Alex Meret") == [0, 0, 1, 0, 0, 0, 0, 0, 1, 0]
    assert FanRating.objects.filter(fan=None).count() == 1
    # The anonymous vote still counts; its fan can no longer be counted.
    assert match_counts(open_match.pk)["fans"] == 1
    assert match_counts(closed.pk)["fans"] == 1
    assert_exact()


def test_demo_fans_are_counted_apart(match):
    meret = appearance_named(match, "Alex Meret")
    demo = make_fan()
    DemoFan.objects.create(user=demo)
    rate_players(fan=demo, match=match, scores={meret: 6})
    rate_players(fan=make_fan(), match=match, scores={meret: 6})

    counts = match_counts(match.pk)

    assert (counts["fans"], counts["demo_fans"]) == (2, 1)
    assert_exact()


def test_every_write_bumps_the_results_version(match, fan):
    meret = appearance_named(match, "Alex Meret")
    before = match_counts(match.pk)["version"]

    rate_players(fan=fan, match=match, scores={meret: 6})
    rate_players(fan=fan, match=match, scores={meret: 7})

    assert match_counts(match.pk)["version"] == before + 2


def test_fans_spread_over_the_slots(match):
    meret = appearance_named(match, "Alex Meret")

    for _ in range(SLOTS * 2):
        rate_players(fan=make_fan(), match=match, scores={meret: 7})

    assert ScoreTally.objects.filter(appearance=meret).count() == SLOTS
    assert MatchTally.objects.filter(match=match).count() == SLOTS
    assert distribution(match, "Alex Meret")[6] == SLOTS * 2


def test_rebuild_counts_bulk_written_votes(match):
    fans = [make_fan() for _ in range(5)]
    DemoFan.objects.create(user=fans[0])
    FanRating.objects.bulk_create(
        FanRating(appearance=appearance, fan=fan, score=5 + number % 3)
        for number, fan in enumerate(fans)
        for appearance in match.appearances.all()
    )
    assert stored_tallies() != recount()

    rebuild_tallies([match.pk])

    assert_exact()
    assert match_counts(match.pk)["demo_fans"] == 1
    assert distribution(match, "Alex Meret") == [0, 0, 0, 0, 2, 2, 1, 0, 0, 0]


def test_verify_tallies_passes_when_exact(match, fan):
    rate_players(fan=fan, match=match, scores={appearance_named(match, "Alex Meret"): 7})
    out = StringIO()

    call_command("verify_tallies", stdout=out)

    assert "match the votes" in out.getvalue()


def test_verify_tallies_reports_a_difference_and_fix_repairs_it(match, fan):
    meret = appearance_named(match, "Alex Meret")
    rate_players(fan=fan, match=match, scores={meret: 7})
    ScoreTally.objects.filter(appearance=meret).update(votes=5)
    out = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_tallies", stdout=out)

    assert exit_info.value.code == 1
    assert f"appearance {meret.pk} (Alex Meret), neutral fans, score 7: " in out.getvalue()
    assert "tallies 5, votes 1" in out.getvalue()

    call_command("verify_tallies", "--fix", stdout=StringIO())
    call_command("verify_tallies", stdout=StringIO())
    assert_exact()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_tallies_exact():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; row locks are PostgreSQL's")
    match = make_bare_match()
    players = [make_appearance(match, order=number) for number in range(1, 5)]
    fans = [make_fan(club=match.home_team if n % 2 else None) for n in range(12)]
    errors = []
    start = threading.Barrier(len(fans))

    def vote(fan, number):
        try:
            start.wait()
            for round_number in range(6):
                # Every fan changes every player's score each round, in a different order.
                order = players[number % 4 :] + players[: number % 4]
                rate_players(
                    fan=fan,
                    match=match,
                    scores={p: 1 + (number + round_number + i) % 10 for i, p in enumerate(order)},
                )
                if round_number == 3 and number % 3 == 0:
                    remove_fan_votes(fan=fan, match=match)
        except Exception as error:  # reported below, with the thread's own traceback lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(f, n)) for n, f in enumerate(fans)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert_exact()
    assert match_counts(match.pk)["fans"] == len(fans)
    assert FanRating.objects.count() == len(fans) * len(players)


def test_closed_match_votes_are_refused_and_tallies_unchanged(db, fan):
    match = make_closed_match()
    meret = appearance_named(match, "Alex Meret")

    with pytest.raises(Exception, match="closed"):
        rate_players(fan=fan, match=match, scores={meret: 7}, now=timezone.now())
    with pytest.raises(Exception, match="not opened"):
        rate_players(
            fan=fan, match=match, scores={meret: 7}, now=match.rating_opens_at - timedelta(1)
        )

    assert ScoreTally.objects.count() == 0
    assert_exact()


def test_demo_fans_are_tallied(db):
    call_command("load_demo", fans=12, stdout=StringIO())

    assert_exact()
    assert stored_tallies()[0]


def test_admin_cannot_delete_a_vote_behind_the_tallies(client, match, fan):
    from django.contrib.auth import get_user_model

    rating = make_fan_rating_via(match, fan)
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x-long-pw-1")
    client.force_login(admin)

    response = client.post(
        f"/admin/ratings/fanrating/{rating.pk}/delete/", {"post": "yes"}, follow=False
    )

    assert response.status_code == 403
    assert FanRating.objects.filter(pk=rating.pk).exists()
    assert_exact()


def make_fan_rating_via(match, fan):
    meret = appearance_named(match, "Alex Meret")
    rate_players(fan=fan, match=match, scores={meret: 7})
    return FanRating.objects.get(fan=fan, appearance=meret)


vote_function_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the vote function, and its one round trip, are PostgreSQL's",
)


def _as_at_the_start_of_a_request():
    """A kept connection, marked for Django's health check as a new request marks it."""
    connection.ensure_connection()
    connection.close_if_unusable_or_obsolete()
    assert connection.health_check_done is False


@vote_function_only
@pytest.mark.django_db(transaction=True)
def test_a_vote_is_sent_without_a_health_check_of_its_own(monkeypatch):
    match = make_bare_match()
    player = make_appearance(match, order=1)
    fan = make_fan()
    checks = []
    is_usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or is_usable())
    _as_at_the_start_of_a_request()

    assert rate_players(fan=fan, match=match, scores={player: 7}) == 1

    assert checks == []
    assert_exact()


@vote_function_only
@pytest.mark.django_db(transaction=True)
def test_a_vote_on_a_connection_that_died_while_idle_is_saved_on_a_new_one():
    match = make_bare_match()
    player = make_appearance(match, order=1)
    fan = make_fan()
    rate_players(fan=fan, match=match, scores={player: 4})
    _as_at_the_start_of_a_request()
    dead = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:  # as a server restart would
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [dead])
    finally:
        other.close()

    assert rate_players(fan=fan, match=match, scores={player: 9}) == 1

    assert connection.connection.info.backend_pid != dead
    assert list(FanRating.objects.values_list("score", flat=True)) == [9]
    assert_exact()
    assert match_counts(match.pk)["fans"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_vote_sent_twice_moves_nothing_the_second_time():
    """What the resend above relies on, should the first call have been saved."""
    match = make_bare_match()
    players = [make_appearance(match, order=number) for number in range(1, 4)]
    fan = make_fan()
    scores = {player: 3 + n for n, player in enumerate(players)}
    rate_players(fan=fan, match=match, scores=scores)
    before = stored_tallies()

    rate_players(fan=fan, match=match, scores=scores)

    assert stored_tallies() == before
    assert_exact()
    assert match_counts(match.pk)["fans"] == 1


@vote_function_only
@pytest.mark.django_db(transaction=True)
def test_a_vote_refused_by_the_database_is_not_sent_again():
    import psycopg
    from django.db import OperationalError

    match = make_bare_match()
    player = make_appearance(match, order=1)
    fan = make_fan()
    # Another writer holds the fan's row for a second, longer than this vote will wait.
    other = psycopg.connect(**connection.get_connection_params())
    other.execute("SELECT 1 FROM accounts_user WHERE id = %s FOR UPDATE", [fan.pk])
    release = threading.Timer(1.0, other.rollback)
    release.start()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        _as_at_the_start_of_a_request()
        pid = connection.connection.info.backend_pid

        with pytest.raises(OperationalError):
            rate_players(fan=fan, match=match, scores={player: 7})

        assert connection.connection.info.backend_pid == pid  # the same connection, kept
    finally:
        release.join()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert not FanRating.objects.exists()
    assert_exact()
