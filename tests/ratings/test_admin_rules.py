"""The match admin's line-up rules on the add and change pages, and their messages in words."""

from datetime import timedelta
from html.parser import HTMLParser

from matches.models import Appearance, Match
from ratings.models import EditorRating
from tests.factories import appearance_named, make_event, make_player, make_team
from tests.ratings.test_admin import _line_up_row, _management, _match_form


class _Boxes(HTMLParser):
    """Every form box's accessible name from aria-label, by its name attribute."""

    def __init__(self, html: str):
        super().__init__()
        self.names: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select") and attrs.get("name"):
            self.names[attrs["name"]] = attrs.get("aria-label", "")


def errors_in(response) -> list[str]:
    """The messages of every row and field, as the page lists them."""
    found = []
    for formset in response.context["inline_admin_formsets"]:
        for form in formset.formset.forms:
            found += [message for messages in form.errors.values() for message in messages]
    found += [m for ms in response.context["adminform"].form.errors.values() for m in ms]
    return found


def add_match(client, rows, **extra):
    napoli, juventus = make_team("Napoli"), make_team("Juventus")
    data = _match_form(napoli, juventus, **extra)
    data.update(_management("appearances", len(rows)))
    for index, (name, team_name, rating, role, minute) in enumerate(rows):
        team = make_team(team_name)
        player = make_player(name, team)
        data.update(_line_up_row(index, player, team, rating, role=role))
        data[f"appearances-{index}-minute_on"] = minute
    return client.post("/admin/matches/match/add/", data)


def change_match(client, match, changes: dict):
    """Post the match's change page as it is, with ``changes`` on top."""
    data = _match_form(match.home_team, match.away_team)
    rows = list(match.appearances.select_related("player", "editor_rating").order_by("pk"))
    data.update(_management("appearances", len(rows), initial=len(rows)))
    for index, appearance in enumerate(rows):
        data.update(
            _line_up_row(
                index,
                appearance.player,
                appearance.team,
                appearance.editor_rating.written_as,
                appearance.role,
            )
        )
        data[f"appearances-{index}-id"] = appearance.pk
        data[f"appearances-{index}-match"] = match.pk
    data.update(changes)
    return client.post(f"/admin/matches/match/{match.pk}/change/", data)


def test_admin_add_refuses_a_row_for_a_third_team_naming_row_and_player(editor_client):
    response = add_match(
        editor_client,
        [
            ("Alex Meret", "Napoli", "7", "starter", ""),
            ("Wojciech Szczesny", "Juventus", "6", "starter", ""),
            ("Federico Chiesa", "Roma", "6", "starter", ""),
        ],
    )

    assert response.status_code == 200
    assert errors_in(response) == [
        "Row 3 (Federico Chiesa): the team must be Napoli or Juventus, the two sides in this "
        "match, not Roma."
    ]
    assert Match.objects.count() == 0
    assert Appearance.objects.count() == 0


def test_admin_change_refuses_a_row_for_a_third_team_naming_row_and_player(editor_client, match):
    roma = make_team("Roma")
    meret = appearance_named(match, "Alex Meret")
    index = sorted(match.appearances.values_list("pk", flat=True)).index(meret.pk)

    response = change_match(editor_client, match, {f"appearances-{index}-team": roma.pk})

    assert response.status_code == 200
    assert errors_in(response) == [
        f"Row {index + 1} (Alex Meret): the team must be Napoli or Juventus, the two sides in "
        "this match."
    ]
    assert appearance_named(match, "Alex Meret").team == match.home_team


def test_admin_minute_on_out_of_range_names_row_and_player(editor_client):
    response = add_match(
        editor_client,
        [
            ("Alex Meret", "Napoli", "7", "starter", ""),
            ("Stanislav Lobotka", "Napoli", "6", "substitute", "200"),
        ],
    )

    assert errors_in(response) == [
        "Row 2 (Stanislav Lobotka): minute on must be between 1 and 150."
    ]
    assert Match.objects.count() == 0


def test_admin_minute_on_box_carries_the_range_for_the_browser(editor_client, match):
    html = editor_client.get(f"/admin/matches/match/{match.pk}/change/").content.decode()

    assert 'name="appearances-0-minute_on"' in html
    box = html.split('name="appearances-0-minute_on"')[0].rsplit("<input", 1)[1]
    box += html.split('name="appearances-0-minute_on"')[1].split(">", 1)[0]
    assert 'min="1"' in box and 'max="150"' in box


