"""Item 7: migrations carry their own frozen data and never import the project's live code."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = {"accounts", "config", "desk", "matches", "ratings"}
MIGRATIONS = sorted(
    path for path in ROOT.glob("*/migrations/[0-9]*.py") if ".venv" not in path.parts
)


def _project_imports(source: str) -> list[str]:
    imported = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.append(node.module)
    return [name for name in imported if name.split(".")[0] in PROJECT_PACKAGES]


def test_migration_checker_finds_a_live_import():
    assert _project_imports("from ratings.editors import EDITORS\nimport os\n") == [
        "ratings.editors"
    ]


@pytest.mark.parametrize(
    "path", MIGRATIONS, ids=lambda path: f"{path.parent.parent.name}/{path.name}"
)
def test_migrations_import_no_live_project_code(path):
    assert _project_imports(path.read_text()) == []


def test_migrations_give_the_editors_group_exactly_the_desk_permissions(db):
    group = Group.objects.get(name="Editors")

    codenames = sorted(group.permissions.values_list("codename", flat=True))

    assert codenames == sorted(
        f"{action}_{model}"
        for model in [
            "competition",
            "team",
            "player",
            "match",
            "appearance",
            "matchevent",
            "editorrating",
        ]
        for action in ["add", "change", "delete", "view"]
    )
