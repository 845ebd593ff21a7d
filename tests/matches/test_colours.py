import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.template import Context, Template
from django.urls import reverse

from matches.colours import (
    DARK_PAPER,
    colour_on,
    contrast_ratio,
    initials,
    ink_for,
    relative_luminance,
)
from matches.models import Team
from tests.factories import make_team


@pytest.mark.parametrize(
    ("colour", "expected"),
    [("#000000", 0.0), ("#ffffff", 1.0), ("#ff0000", 0.2126), ("#808080", 0.2159)],
)
def test_relative_luminance_follows_wcag(colour, expected):
    assert round(relative_luminance(colour), 4) == expected


def test_contrast_ratio_of_black_on_white_is_21():
    assert contrast_ratio("#000000", "#ffffff") == 21.0


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#000000", "#ffffff"),  # Juventus black: white text
        ("#ffffff", "#000000"),
        ("#12a0d7", "#000000"),  # Napoli's sky blue reads better in black
        ("#0068a8", "#ffffff"),  # Inter's blue
        ("#c8102e", "#ffffff"),  # Milan red
        ("#f0bc42", "#000000"),  # Roma gold
        ("#0b6b3a", "#ffffff"),
    ],
)
def test_ink_for_picks_the_higher_contrast(colour, expected):
    assert ink_for(colour) == expected
    assert contrast_ratio(colour, ink_for(colour)) >= 4.5


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Napoli", "NAP"), ("Juventus", "JUV"), ("Inter Milan", "IM"), ("AC Chievo Verona", "ACV")],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_team_colours_are_stored_lower_case(db):
    team = Team.objects.create(name="Napoli", primary_colour="#12A0D7", secondary_colour="#FFFFFF")

    team.refresh_from_db()

    assert (team.primary_colour, team.secondary_colour) == ("#12a0d7", "#ffffff")


def test_team_colour_must_be_hex(db):
    team = Team(name="Napoli", primary_colour="sky blue")

    with pytest.raises(ValidationError) as error:
        team.full_clean()

    assert list(error.value.message_dict) == ["primary_colour"]


def test_database_refuses_a_colour_that_is_not_hex(db):
    team = make_team("Napoli")

    with pytest.raises(IntegrityError):
        Team.objects.filter(pk=team.pk).update(primary_colour="blue")


def test_club_badge_draws_the_colours_and_initials(db):
    team = Team.objects.create(name="Juventus", primary_colour="#000000")

    html = Template("{% load clubs %}{% club_badge team %}").render(Context({"team": team}))

    assert 'fill="#000000"' in html
    assert 'fill="#ffffff">JUV</text>' in html
    assert 'aria-hidden="true"' in html


def test_ink_filters(db):
    html = Template("{% load clubs %}{{ c|ink }} {{ c|ink_class }} {{ d|ink_class }}").render(
        Context({"c": "#12a0d7", "d": "#000000"})
    )

    assert html == "#000000 on-light on-dark"


def test_demo_clubs_have_their_colours(db):
    from ratings.management.commands.load_demo import load_demo_match

    match = load_demo_match()

    assert (match.home_team.primary_colour, match.home_team.secondary_colour) == (
        "#12a0d7",
        "#ffffff",
    )
    assert (match.away_team.primary_colour, match.away_team.secondary_colour) == (
        "#000000",
        "#ffffff",
    )


@pytest.mark.parametrize(
    ("primary", "secondary", "expected"),
    [
        ("#000000", "#ffffff", "#ffffff"),  # Juventus on a dark page: the white
        ("#12a0d7", "#ffffff", "#12a0d7"),  # Napoli's sky blue stands out already
        ("#1a2f48", "#a21c26", "#a21c26"),  # Bologna's navy gives way to its red
    ],
)
def test_colour_on_dark_paper(primary, secondary, expected):
    assert colour_on(DARK_PAPER, primary, secondary) == expected


def test_editor_sets_a_clubs_colours_in_admin(admin_client):
    team = make_team("Napoli")
    url = reverse("admin:matches_team_change", args=[team.pk])

    page = admin_client.get(url)
    response = admin_client.post(
        url, {"name": "Napoli", "primary_colour": "#12A0D7", "secondary_colour": "#ffffff"}
    )

    assert '<input type="color" name="primary_colour" value="#4a5360"' in page.content.decode()
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.primary_colour, team.secondary_colour) == ("#12a0d7", "#ffffff")


def test_admin_refuses_a_colour_that_is_not_hex_and_keeps_the_old_one(admin_client):
    team = make_team("Napoli")
    url = reverse("admin:matches_team_change", args=[team.pk])

    response = admin_client.post(
        url, {"name": "Napoli", "primary_colour": "sky", "secondary_colour": "#ffffff"}
    )

    assert response.status_code == 200
    assert "Enter a colour as # and six hex digits" in response.content.decode()
    team.refresh_from_db()
    assert team.primary_colour == "#4a5360"
