"""Item 5: the app's own 400, 403, 404, 500 and 503 pages; fragments for HTMX requests."""

import pytest
from django.test import Client
from django.urls import reverse

from config.errors import server_error
from tests.factories import appearance_named
from tests.hardening.conftest import database_down

HTMX = {"HX-Request": "true"}


def test_404_is_the_apps_page(client, db):
    response = client.get("/no-such-page/")

    content = response.content.decode()
    assert response.status_code == 404
    assert "<html" in content
    assert 'class="site-header"' in content
    assert "Page not found" in content
    assert 'href="/"' in content


def test_404_for_htmx_is_the_fragment_only(client, db):
    response = client.get("/matches/999999/results/", headers=HTMX)

    content = response.content.decode().strip()
    assert response.status_code == 404
    assert "<html" not in content
    assert content.startswith('<div class="error-message" role="alert">')
    assert "Page not found" in content


def test_403_is_the_apps_page_for_a_fan_in_the_admin_import(fan_client, match):
    # A logged-in fan who is not staff is sent to the admin log-in; a staff user without the
    # permission gets PermissionDenied, which is our 403 page.
    from tests.factories import make_fan

    staff = make_fan("staff-without-permissions", is_staff=True)
    fan_client.force_login(staff)

    response = fan_client.get(reverse("admin:matches_match_import", args=[match.pk]))

    content = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do that here" in content
    assert "<html" in content


def test_csrf_failure_says_what_happened_and_what_to_do(db, fan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fan)

    response = client.post(reverse("accounts:logout"))

    content = response.content.decode()
    assert response.status_code == 403
    assert "Your form had expired" in content
    assert "your browser did not send our security cookie" in content
    assert "Reload the page and send it again." in content


def test_csrf_failure_on_an_htmx_save_is_a_fragment(db, fan, match):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fan)
    appearance = appearance_named(match, "Alex Meret")

    response = client.post(
        reverse("ratings:rate", args=[match.pk, appearance.pk]),
        {f"rating-{appearance.pk}": "7"},
        headers=HTMX,
    )

    content = response.content.decode().strip()
    assert response.status_code == 403
    assert content.startswith('<div class="error-message"')
    assert "Your form had expired" in content
    assert appearance.fan_ratings.count() == 0


def test_500_page_renders_without_the_database(rf, db, django_assert_num_queries):
    request = rf.get("/")

    with django_assert_num_queries(0):
        try:
            raise ValueError("boom")
        except ValueError:
            response = server_error(request)

    content = response.content.decode()
    assert response.status_code == 500
    assert "<html" in content
    assert "Something went wrong on our side" in content


def test_500_for_htmx_is_the_fragment(rf):
    request = rf.get("/", headers=HTMX)

    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(request)

    assert response.status_code == 500
    assert response.content.decode().strip().startswith('<div class="error-message"')


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_pages_answer_503_while_the_database_is_down(client, match, headers):
    client.raise_request_exception = False

    with database_down():
        response = client.get(reverse("ratings:results", args=[match.pk]), headers=headers)

    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Terrace is briefly unavailable" in content
    assert ("<html" in content) is (headers == {})


def test_pages_serve_again_when_the_database_comes_back(client, match):
    client.raise_request_exception = False
    with database_down():
        down = client.get(reverse("ratings:results", args=[match.pk]))

    back = client.get(reverse("ratings:results", args=[match.pk]))

    assert (down.status_code, back.status_code) == (503, 200)


def test_htmx_rating_save_while_the_database_is_down_is_a_503_fragment(fan_client, match):
    fan_client.raise_request_exception = False
    appearance = appearance_named(match, "Alex Meret")
    url = reverse("ratings:rate", args=[match.pk, appearance.pk])

    with database_down():
        down = fan_client.post(url, {f"rating-{appearance.pk}": "7"}, headers=HTMX)
    back = fan_client.post(url, {f"rating-{appearance.pk}": "7"}, headers=HTMX)

    assert down.status_code == 503
    assert "<html" not in down.content.decode()
    assert "nothing could be saved" in down.content.decode()
    assert back.status_code == 200
    assert list(appearance.fan_ratings.values_list("score", flat=True)) == [7]


def test_healthz_answers_503_with_the_reason_while_the_database_is_down(client, db):
    with database_down():
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"database unavailable: Connection refused"
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_ok_again_when_the_database_comes_back(client, db):
    with database_down():
        client.get(reverse("healthz"))

    response = client.get(reverse("healthz"))

    assert (response.status_code, response.content) == (200, b"ok")
