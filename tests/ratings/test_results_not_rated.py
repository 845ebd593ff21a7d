"""On the results page the editor's N/A and a rating not entered yet read differently."""

from django.urls import reverse

from tests.factories import make_appearance, make_bare_match, make_team
from tests.pages import row_cells


def test_results_tell_not_rated_from_no_rating_yet(client, db, settings):
    settings.HIDE_RESULTS_UNTIL_RATED = False
    match = make_bare_match(home_team=make_team("Napoli"), away_team=make_team("Juventus"))
    rated = make_appearance(match, "Alex Meret", editor="6,5")
    not_rated = make_appearance(match, "Stanislav Lobotka", editor="N/A", order=2)
    forgotten = make_appearance(match, "Piotr Zieliński", order=3)

    html = client.get(reverse("ratings:results", args=[match.pk])).content.decode()

    editor_cells = {
        appearance.player.name: row_cells(html, f"result-{appearance.pk}")[2]
        for appearance in (rated, not_rated, forgotten)
    }
    assert editor_cells == {
        "Alex Meret": "6.5",
        "Stanislav Lobotka": "not rated (N/A)",
        "Piotr Zieliński": "no rating yet",
    }
