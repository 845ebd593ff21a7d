from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.management import call_command

from matches.models import Match
from ratings.models import EditorRating
from tests.factories import (
    appearance_named,
    make_bare_match,
    make_competition,
    make_fan,
    make_match,
    make_player,
    make_team,
    row_counts,
    seed_report,
)
from tests.test_csp_ready import _offences


def _url(match: Match | None = None) -> str:
    if match is None:
        return "/admin/matches/match/import/"
    return f"/admin/matches/match/{match.pk}/import/"


def _demo_match() -> Match:
    call_command("load_demo", no_editor=True, stdout=None)
    return Match.objects.get(home_team__name="Napoli", away_team__name="Juventus")


def _html(response) -> str:
    return response.content.decode()


def _row(response, key: str) -> str:
    """The HTML of one player's row in the preview."""
    html = _html(response)
    start = html.index(f'<tr id="import-row-{key}">')
    return " ".join(html[start : html.index("</tr>", start)].split())


# --- The page -------------------------------------------------------------------------------


def test_import_admin_editor_gets_the_page_with_the_stored_report(editor_client, match):
    match.report_text = "Napoli: Meret 8"
    match.save()

    response = editor_client.get(_url(match))

    assert response.status_code == 200
    html = _html(response)
    assert '<label for="id_report">Match report:</label>' in html
    assert '<textarea name="report"' in html
    assert ">\nNapoli: Meret 8</textarea>" in html
    assert 'name="preview" value="Preview"' in html
    assert 'name="save"' not in html
    assert _offences(html) == []


def test_import_admin_new_match_page_asks_competition_and_kickoff(editor_client):
    make_competition("Serie A", "2020-21")

    response = editor_client.get(_url())

    html = _html(response)
    assert response.status_code == 200
    assert '<label for="id_competition">Competition:</label>' in html
    assert '<label for="id_kickoff">Kick-off:</label>' in html
    assert 'type="datetime-local" name="kickoff"' in html
    assert '<label for="id_rating_opens_at">Fan rating opens:</label>' in html
    assert ">Serie A 2020-21</option>" in html


def test_import_admin_links_from_the_match_list_and_change_form(editor_client, match):
    listing = editor_client.get("/admin/matches/match/")
    change = editor_client.get(f"/admin/matches/match/{match.pk}/change/")
    add = editor_client.get("/admin/matches/match/add/")

    assert '<a href="/admin/matches/match/import/">Import from report</a>' in _html(listing)
    assert f'<a href="{_url(match)}">Import from report</a>' in _html(change)
    assert '<a href="/admin/matches/match/import/">Import from report</a>' in _html(add)


def test_import_admin_wrong_method_is_refused(editor_client, match):
    response = editor_client.delete(_url(match))

    assert response.status_code == 405


# --- Preview --------------------------------------------------------------------------------


def test_import_admin_preview_shows_the_plan_and_writes_nothing(editor_client, match):
    # make_match: Alex Meret and Stanislav Lobotka (sub) v Wojciech Szczesny and Alex Sandro (sub)
    meret = appearance_named(match, "Alex Meret").player
    before = row_counts()

    response = editor_client.post(_url(match), {"report": seed_report(), "preview": "Preview"})

    assert response.status_code == 200
    assert row_counts() == before
    match.refresh_from_db()
    assert match.report_text == ""
    html = _html(response)
    assert (
        "<caption>\n                Napoli (home):\n                existing team Napoli\n" in html
    )
    assert _row(response, "t0-p0") == (
        '<tr id="import-row-t0-p0"> <th scope="row">Meret</th> <td>Starter</td> <td>8</td> '
        '<td>8</td> <td> <select name="player-t0-p0" id="player-t0-p0" '
        'aria-label="Player for Meret"> <optgroup label="Matching Meret"> '
        f'<option value="{meret.pk}" selected>Alex Meret</option> </optgroup> '
        '<option value="new">new player</option> '
        f'<optgroup label="Other Napoli players"> <option value="{appearance_named(match, "Stanislav Lobotka").player.pk}">'
        "Stanislav Lobotka</option> </optgroup> </select> </td>"
    )
    assert '<option value="new" selected>new player</option>' in _row(response, "t0-p1")
    assert "<td>Substitute</td> <td>N/A</td> <td>not rated</td>" in _row(response, "t0-p13")
    assert "<dd>\n            \n              Alex Meret (Napoli): Alex Meret" in html
    assert "1-0 (not used: the match already has 1-0)" in html
    assert "<caption>Key moments (5), replacing the match's</caption>" in html
    assert "<tr><td>63'</td><td>Goal disallowed</td><td>Goal disallowed! Morata" in html
    assert 'type="hidden" name="report" value="Napoli beat Juventus' in html
    assert 'name="save" value="Save"' in html
    assert "import-problems" not in html
    assert _offences(html) == []
    plan = response.context["plan"]
    assert (len(plan.rows), len(plan.new_players)) == (29, 25)


