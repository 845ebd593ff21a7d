"""Item 1: only ASCII digits are ids; any other "digit" is a bad filter and is ignored."""

import pytest
from django.urls import reverse

from tests.factories import make_match


def _listed(response, matches) -> list[bool]:
    content = response.content.decode()
    return [f'href="{reverse("ratings:ballot", args=[m.pk])}"' in content for m in matches]


@pytest.mark.parametrize(
    "query",
    [
        "?team=%C2%B2",  # superscript two: "²".isdigit() is true, int("²") raises
        "?competition=%C2%B9",  # superscript one
        "?team=%D9%A3",  # Arabic-Indic three: int() would take it as 3
        "?competition=%EF%BC%91",  # full-width one
        "?team=%E2%91%A0",  # circled one
        "?team=99999999999999999999999999",  # beyond any integer column
        "?team=%00",
        "?team=1&team=%C2%B2",
    ],
)
def test_match_list_ignores_filters_that_are_not_ascii_digits(client, db, query):
    matches = [make_match(home="Napoli", away="Juventus"), make_match(home="Inter", away="Milan")]

    response = client.get(reverse("matches:list") + query)

    assert response.status_code == 200
    assert _listed(response, matches) == [True, True]


def test_match_list_takes_a_non_ascii_digit_that_int_accepts_as_no_filter(client, db):
    # int("٣") == 3: without the ASCII check the Arabic-Indic three would filter by team 3.
    napoli = make_match(home="Napoli", away="Juventus")
    inter = make_match(home="Inter", away="Milan")
    ascii_query = f"?team={napoli.home_team.pk}"
    arabic = "".join(chr(0x0660 + int(d)) for d in str(napoli.home_team.pk))

    filtered = client.get(reverse("matches:list") + ascii_query)
    ignored = client.get(reverse("matches:list"), {"team": arabic})

    assert _listed(filtered, [napoli, inter]) == [True, False]
    assert _listed(ignored, [napoli, inter]) == [True, True]
