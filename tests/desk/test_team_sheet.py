"""The team sheet: both line-ups, ratings, man of the match and key moments saved at once."""

from datetime import datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from django.urls import reverse

from matches.models import Appearance, Match, Player
from ratings.models import EditorRating
from tests.desk.sheet_helpers import sheet_data, sheet_url
from tests.factories import (
    appearance_named,
    make_appearance,
    make_event,
    make_fan,
    make_fan_rating,
    make_player,
    make_team,
    row_counts,
)


class _Page(HTMLParser):
    """The sheet's boxes, labels, table rows and messages, read as HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: dict[str, dict] = {}  # by id
        self.labels: dict[str, str] = {}  # by the id they are for
        self.rows: dict[str, list[str]] = {}  # table id -> row ids
        self.errors: list[str] = []
        self._label_for = None
        self._label_text: list[str] = []
        self._table = None
        self._in_errors = 0
        self._error_text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea", "select") and attrs.get("id"):
            self.inputs[attrs["id"]] = {"tag": tag, **attrs}
        if tag == "label" and attrs.get("for"):
            self._label_for, self._label_text = attrs["for"], []
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.rows[self._table] = []
        if tag == "tr" and self._table and attrs.get("id"):
            self.rows[self._table].append(attrs["id"].removeprefix("row-"))
        if tag == "ul" and "errorlist" in (attrs.get("class") or ""):
            self._in_errors += 1
        if tag == "li" and self._in_errors:
            self._error_text = []

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None
        if tag == "table":
            self._table = None
        if tag == "li" and self._in_errors:
            self.errors.append(" ".join("".join(self._error_text).split()))
        if tag == "ul" and self._in_errors:
            self._in_errors -= 1

    def handle_data(self, data):
        if self._label_for:
            self._label_text.append(data)
        if self._in_errors:
            self._error_text.append(data)

    def value(self, box_id: str) -> str:
        return self.inputs[box_id].get("value", "")


def page(response) -> _Page:
    return _Page(response.content.decode())


def ratings_saved(match) -> list[tuple[str, str, str, int, int | None, str | None]]:
    rows = match.team_sheet().select_related("player", "team", "editor_rating")
    return [
        (
            a.player.name,
            a.team.name,
            a.role,
            a.order,
            a.minute_on,
            a.editor_rating.written_as if hasattr(a, "editor_rating") else None,
        )
        for a in rows
    ]


def add_squad(match, size: int) -> None:
    """Extra starters for both sides, rated, so the sheet has many rows to show and save."""
    for team in (match.home_team, match.away_team):
        for number in range(size):
            make_appearance(match, f"{team.name} Extra {number}", team=team, order=number + 2)


def full_sheet(match, size: int) -> dict:
    """The POST data of a sheet with every current player of both sides, re-rated 7."""
    rows = {"home": [], "away": []}
    for appearance in match.team_sheet().select_related("player"):
        side = "home" if appearance.team_id == match.home_team_id else "away"
        if appearance.role == Appearance.Role.STARTER:
            rows[side].append((appearance.player.name, "7"))
    return sheet_data(home_starters=rows["home"], away_starters=rows["away"])


# --- GET ------------------------------------------------------------------------------------


def test_sheet_shows_two_tables_home_first_with_rows_ready(editor_client, match):
    response = editor_client.get(sheet_url(match))

    assert response.status_code == 200
    sheet = page(response)
    assert list(sheet.rows) == ["sheet-home", "sheet-away"]
    home = sheet.rows["sheet-home"]
    assert home[:2] == ["home-starters-0", "home-starters-1"]
    assert [key for key in home if key.startswith("home-starters")] == [
        f"home-starters-{n}" for n in range(11)
    ]
    assert [key for key in home if key.startswith("home-substitutes")] == [
        f"home-substitutes-{n}" for n in range(5)
    ]
    assert sheet.value("id_home-starters-0-name") == "Alex Meret"
    assert sheet.value("id_home-starters-0-rating") == "8"
    assert sheet.value("id_home-substitutes-0-name") == "Stanislav Lobotka"
    assert sheet.value("id_home-substitutes-0-minute_on") == "80"
    assert sheet.value("id_home-substitutes-0-rating") == "N/A"
    assert sheet.value("id_away-starters-0-name") == "Wojciech Szczesny"
    assert sheet.value("id_away-substitutes-0-rating") == "6,5"


def test_sheet_labels_every_box(editor_client, match):
    response = editor_client.get(sheet_url(match))

    sheet = page(response)
    boxes = [
        box_id
        for box_id, box in sheet.inputs.items()
        if box.get("type") not in ("hidden", "submit") and box_id != "nav-filter"
    ]
    unlabelled = [box_id for box_id in boxes if not sheet.labels.get(box_id)]
    assert unlabelled == []
    assert sheet.labels["id_home-starters-2-name"] == "Napoli starter 3: name"
    assert sheet.labels["id_away-substitutes-1-minute_on"] == "Juventus substitute 2: minute on"
    assert sheet.labels["id_home-starters-0-rating"] == "Napoli starter 1: rating"
    assert sheet.labels["motm-away-starters-0"] == "Man of the match: Juventus starter 1"


def test_sheet_shows_the_rating_window_with_its_time_zone(editor_client, match):
    response = editor_client.get(sheet_url(match))

    html = response.content.decode()
    assert "Europe/London time." in html
    assert "Leave both blank for kick-off to 72 hours later." in html


def test_sheet_minute_on_box_lets_the_browser_refuse_out_of_range(editor_client, match):
    response = editor_client.get(sheet_url(match))

    box = page(response).inputs["id_home-substitutes-0-minute_on"]
    assert (box["type"], box["min"], box["max"]) == ("number", "1", "150")
    assert "novalidate" not in response.content.decode().split('id="team-sheet"')[0][-200:]


def test_sheet_has_no_icon_links_or_player_deleting_links(editor_client, match):
    response = editor_client.get(sheet_url(match))

    sheet = response.content.decode().split('id="team-sheet"')[1]
    assert "/admin/matches/player/" not in sheet
    assert "<img" not in sheet
    assert "delete" not in sheet.lower()


def test_sheet_checks_the_current_man_of_the_match(editor_client, match):
    match.man_of_the_match = appearance_named(match, "Alex Sandro")
    match.save()

    sheet = page(editor_client.get(sheet_url(match)))

    assert "checked" in sheet.inputs["motm-away-substitutes-0"]
    assert "checked" not in sheet.inputs["motm-none"]


def test_sheet_suggests_each_sides_squad_with_the_players_team(editor_client, match):
    make_player("Piotr Zieliński", match.home_team)
    make_player("Federico Chiesa", None)

    html = editor_client.get(sheet_url(match)).content.decode()

    home_list = html.split(f'<datalist id="squad-{match.home_team.pk}">')[1].split("</datalist>")[0]
    assert 'value="Piotr Zieliński" data-team="Napoli"' in home_list
    assert "Szczesny" not in home_list
    assert "Chiesa" not in html


def test_sheet_change_page_links_to_the_team_sheet(editor_client, match):
    response = editor_client.get(reverse("admin:matches_match_change", args=[match.pk]))

    assert f'href="{sheet_url(match)}"' in response.content.decode()


@pytest.mark.parametrize("size", [1, 12])
def test_sheet_get_queries_do_not_grow_with_the_rows(
    editor_client, match, size, django_assert_num_queries
):
    add_squad(match, size)

    with django_assert_num_queries(8):
        response = editor_client.get(sheet_url(match))

    assert response.status_code == 200


# --- Access ---------------------------------------------------------------------------------


def test_sheet_anonymous_is_sent_to_log_in(client, match):
    response = client.get(sheet_url(match))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_sheet_fan_is_sent_to_log_in(client, match):
    client.force_login(make_fan("not-staff"))

    response = client.get(sheet_url(match))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_sheet_staff_without_match_permission_is_refused(client, match):
    client.force_login(make_fan("staff-only", is_staff=True))

    response = client.post(sheet_url(match), sheet_data(home_starters=[("Meret", "1")]))

    assert response.status_code == 403
    assert appearance_named(match, "Alex Meret").editor_rating.written_as == "8"


def test_sheet_refuses_other_methods(editor_client, match):
    response = editor_client.put(sheet_url(match))

    assert response.status_code == 405


def test_sheet_of_a_missing_match_redirects_with_a_message(editor_client, db):
    response = editor_client.get(reverse("admin:matches_match_team_sheet", args=[999]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "doesn’t exist" in response.content.decode()


# --- Saving ---------------------------------------------------------------------------------


def test_sheet_saves_both_sides_ratings_motm_and_moments_at_once(editor_client, match):
    make_player("Piotr Zieliński", match.home_team)
    make_player("Mário Rui", match.home_team)
    data = sheet_data(
        home_starters=[("meret", "8"), ("ZIELINSKI", "6,5"), ("Mario Rui", "6.5")],
        home_substitutes=[("Lobotka", 80, "6+"), ("Eljif Elmas+new", 63, "6-")],
        away_starters=[("szczesny", "N/A")],
        away_substitutes=[("Alex Sandro", 70, "")],
        man_of_the_match="home-starters-1",
        events=[(31, "goal", "Insigne scores."), (90, "save", "Meret saves.")],
    )

    response = editor_client.post(sheet_url(match), data)

    assert response.status_code == 302
    assert response["Location"] == sheet_url(match)
    assert ratings_saved(match) == [
        ("Alex Meret", "Napoli", "starter", 1, None, "8"),
        ("Piotr Zieliński", "Napoli", "starter", 2, None, "6,5"),
        ("Mário Rui", "Napoli", "starter", 3, None, "6.5"),
        ("Stanislav Lobotka", "Napoli", "substitute", 1, 80, "6+"),
        ("Eljif Elmas", "Napoli", "substitute", 2, 63, "6-"),
        ("Wojciech Szczesny", "Juventus", "starter", 1, None, "N/A"),
        ("Alex Sandro", "Juventus", "substitute", 1, 70, None),
    ]
    values = {r.appearance.player.name: r.value for r in EditorRating.objects.all()}
    assert values["Piotr Zieliński"] == Decimal("6.5")
    assert values["Stanislav Lobotka"] == Decimal("6.25")
    assert values["Eljif Elmas"] == Decimal("5.75")
    assert values["Wojciech Szczesny"] is None
    assert Player.objects.get(name="Eljif Elmas").team == match.home_team
    match.refresh_from_db()
    assert match.man_of_the_match.player.name == "Piotr Zieliński"
    assert list(match.events.values_list("minute", "kind", "description")) == [
        (31, "goal", "Insigne scores."),
        (90, "save", "Meret saves."),
    ]
    messages_page = editor_client.get(response["Location"]).content.decode()
    assert "Saved the team sheet: 7 players (1 new)." in messages_page


def test_sheet_blank_window_defaults_to_kickoff_and_72_hours(editor_client, match):
    editor_client.post(sheet_url(match), sheet_data(home_starters=[("Meret", "8")]))

    match.refresh_from_db()
    assert match.rating_opens_at == match.kickoff
    assert match.rating_closes_at == match.kickoff + timedelta(hours=72)


def test_sheet_window_hours_follow_the_setting(editor_client, match, settings):
    settings.RATING_WINDOW_HOURS = 24

    editor_client.post(sheet_url(match), sheet_data(home_starters=[("Meret", "8")]))

    match.refresh_from_db()
    assert match.rating_closes_at - match.rating_opens_at == timedelta(hours=24)


def test_sheet_window_is_read_in_the_shown_time_zone(editor_client, match):
    data = sheet_data(
        home_starters=[("Meret", "8")], opens="2021-07-01T18:00", closes="2021-07-04T18:00"
    )

    editor_client.post(sheet_url(match), data)

    match.refresh_from_db()
    london = ZoneInfo("Europe/London")
    assert match.rating_opens_at == datetime(2021, 7, 1, 18, 0, tzinfo=london)
    assert match.rating_closes_at == datetime(2021, 7, 4, 18, 0, tzinfo=london)


def test_sheet_clearing_a_name_removes_him_and_a_blank_rating_is_no_rating_yet(
    editor_client, match
):
    make_event(match, 10, "goal", "Old moment.")
    data = sheet_data(
        home_starters=[("Alex Meret", "")],
        away_starters=[("Wojciech Szczesny", "6")],
        events=[(12, "card", "Booked.")],
    )

    editor_client.post(sheet_url(match), data)

    assert ratings_saved(match) == [
        ("Alex Meret", "Napoli", "starter", 1, None, None),
        ("Wojciech Szczesny", "Juventus", "starter", 1, None, "6"),
    ]
    assert list(match.events.values_list("description", flat=True)) == ["Booked."]
    assert Player.objects.filter(name="Stanislav Lobotka").exists()


def test_sheet_keeps_a_player_who_moved_club_on_his_old_side(editor_client, match):
    lobotka = appearance_named(match, "Stanislav Lobotka").player
    lobotka.team = make_team("Roma")
    lobotka.save()

    response = editor_client.post(
        sheet_url(match),
        sheet_data(home_starters=[("Meret", "8")], home_substitutes=[("Lobotka", 80, "6")]),
    )

    assert response.status_code == 302
    assert ("Stanislav Lobotka", "Napoli", "substitute", 1, 80, "6") in ratings_saved(match)


@pytest.mark.parametrize("size", [1, 12])
def test_sheet_save_queries_do_not_grow_with_the_rows(
    editor_client, match, size, django_assert_num_queries
):
    add_squad(match, size)
    data = full_sheet(match, size)

    # The rows the sheet drops are read before they are deleted, so that deleting them
    # tells the fans' pages the line-up changed (matches.sheets).
    with django_assert_num_queries(22):
        response = editor_client.post(sheet_url(match), data)

    assert response.status_code == 302
    assert EditorRating.objects.filter(written_as="7").count() == 2 * (size + 1)


# --- Messages: the row, the player and the rule, and nothing saved ---------------------------


def post_refused(client, match, data) -> list[str]:
    before = row_counts()
    ratings_before = ratings_saved(match)

    response = client.post(sheet_url(match), data)

    assert response.status_code == 200
    assert row_counts() == before
    assert ratings_saved(match) == ratings_before
    html = response.content.decode()
    assert "Nothing was saved." in html
    return page(response).errors


def test_sheet_minute_on_out_of_range_names_the_row_and_player(editor_client, match):
    data = sheet_data(home_substitutes=[("Lobotka", 200, "6")])

    errors = post_refused(editor_client, match, data)

    assert errors == ["Napoli substitute 1 (Lobotka): minute on must be between 1 and 150."]


def test_sheet_minute_on_zero_is_refused_too(editor_client, match):
    errors = post_refused(editor_client, match, sheet_data(away_substitutes=[("Sandro", 0, "")]))

    assert errors == ["Juventus substitute 1 (Sandro): minute on must be between 1 and 150."]


def test_sheet_minute_on_that_is_not_a_number_is_named(editor_client, match):
    errors = post_refused(
        editor_client, match, sheet_data(home_substitutes=[("Lobotka", "ten", "6")])
    )

    assert errors == ["Napoli substitute 1 (Lobotka): minute on must be a whole number."]


def test_sheet_player_twice_names_both_rows(editor_client, match):
    data = sheet_data(home_starters=[("Alex Meret", "8"), ("meret", "7")])

    errors = post_refused(editor_client, match, data)

    assert errors == [
        "Napoli starter 2 (meret): Alex Meret is already on the sheet as Napoli starter 1; "
        "a player appears once in a match."
    ]


def test_sheet_unreadable_rating_names_the_row_and_player(editor_client, match):
    errors = post_refused(editor_client, match, sheet_data(home_starters=[("Meret", "11")]))

    assert errors == ["Napoli starter 1 (Meret): rating 11 is out of range (0 to 10)."]


def test_sheet_rating_in_thirds_is_refused(editor_client, match):
    errors = post_refused(editor_client, match, sheet_data(away_starters=[("Szczesny", "6.3")]))

    assert errors == [
        "Juventus starter 1 (Szczesny): rating 6.3 is not a whole, half or quarter point."
    ]


def test_sheet_new_name_needs_confirmation_then_creates_the_player_in_that_team(
    editor_client, match
):
    data = sheet_data(away_starters=[("Federico Chiesa", "6")])

    errors = post_refused(editor_client, match, data)
    confirmed = editor_client.post(
        sheet_url(match), sheet_data(away_starters=[("Federico Chiesa+new", "6")])
    )

    assert errors == [
        "Juventus starter 1 (Federico Chiesa): no Juventus player has this name. "
        "Tick “new player” to add Federico Chiesa to Juventus, or correct the name."
    ]
    assert confirmed.status_code == 302
    assert Player.objects.get(name="Federico Chiesa").team == match.away_team
    assert appearance_named(match, "Federico Chiesa").team == match.away_team


def test_sheet_new_player_box_appears_on_the_row_that_needs_it(editor_client, match):
    data = sheet_data(away_starters=[("Chiesa", "6"), ("Szczesny", "6")])

    response = editor_client.post(sheet_url(match), data)

    sheet = page(response)
    html = response.content.decode()
    assert sheet.labels["id_away-starters-0-new_player"] == (
        "Juventus starter 1: new Juventus player"
    )
    assert html.count('<span class="sheet-new">') == 1
    assert html.count('<span class="sheet-new" hidden>') == 1


def test_sheet_a_player_of_the_other_side_is_not_found_in_this_table(editor_client, match):
    """The third-team case cannot happen: a row's team is its table's."""
    errors = post_refused(editor_client, match, sheet_data(home_starters=[("Szczesny", "6")]))

    assert errors == [
        "Napoli starter 1 (Szczesny): no Napoli player has this name. "
        "Tick “new player” to add Szczesny to Napoli, or correct the name."
    ]


def test_sheet_ambiguous_name_asks_for_the_full_name(editor_client, match):
    make_player("Lorenzo Insigne", match.home_team)
    make_player("Roberto Insigne", match.home_team)

    errors = post_refused(editor_client, match, sheet_data(home_starters=[("Insigne", "7")]))

    assert errors == [
        "Napoli starter 1 (Insigne): could be Lorenzo Insigne or Roberto Insigne; "
        "type the full name."
    ]


def test_sheet_rating_without_a_name_is_refused(editor_client, match):
    errors = post_refused(editor_client, match, sheet_data(home_starters=[("", "7")]))

    assert errors == ["Napoli starter 1: a rating but no name; type the player's name."]


def test_sheet_man_of_the_match_on_an_empty_row_is_refused(editor_client, match):
    data = sheet_data(home_starters=[("Meret", "8"), ("", "")], man_of_the_match="home-starters-1")

    errors = post_refused(editor_client, match, data)

    assert errors == ["The man of the match must be a player on the sheet."]


def test_sheet_player_with_fan_votes_cannot_leave_the_line_up(editor_client, match):
    make_fan_rating(appearance_named(match, "Alex Meret"), score=7)

    response = editor_client.post(sheet_url(match), sheet_data(home_starters=[("Lobotka", "6")]))

    assert response.status_code == 200
    assert page(response).errors == [
        "Fans have rated Alex Meret in this match (1 vote), so he stays in the line-up: their "
        "votes are never deleted by an editor's change. Put his name back on the sheet to save it."
    ]
    assert appearance_named(match, "Alex Meret").role == "starter"
    assert ratings_saved(match)[0] == ("Alex Meret", "Napoli", "starter", 1, None, "8")


def test_sheet_player_with_fan_votes_may_stay_and_be_rated_again(editor_client, match):
    make_fan_rating(appearance_named(match, "Alex Meret"), score=7)

    response = editor_client.post(sheet_url(match), sheet_data(home_starters=[("Meret", "5")]))

    assert response.status_code == 302
    assert ratings_saved(match) == [("Alex Meret", "Napoli", "starter", 1, None, "5")]


def test_sheet_rating_window_half_given_is_refused(editor_client, match):
    data = sheet_data(home_starters=[("Meret", "8")], opens="2021-07-01T18:00")

    errors = post_refused(editor_client, match, data)

    assert errors == ["Give both ends of the rating window, or neither."]


def test_sheet_rating_window_closing_before_it_opens_is_refused(editor_client, match):
    data = sheet_data(
        home_starters=[("Meret", "8")], opens="2021-07-04T18:00", closes="2021-07-01T18:00"
    )

    errors = post_refused(editor_client, match, data)

    assert errors == ["The rating window must close after it opens."]


def test_sheet_key_moment_without_a_minute_is_refused(editor_client, match):
    data = sheet_data(home_starters=[("Meret", "8")], events=[("", "goal", "Insigne scores.")])

    errors = post_refused(editor_client, match, data)

    assert errors == ["Key moment 1: the minute is missing."]


def test_sheet_key_moment_after_150_is_refused(editor_client, match):
    data = sheet_data(home_starters=[("Meret", "8")], events=[(151, "goal", "Late.")])

    errors = post_refused(editor_client, match, data)

    assert errors == ["Key moment 1: the minute must be between 1 and 150."]


def test_sheet_errors_link_to_the_box_to_fix(editor_client, match):
    response = editor_client.post(
        sheet_url(match), sheet_data(home_substitutes=[("Lobotka", 200, "6")])
    )

    assert 'href="#id_home-substitutes-0-minute_on"' in response.content.decode()


# --- More rows and the pasted block ----------------------------------------------------------


def test_sheet_more_rows_adds_three_substitute_rows_and_saves_nothing(editor_client, match):
    before = ratings_saved(match)
    data = sheet_data(home_starters=[("Meret", "5")], home_substitutes=[("Lobotka", 80, "6")])
    data.pop("save")
    data["more"] = "home-substitutes"

    response = editor_client.post(sheet_url(match), data)

    sheet = page(response)
    assert [k for k in sheet.rows["sheet-home"] if "substitutes" in k] == [
        "home-substitutes-0",
        "home-substitutes-1",
        "home-substitutes-2",
        "home-substitutes-3",
    ]
    assert sheet.value("id_home-starters-0-rating") == "5"
    assert ratings_saved(match) == before
    assert "Nothing was saved." not in response.content.decode()


BLOCK = """PLAYER RATINGS
Napoli: Meret 7,5; Di Lorenzo 6+, Zielinski 6.5 (63' Elmas 6-)
Juventus: Szczesny 6; Chiesa N/A
Man of the match: Meret (Napoli)
"""


def test_sheet_paste_fills_the_tables_for_review_and_saves_nothing(editor_client, match):
    before = row_counts()
    data = sheet_data(home_score="2", away_score="1")
    data.pop("save")
    data["fill"] = "Fill the tables"
    data["details-paste"] = BLOCK

    response = editor_client.post(sheet_url(match), data)

    assert response.status_code == 200
    assert row_counts() == before
    sheet = page(response)
    assert [
        (sheet.value(f"id_home-starters-{n}-name"), sheet.value(f"id_home-starters-{n}-rating"))
        for n in range(3)
    ] == [("Meret", "7,5"), ("Di Lorenzo", "6+"), ("Zielinski", "6.5")]
    assert sheet.value("id_home-substitutes-0-name") == "Elmas"
    assert sheet.value("id_home-substitutes-0-minute_on") == "63"
    assert sheet.value("id_away-starters-1-rating") == "N/A"
    assert "checked" in sheet.inputs["motm-home-starters-0"]
    assert sheet.value("id_details-home_score") == "2"
    # Names nobody in the squad has offer "new player" at once; known ones do not.
    html = response.content.decode()
    new_boxes = [
        key
        for key in ("home-starters-0", "home-starters-1", "away-starters-0", "away-starters-1")
        if f'<span class="sheet-new"><input type="checkbox" name="{key}-new_player"' in html
    ]
    assert new_boxes == ["home-starters-1", "away-starters-1"]
    assert "Nothing has been saved yet" in response.content.decode()


def test_sheet_paste_with_one_team_says_so(editor_client, match):
    data = sheet_data()
    data.pop("save")
    data["fill"] = "Fill the tables"
    data["details-paste"] = "Napoli: Meret 7, Di Lorenzo 6, Rrahmani 6"

    response = editor_client.post(sheet_url(match), data)

    assert "Found 1 team in the block; paste both teams" in response.content.decode()


def test_sheet_follows_adding_a_match(editor_client, db):
    from tests.ratings.test_admin import _management, _match_form

    data = {
        **_match_form(make_team("Napoli"), make_team("Juventus")),
        **_management("appearances", 0),
        "_save": "Save",
    }

    response = editor_client.post(reverse("admin:matches_match_add"), data)

    match = Match.objects.get()
    assert response["Location"] == sheet_url(match)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"save": "Save the team sheet"},
        {"more": "nonsense"},
        {"fill": "Fill the tables"},
        {"home-starters-TOTAL_FORMS": "100000", "home-starters-INITIAL_FORMS": "0"},
    ],
    ids=["empty", "save-without-forms", "more-unknown", "fill-without-text", "too-many-rows"],
)
def test_sheet_bad_input_changes_nothing_and_never_fails(editor_client, match, data):
    before = ratings_saved(match)

    response = editor_client.post(sheet_url(match), data)

    assert response.status_code == 200
    assert ratings_saved(match) == before


def test_sheet_save_refused_by_a_vote_cast_after_the_check_writes_nothing(match):
    """Between the check and the save a fan rates a player the sheet removes: the database's
    protection (PROTECT) stops the save, and the whole transaction rolls back."""
    from django.db.models import ProtectedError

    from desk.team_sheet import TeamSheet

    before = ratings_saved(match)
    data = QueryDict(mutable=True)
    data.update(sheet_data(home_starters=[("Lobotka", "9")], away_starters=[("Szczesny", "5")]))
    sheet = TeamSheet(Match.objects.with_teams().get(pk=match.pk), data)
    assert sheet.is_valid()
    make_fan_rating(appearance_named(match, "Alex Meret"), score=7)

    with pytest.raises(ProtectedError):
        sheet.save()

    assert ratings_saved(match) == before