def test_import_admin_preview_with_problems_shows_lines_and_offers_no_save(editor_client, match):
    text = "PLAYER RATINGS\nNapoli: Meret 11, Lobotka N/A\nJuventus: Szczesny, Alex Sandro 6 7, Danilo 6"
    before = row_counts()

    response = editor_client.post(_url(match), {"report": text, "preview": "Preview"})

    html = _html(response)
    assert response.status_code == 200
    assert row_counts() == before
    assert "<caption>Problems (3)</caption>" in html
    rows = html[html.index("<tbody>", html.index("import-problems")) : html.index("</tbody>")]
    assert " ".join(rows.split()) == (
        "<tbody> "
        "<tr> <td>2</td> <td><code>Meret 11</code></td> "
        "<td>Rating 11 is out of range (0 to 10).</td> </tr> "
        "<tr> <td>3</td> <td><code>Szczesny</code></td> <td>No rating for Szczesny.</td> </tr> "
        "<tr> <td>3</td> <td><code>Alex Sandro 6 7</code></td> "
        "<td>Alex Sandro has more than one rating: 6 7.</td> </tr>"
    )
    assert "it cannot be saved with problems" in html
    assert 'name="save"' not in html
    assert "<select" not in html


def test_import_admin_preview_of_an_empty_block_reports_it(editor_client, match):
    response = editor_client.post(_url(match), {"report": "PLAYER RATINGS\n", "preview": "Preview"})

    html = _html(response)
    assert "<td>whole report</td>" in html
    assert "<td>No player ratings found.</td>" in html
    assert 'name="save"' not in html


def test_import_admin_preview_of_nothing_is_a_form_error(editor_client, match):
    response = editor_client.post(_url(match), {"report": "", "preview": "Preview"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"report": ["This field is required."]}
    assert response.context["plan"] is None


@pytest.mark.parametrize("demo", [False, True], ids=["4-players", "29-players"])
def test_import_admin_preview_query_count_does_not_grow_with_players(
    editor_client, django_assert_num_queries, demo
):
    match = _demo_match() if demo else make_match()
    text = (
        seed_report()
        if demo
        else "Napoli: Meret 8, Lobotka N/A\nJuventus: Szczesny 6, Alex Sandro 6"
    )

    with django_assert_num_queries(9):
        response = editor_client.post(_url(match), {"report": text, "preview": "Preview"})

    assert response.status_code == 200
    assert len(response.context["plan"].rows) == (29 if demo else 4)


# --- Save -----------------------------------------------------------------------------------


def test_import_admin_save_writes_and_redirects_to_the_match(editor_client):
    match = make_bare_match(
        home_team=make_team("Napoli"),
        away_team=make_team("Juventus"),
        home_score=None,
        away_score=None,
    )
    text = seed_report().replace("\n", "\r\n")  # as a browser sends a textarea

    response = editor_client.post(_url(match), {"report": text, "save": "Save"})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/matches/match/{match.pk}/change/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Imported 29 players (29 new), the man of the match, Meret, 5 key moments."
    ]
    match.refresh_from_db()
    assert match.report_text == seed_report()
    assert match.appearances.count() == 29
    assert EditorRating.objects.filter(appearance__match=match).count() == 29
    assert match.man_of_the_match.player.name == "Meret"
    assert (match.home_score, match.away_score) == (1, 0)
    assert match.events.count() == 5


def test_import_admin_reimport_updates_instead_of_duplicating(editor_client):
    match = _demo_match()
    before = row_counts()
    text = seed_report().replace("Insigne 8,", "Insigne 7,5,")

    response = editor_client.post(_url(match), {"report": text, "save": "Save"})

    assert response.status_code == 302
    assert row_counts() == before
    insigne = appearance_named(match, "Lorenzo Insigne").editor_rating
    assert (insigne.written_as, insigne.value) == ("7,5", Decimal("7.5"))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Imported 29 players (0 new), the man of the match, Meret, 5 key moments."
    ]


def test_import_admin_save_with_problems_is_refused_and_writes_nothing(editor_client, match):
    before = row_counts()

    response = editor_client.post(
        _url(match),
        {"report": "Napoli: Meret 11, Lobotka N/A\nJuventus: Szczesny 6", "save": "Save"},
    )

    assert response.status_code == 200
    assert row_counts() == before
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Nothing was imported: 1 problem(s) to fix first, starting with line 1: "
        "Rating 11 is out of range (0 to 10)."
    ]
    assert 'name="save"' not in _html(response)


