from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from matches.models import Appearance, Match, MatchEvent
from ratings.models import DemoFan, EditorRating, FanRating


def _editor_sheet(match: Match, team: str) -> list[tuple[str, str, Decimal | None]]:
    appearances = (
        Appearance.objects.filter(match=match, team__name=team)
        .select_related("player", "editor_rating")
        .order_by("role", "order")
    )
    return [(a.player.name, a.role, a.editor_rating.value) for a in appearances]


def test_load_demo_loads_the_seed_match(db):
    call_command("load_demo", stdout=None)

    match = Match.objects.with_teams().get(demo_match__isnull=True)
    assert (match.home_team.name, match.home_score, match.away_score, match.away_team.name) == (
        "Napoli",
        1,
        0,
        "Juventus",
    )
    assert str(match.competition) == "Serie A 2020-21"
    assert timezone.localtime(match.kickoff).date().isoformat() == "2021-02-13"
    assert match.is_open_for_rating()
    assert match.man_of_the_match.player.name == "Alex Meret"
    assert _editor_sheet(match, "Napoli") == [
        ("Alex Meret", "starter", Decimal(8)),
        ("Giovanni Di Lorenzo", "starter", Decimal(7)),
        ("Nikola Maksimović", "starter", Decimal(7)),
        ("Amir Rrahmani", "starter", Decimal(7)),
        ("Mário Rui", "starter", Decimal(7)),
        ("Tiémoué Bakayoko", "starter", Decimal(7)),
        ("Piotr Zieliński", "starter", Decimal(7)),
        ("Matteo Politano", "starter", Decimal(6)),
        ("Lorenzo Insigne", "starter", Decimal(8)),
        ("Hirving Lozano", "starter", Decimal(8)),
        ("Victor Osimhen", "starter", Decimal(6)),
        ("Fabián Ruiz", "substitute", Decimal(5)),
        ("Eljif Elmas", "substitute", Decimal(5)),
        ("Stanislav Lobotka", "substitute", None),
        ("Andrea Petagna", "substitute", None),
    ]
    assert _editor_sheet(match, "Juventus") == [
        ("Wojciech Szczęsny", "starter", Decimal(6)),
        ("Juan Cuadrado", "starter", Decimal(7)),
        ("Matthijs de Ligt", "starter", Decimal(7)),
        ("Giorgio Chiellini", "starter", Decimal(5)),
        ("Danilo", "starter", Decimal(6)),
        ("Federico Chiesa", "starter", Decimal(6)),
        ("Rodrigo Bentancur", "starter", Decimal(6)),
        ("Adrien Rabiot", "starter", Decimal(6)),
        ("Federico Bernardeschi", "starter", Decimal(6)),
        ("Álvaro Morata", "starter", Decimal(6)),
        ("Cristiano Ronaldo", "starter", Decimal(6)),
        ("Alex Sandro", "substitute", Decimal(6)),
        ("Dejan Kulusevski", "substitute", Decimal(5)),
        ("Weston McKennie", "substitute", Decimal(5)),
    ]
    assert sorted(
        EditorRating.objects.filter(quarters=None).values_list("written_as", flat=True)
    ) == [
        "N/A",
        "N/A",
    ]
    assert list(match.events.values_list("minute", "kind")) == [
        (30, MatchEvent.Kind.PENALTY),
        (31, MatchEvent.Kind.GOAL),
        (57, MatchEvent.Kind.SAVE),
        (63, MatchEvent.Kind.DISALLOWED_GOAL),
        (87, MatchEvent.Kind.SAVE),
    ]


