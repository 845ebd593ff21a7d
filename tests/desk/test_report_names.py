"""Reading names and minutes (desk/report/names.py)."""

import re

import pytest

from desk.report import match_name, normalize_name
from desk.report.names import MINUTE, display_name, minute_from

# --- Names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Szczęsny", "szczesny"),
        ("  Di   Lorenzo ", "di lorenzo"),
        ("Dewsbury-Hall", "dewsbury hall"),
        ("N'Golo Kanté", "ngolo kante"),
        ("A. Meret", "a meret"),
        ("Łukasz Skorupski", "lukasz skorupski"),
        ("Meite'", "meite"),
        ("Meité", "meite"),
        ("MEITÉ", "meite"),
        ("D’Ambrosio", "dambrosio"),
        ("D'AMBROSIO", "dambrosio"),
    ],
)
def test_normalize_name_folds_accents_case_and_punctuation(name, normalized):
    assert normalize_name(name) == normalized


SQUAD = {
    1: "Alex Meret",
    2: "Giovanni Di Lorenzo",
    3: "Alex Sandro",
    4: "Wojciech Szczęsny",
    5: "Thiago Silva",
    6: "Bernardo Silva",
    7: "Insigne",
    8: "Mario Rui",
    9: "Soualiho Meïté",
    10: "Danilo D'Ambrosio",
    11: "Piotr Zieliński",
}


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Meret", [1]),
        ("Alex Meret", [1]),
        ("alex  MERET", [1]),
        ("Di Lorenzo", [2]),
        ("di-lorenzo", [2]),
        ("Sandro", [3]),
        ("Szczesny", [4]),
        ("Szcznesy", [4]),
        ("Silva", [5, 6]),
        ("Lorenzo Insigne", [7]),
        ("Mario Rui", [8]),
        ("Osimhen", []),
        ("Meite'", [9]),
        ("MEITÉ", [9]),
        ("D’Ambrosio", [10]),
        ("DAMBROSIO", [10]),
        ("ZIELINSKI", [11]),
        ("Zielinski", [11]),
        ("", []),
    ],
)
def test_match_name_finds_keys(name, keys):
    assert match_name(name, SQUAD) == keys


def test_match_name_prefers_exact_over_surname():
    candidates = {"a": "Silva", "b": "Thiago Silva"}

    assert match_name("Silva", candidates) == ["a"]


@pytest.mark.parametrize(
    ("text", "minute"),
    [
        ("70'", 70),
        ("70’", 70),
        ("70′", 70),
        ("70", 70),
        ("45+2'", 45),
        ("45'+2", 45),
        ("90'+4'", 90),
        ("17' st", 62),
        ("21'st", 66),
        ("29’ ST", 74),
        ("10' s.t.", 55),
        ("32' pt", 32),
        ("45+1' pt", 45),
        ("3' st", 48),
    ],
)
def test_minute_reads_halves_and_apostrophes(text, minute):
    found = re.fullmatch(MINUTE, text)

    assert minute_from(found) == minute


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("MERET", "Meret"),
        ("DE LIGT", "De Ligt"),
        ("D'AMBROSIO", "D'Ambrosio"),
        ("ZIELIŃSKI", "Zieliński"),
        ("Mario Rui", "Mario Rui"),
        ("van Dijk", "van Dijk"),
        ("McKennie", "McKennie"),
    ],
)
def test_display_name_reads_capitals_as_a_name(name, shown):
    assert display_name(name) == shown