def test_import_admin_ambiguous_name_is_chosen_in_the_preview(editor_client):
    chelsea, arsenal = make_team("Chelsea"), make_team("Arsenal")
    match = make_bare_match(home_team=chelsea, away_team=arsenal)
    thiago = make_player("Thiago Silva", chelsea)
    bernardo = make_player("Bernardo Silva", chelsea)
    text = "Chelsea: Mendy 7, Silva 6\nArsenal: Leno 6, Saka 7"

    preview = editor_client.post(_url(match), {"report": text, "preview": "Preview"})
    unchosen = editor_client.post(_url(match), {"report": text, "save": "Save", "player-t0-p1": ""})
    chosen = editor_client.post(
        _url(match), {"report": text, "save": "Save", "player-t0-p1": str(thiago.pk)}
    )

    assert _row(preview, "t0-p1") == (
        '<tr id="import-row-t0-p1"> <th scope="row">Silva</th> <td>Starter</td> <td>6</td> '
        '<td>6</td> <td> <select name="player-t0-p1" id="player-t0-p1" '
        'aria-label="Player for Silva" aria-invalid="true" aria-describedby="issue-t0-p1"> '
        '<option value="" selected>Choose a player</option> '
        '<optgroup label="Matching Silva"> '
        f'<option value="{bernardo.pk}">Bernardo Silva</option>'
        f'<option value="{thiago.pk}">Thiago Silva</option> </optgroup> '
        '<option value="new">new player</option> </select> '
        '<p class="errornote" id="issue-t0-p1">'
        "Silva could be Bernardo Silva, Thiago Silva: choose one.</p> </td>"
    )
    assert 'name="save" value="Save"' in _html(preview)
    assert unchosen.status_code == 200
    assert chosen.status_code == 302
    assert appearance_named(match, "Thiago Silva").editor_rating.written_as == "6"
    assert match.appearances.count() == 4


def test_import_admin_creates_a_new_match(editor_client):
    competition = make_competition("Serie A", "2020-21")
    data = {"report": seed_report(), "competition": competition.pk, "kickoff": "2021-02-13T17:00"}

    preview = editor_client.post(_url(), {**data, "preview": "Preview"})
    saved = editor_client.post(_url(), {**data, "save": "Save"})

    html = _html(preview)
    assert "<caption>\n                Napoli:\n                new team\n" in html
    assert 'type="hidden" name="kickoff" value="2021-02-13T17:00"' in html
    assert f'type="hidden" name="competition" value="{competition.pk}"' in html
    match = Match.objects.with_teams().get()
    assert saved["Location"] == f"/admin/matches/match/{match.pk}/change/"
    kickoff = datetime(2021, 2, 13, 17, 0, tzinfo=ZoneInfo("Europe/London"))
    assert (match.home_team.name, match.away_team.name, match.kickoff) == (
        "Napoli",
        "Juventus",
        kickoff,
    )
    assert (match.rating_opens_at, match.rating_closes_at) == (
        kickoff,
        kickoff + timedelta(hours=72),
    )
    assert match.appearances.count() == 29


def test_import_admin_new_match_previews_but_needs_a_kickoff_to_save(editor_client):
    competition = make_competition()

    response = editor_client.post(
        _url(), {"report": seed_report(), "competition": competition.pk, "save": "Save"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"kickoff": ["This field is required."]}
    assert len(response.context["plan"].rows) == 29
    assert "Complete the match details above and preview again to save." in _html(response)
    assert 'name="save"' not in _html(response)
    assert row_counts()["matches"] == 0


def test_import_admin_new_match_refuses_a_window_closing_before_it_opens(editor_client):
    data = {
        "report": seed_report(),
        "competition": make_competition().pk,
        "kickoff": "2021-02-13T17:00",
        "rating_closes_at": "2021-02-13T16:00",
        "save": "Save",
    }

    response = editor_client.post(_url(), data)

    assert response.context["form"].errors == {
        "rating_closes_at": ["The rating window must close after it opens."]
    }
    assert row_counts()["matches"] == 0


# --- Who can reach it -----------------------------------------------------------------------


@pytest.mark.parametrize("new", [False, True], ids=["match", "new-match"])
def test_import_admin_fan_is_sent_to_the_admin_login(client, match, new):
    client.force_login(make_fan("plain-fan"))

    response = client.post(_url(None if new else match), {"report": seed_report(), "save": "Save"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert match.appearances.count() == 4


def test_import_admin_anonymous_is_sent_to_the_admin_login(client, match):
    response = client.get(_url(match))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("new", [False, True], ids=["match", "new-match"])
def test_import_admin_staff_without_permission_is_forbidden(client, match, new):
    viewer = make_fan("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_match"))
    client.force_login(viewer)

    page = client.get(_url(None if new else match))
    save = client.post(_url(None if new else match), {"report": seed_report(), "save": "Save"})

    assert (page.status_code, save.status_code) == (403, 403)
    assert match.appearances.count() == 4


def test_import_admin_unknown_match_redirects_to_the_admin(editor_client, db):
    response = editor_client.get("/admin/matches/match/999999/import/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
