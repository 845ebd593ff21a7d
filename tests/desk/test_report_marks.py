"""Reading a mark (ratings/marks.py, desk/report/marks.py)."""

import re
from decimal import Decimal

import pytest

from desk.report import parse_rating
from desk.report.marks import MARK, is_rating_token

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
        # The Italian notations.
        ("6½", D("6.5")),
        ("7 ½", D("7.5")),
        ("6 e mezzo", D("6.5")),
        ("5 E MEZZO", D("5.5")),
        ("6/6,5", D("6.25")),
        ("6-6,5", D("6.25")),
        ("5,5/6", D("5.75")),
        ("6/7", D("6.5")),
        ("5.5-6", D("5.75")),
        ("6+/10", D("6.25")),
        ("S.V.", None),
        ("s. v.", None),
        ("ng", None),
        ("n.g.", None),
        ("NG", None),
        ("n.v.", None),
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
        ("7/6", "Rating 7/6 should go from the lower mark to the higher."),
        ("6/6", "Rating 6/6 should go from the lower mark to the higher."),
        ("6/6,25", "Rating 6/6,25 is not a whole, half or quarter point."),
        ("9,5/11", "Rating 9,5/11 is out of range (0 to 10)."),
        ("½", "Cannot read '½' as a rating."),
        ("6--", "Cannot read '6--' as a rating."),
        ("sg", "Cannot read 'sg' as a rating."),
    ],
)
def test_parse_rating_rejects_with_a_clear_message(text, message):
    with pytest.raises(ValueError) as error:
        parse_rating(text)

    assert str(error.value) == message


@pytest.mark.parametrize(
    ("token", "is_rating"),
    [
        ("7", True),
        ("(7)", True),
        ("6,5", True),
        ("6½", True),
        ("6+", True),
        ("6/6,5", True),
        ("8/10", True),
        ("s.v.", True),
        ("n.g.", True),
        ("N/A", True),
        ("2020/21", False),
        ("6-6,5", True),
        ("5,5-6", True),
        ("1-0", False),
        ("2-1", False),
        ("Meret", False),
        ("(c)", False),
        ("sg", False),
    ],
)
def test_is_rating_token_tells_marks_from_words(token, is_rating):
    assert is_rating_token(token) is is_rating


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("6 -", "6"),
        ("6- Si accende", "6-"),
        ("6-6,5: bene", "6-6,5"),
        ("6/6,5", "6/6,5"),
        ("7½.", "7½"),
        ("5,5;", "5,5"),
        ("s.v.", "s.v."),
        ("S.V. entra tardi", "S.V."),
        ("ng", "ng"),
        ("2021", "20"),
    ],
)
def test_mark_pattern_takes_the_mark_and_leaves_what_follows(text, mark):
    assert re.match(MARK, text)[0] == mark