def test_admin_duplicated_player_names_him_and_both_rows(editor_client, match):
    rows = sorted(match.appearances.values_list("pk", "player_id"))
    meret = appearance_named(match, "Alex Meret")
    index_of_meret = [pk for pk, _ in rows].index(meret.pk)
    other = 1 if index_of_meret != 1 else 2

    response = change_match(
        editor_client,
        match,
        {
            f"appearances-{other}-player": meret.player_id,
            f"appearances-{other}-team": match.home_team.pk,
        },
    )

    assert response.status_code == 200
    first, second = sorted([index_of_meret, other])
    assert errors_in(response) == [
        f"Row {second + 1} (Alex Meret): Alex Meret is already in row {first + 1}; "
        "a player appears once in a match."
    ]


def test_admin_unreadable_rating_names_row_and_player(editor_client):
    response = add_match(editor_client, [("Alex Meret", "Napoli", "11", "starter", "")])

    assert errors_in(response) == ["Row 1 (Alex Meret): Rating 11 is out of range (0 to 10)."]
    assert EditorRating.objects.count() == 0


def test_admin_blank_rating_window_is_kickoff_to_72_hours_later(editor_client):
    response = add_match(
        editor_client,
        [("Alex Meret", "Napoli", "7", "starter", "")],
        rating_opens_at_0="",
        rating_opens_at_1="",
        rating_closes_at_0="",
        rating_closes_at_1="",
    )

    assert response.status_code == 302
    match = Match.objects.get()
    assert match.rating_opens_at == match.kickoff
    assert match.rating_closes_at - match.kickoff == timedelta(hours=72)


def test_admin_half_a_rating_window_is_refused(editor_client):
    response = add_match(
        editor_client,
        [("Alex Meret", "Napoli", "7", "starter", "")],
        rating_closes_at_0="",
        rating_closes_at_1="",
    )

    assert errors_in(response) == ["Give both ends of the fan rating window, or neither."]
    assert Match.objects.count() == 0


def test_admin_every_box_of_the_match_and_its_rows_is_named(editor_client, match):
    response = editor_client.get(f"/admin/matches/match/{match.pk}/change/")

    names = _Boxes(response.content.decode()).names
    assert names["kickoff_0"] == "Kickoff: date (Europe/London time)"
    assert names["rating_closes_at_1"] == "Rating closes at: time (Europe/London time)"
    assert names["appearances-0-minute_on"] == "Minute on, row 1"
    assert names["appearances-1-editor_rating"] == "Editor's rating, row 2"
    assert names["appearances-0-team"] == "Team, row 1"
    assert "Europe/London time. Leave both blank for kick-off to 72 hours later." in (
        response.content.decode()
    )


def test_admin_line_up_rows_have_no_icon_links_to_player_records(editor_client, match):
    html = editor_client.get(f"/admin/matches/match/{match.pk}/change/").content.decode()

    rows = html.split('id="appearances-group"')[1].split('id="events-group"')[0]
    assert "related-widget-wrapper-link" not in rows
    assert "/admin/matches/player/" not in rows


def test_admin_key_moment_boxes_are_named(editor_client, match):
    make_event(match, 31, "goal", "Insigne scores.")

    response = editor_client.get(f"/admin/matches/match/{match.pk}/change/")

    names = _Boxes(response.content.decode()).names
    assert names["events-0-minute"] == "Key moment 1: Minute"
    assert names["events-0-kind"] == "Key moment 1: Kind"


def test_admin_line_up_rows_come_home_side_first(editor_client, db):
    # Away side "Atalanta" sorts before "Napoli" by name; the rows must still start at home.
    from tests.factories import make_appearance, make_bare_match

    match = make_bare_match(home_team=make_team("Napoli"), away_team=make_team("Atalanta"))
    make_appearance(match, "Juan Musso", team=match.away_team)
    make_appearance(match, "Alex Meret", team=match.home_team)

    response = editor_client.get(f"/admin/matches/match/{match.pk}/change/")

    forms = response.context["inline_admin_formsets"][0].formset.forms
    assert [form.instance.player.name for form in forms] == ["Alex Meret", "Juan Musso"]
