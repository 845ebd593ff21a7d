"""Item 3: a form body in another charset is a 400; refused bodies log one warning line."""

import pytest
from django.urls import reverse

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "charset", ["utf-16", "UTF-16LE", "latin-1", "cp1252", "no-such-charset", "utf-32", "utf8"]
)
def test_form_in_another_charset_is_a_400_with_one_warning(client, db, log_lines, charset):
    body = "username=fan&password=secret".encode(
        "ascii" if charset == "no-such-charset" else charset
    )

    response = client.generic(
        "POST", reverse("accounts:login"), body, content_type=f"{FORM}; charset={charset}"
    )

    assert response.status_code == 400
    assert "only accepts forms sent as UTF-8" in response.content.decode()
    assert [line.split(" ", 3)[2:] for line in log_lines()] == [
        [
            "WARNING",
            f"django.request Bad Request POST /accounts/login/: This form was sent as "
            f"{charset!r}; Terrace only accepts forms sent as UTF-8. Reload the page and send it "
            "again from your browser.",
        ]
    ]


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_form_declared_as_utf8_is_read(client, db, charset):
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        b"username=fan&password=wrong",
        content_type=f"{FORM}; charset={charset}",
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            b"a=" + b"x" * (3 * 1024 * 1024),
            "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.",
        ),
        (
            "&".join(f"f{n}=1" for n in range(2000)).encode(),
            "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.",
        ),
    ],
    ids=["3 MB body", "2000 fields"],
)
def test_refused_body_is_a_400_logged_as_one_warning_line(client, db, log_lines, body, reason):
    response = client.generic("POST", reverse("accounts:login"), body, content_type=FORM)

    assert response.status_code == 400
    assert "That request could not be read" in response.content.decode()
    assert [line.split(" ", 3)[2:] for line in log_lines()] == [
        ["WARNING", f"django.security.{_logger(reason)} Refused POST /accounts/login/: {reason}"]
    ]


def _logger(reason: str) -> str:
    return (
        "RequestDataTooBig"
        if "exceeded settings.DATA_UPLOAD_MAX_MEMORY" in reason
        else ("TooManyFieldsSent")
    )
