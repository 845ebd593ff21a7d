"""The dependency rule: ratings may import matches and accounts, desk may import all three,
never the other way round; the report parser is pure Python."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _python_files("matches", "ratings", "accounts"), ids=_relative)
def test_matches_ratings_and_accounts_never_import_desk(path):
    imported = _imported_modules(path)

    assert not {name for name in imported if name == "desk" or name.startswith("desk.")}


@pytest.mark.parametrize(
    "path", [*_python_files("desk/report"), ROOT / "ratings" / "marks.py"], ids=_relative
)
def test_report_parser_imports_no_django(path):
    imported = _imported_modules(path)

    outside = {name.split(".")[0] for name in imported} - {"desk", "ratings"}
    assert outside <= {"re", "difflib", "unicodedata", "dataclasses", "decimal", "logging"}
    assert {name for name in imported if name.startswith("ratings")} <= {"ratings.marks"}
