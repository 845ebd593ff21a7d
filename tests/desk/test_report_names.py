"""Reading names and minutes (desk/report/names.py)."""

import pytest

from desk.report import (
    match_name,
    normalize_name,
)

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
        ("", []),
    ],
)
def test_match_name_finds_keys(name, keys):
    assert match_name(name, SQUAD) == keys


def test_match_name_prefers_exact_over_surname():
    candidates = {"a": "Silva", "b": "Thiago Silva"}

    assert match_name("Silva", candidates) == ["a"]
