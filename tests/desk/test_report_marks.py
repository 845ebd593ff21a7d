"""Reading a mark (ratings/marks.py, desk/report/marks.py)."""

from decimal import Decimal

import pytest

from desk.report import (
    parse_rating,
)

D = Decimal


# --- parse_rating -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8", D(8)),
        ("6.5", D("6.5")),
        ("6,5", D("6.5")),
        ("6+", D("6.25")),
        ("6-", D("5.75")),
        ("7.5", D("7.5")),
        ("6.75", D("6.75")),
        ("10", D(10)),
        ("0", D(0)),
        (" 7 ", D(7)),
        ("8/10", D(8)),
        ("N/A", None),
        ("n/a", None),
        ("NA", None),
        ("s.v.", None),
        ("sv", None),
        ("SV", None),
        ("-", None),
    ],
)
def test_parse_rating_reads_value(text, value):
    assert parse_rating(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("11", "Rating 11 is out of range (0 to 10)."),
        ("10+", "Rating 10+ is out of range (0 to 10)."),
        ("0-", "Rating 0- is out of range (0 to 10)."),
        ("7.3", "Rating 7.3 is not a whole, half or quarter point."),
        ("abc", "Cannot read 'abc' as a rating."),
        ("", "Rating is empty."),
    ],
)
def test_parse_rating_rejects_with_a_clear_message(text, message):
    with pytest.raises(ValueError) as error:
        parse_rating(text)

    assert str(error.value) == message
