"""Logs are one line per event on stdout, tracebacks included."""

import logging


def test_an_exception_is_logged_as_one_line_with_its_traceback(log_lines):
    try:
        {}["missing"]
    except KeyError:
        logging.getLogger("ratings").exception("Could not tally\nthe votes")

    lines = log_lines()
    assert len(lines) == 1
    assert (
        " ERROR ratings Could not tally\\nthe votes\\nTraceback (most recent call last):"
        in (lines[0])
    )
    assert lines[0].endswith("KeyError: 'missing'")


def test_a_404_is_one_warning_line_without_a_traceback(client, db, log_lines):
    client.get("/matches/999999/")

    assert [line.split(" ", 2)[2] for line in log_lines()] == [
        "WARNING django.request Not Found: /matches/999999/"
    ]


def test_the_console_handler_writes_to_stdout(settings):
    assert settings.LOGGING["handlers"]["console"]["stream"] == "ext://sys.stdout"
    assert settings.LOGGING["root"]["handlers"] == ["console"]
