import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_int, env_list


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, False),
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("on", True),
        ("false", False),
        ("0", False),
        ("", False),
    ],
)
def test_env_bool_reads_usual_spellings(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("TERRACE_FLAG", raising=False)
    else:
        monkeypatch.setenv("TERRACE_FLAG", raw)

    assert env_bool("TERRACE_FLAG", default=False) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("TERRACE_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match="TERRACE_FLAG"):
        env_bool("TERRACE_FLAG", default=False)


def test_env_int_reads_and_refuses(monkeypatch):
    monkeypatch.setenv("TERRACE_NUMBER", "12")
    assert env_int("TERRACE_NUMBER", default=3) == 12

    monkeypatch.setenv("TERRACE_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("TERRACE_NUMBER", default=3)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("TERRACE_HOSTS", " a.example, b.example ,,")

    assert env_list("TERRACE_HOSTS", default=[]) == ["a.example", "b.example"]