def test_load_demo_is_idempotent(db):
    call_command("load_demo", fans=5, stdout=None)
    counts = (
        Match.objects.count(),
        Appearance.objects.count(),
        EditorRating.objects.count(),
        MatchEvent.objects.count(),
        FanRating.objects.count(),
        get_user_model().objects.count(),
    )

    call_command("load_demo", fans=5, stdout=None)

    assert (
        Match.objects.count(),
        Appearance.objects.count(),
        EditorRating.objects.count(),
        MatchEvent.objects.count(),
        FanRating.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    # The seed match and its 29 players, then 8 more matches: 7 with one seed club's 14 players,
    # Juventus v Napoli with both (28).
    assert counts[:4] == (9, 155, 155, 5)


def test_load_demo_fans_are_marked_and_vote_in_range(db):
    call_command("load_demo", fans=12, stdout=None)

    demo_users = get_user_model().objects.filter(demo_fan__isnull=False)
    assert demo_users.count() == 12
    assert DemoFan.objects.count() == 12
    assert all(
        u.username.startswith("demo-fan-") and not u.has_usable_password() for u in demo_users
    )
    scores = set(FanRating.objects.values_list("score", flat=True))
    assert scores <= set(range(1, 11))
    # Every demo fan rates at least the 27 players the editor rated in the seed match.
    assert (
        FanRating.objects.filter(
            appearance__match__demo_match__isnull=True,
            appearance__editor_rating__quarters__isnull=False,
        ).count()
        == 12 * 27
    )


def test_load_demo_creates_an_editor_who_can_reach_the_desk(db, client):
    call_command("load_demo", with_editor=True, stdout=None)
    editor = get_user_model().objects.get(username="editor")

    logged_in = (
        client.post(
            "/accounts/login/", {"username": "editor", "password": "terrace-editor"}
        ).status_code
        == 302
    )
    response = client.get("/admin/matches/match/")

    assert logged_in is True
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert response.status_code == 200
    assert "Napoli 1-0 Juventus" in response.content.decode()


def test_load_demo_makes_no_known_password_login_without_debug(db, settings):
    settings.DEBUG = False

    call_command("load_demo", stdout=None)

    assert not get_user_model().objects.filter(username="editor").exists()


def test_load_demo_makes_the_editor_under_debug(db, settings):
    settings.DEBUG = True

    call_command("load_demo", stdout=None)

    assert get_user_model().objects.filter(username="editor", is_staff=True).exists()


def test_load_demo_adds_a_run_of_real_fixtures_labelled_as_demo_data(db):
    call_command("load_demo", fans=6, stdout=None)

    run = Match.objects.with_teams().filter(demo_match__isnull=False).order_by("kickoff")
    assert [
        (
            timezone.localtime(m.kickoff).date().isoformat(),
            f"{m.home_team} {m.home_score}-{m.away_score} {m.away_team}",
        )
        for m in run
    ] == [
        ("2021-01-30", "Sampdoria 0-2 Juventus"),
        ("2021-02-06", "Genoa 2-1 Napoli"),
        ("2021-02-06", "Juventus 2-0 Roma"),
        ("2021-02-21", "Atalanta 4-2 Napoli"),
        ("2021-02-22", "Juventus 3-0 Crotone"),
        ("2021-02-27", "Verona 1-1 Juventus"),
        ("2021-03-03", "Sassuolo 3-3 Napoli"),
        ("2021-04-07", "Juventus 2-1 Napoli"),
    ]
    assert {str(m.competition) for m in run} == {"Serie A 2020-21"}
    assert not any(m.is_open_for_rating() for m in run)
    seed = Match.objects.get(demo_match__isnull=True)
    seed_squad = set(seed.appearances.values_list("player_id", flat=True))
    run_players = set(Appearance.objects.filter(match__in=run).values_list("player_id", flat=True))
    assert run_players <= seed_squad  # line-ups only from the seed's squads
    assert Appearance.objects.filter(match__in=run, editor_rating__isnull=True).count() == 0


def test_load_demo_fans_support_clubs_and_vote_by_side(db):
    call_command("load_demo", fans=6, stdout=None)

    clubs = dict(
        get_user_model()
        .objects.filter(demo_fan__isnull=False)
        .values_list("username", "club__name")
    )
    assert clubs == {
        "demo-fan-001": "Juventus",
        "demo-fan-002": None,
        "demo-fan-003": "Napoli",
        "demo-fan-004": "Juventus",
        "demo-fan-005": None,
        "demo-fan-006": "Napoli",
    }
    seed = Match.objects.get(demo_match__isnull=True)
    sides = set(
        FanRating.objects.filter(appearance__match=seed).values_list("fan__username", "side")
    )
    assert ("demo-fan-003", "home") in sides
    assert ("demo-fan-001", "away") in sides
    assert ("demo-fan-002", "neutral") in sides


def test_load_demo_run_pages_say_demo_data(db, client):
    call_command("load_demo", fans=3, stdout=None)
    match = Match.objects.filter(demo_match__isnull=False).first()

    html = client.get(f"/matches/{match.pk}/results/").content.decode()

    assert "Demo data: this match was played as shown" in html
