import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check_database(database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "x", "DEBUG": "false"}
    return subprocess.run(
        [sys.executable, "manage.py", "check_database"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_database_unreachable_postgres_fails_with_one_line():
    result = _check_database("postgres://postgres@127.0.0.1:1/terrace")

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("CommandError: Cannot reach the postgresql database at 127.0.0.1")
    assert "point DATABASE_URL at one" in lines[0]


def test_check_database_reachable_database_passes(tmp_path):
    result = _check_database(f"sqlite:///{tmp_path / 'ok.sqlite3'}")

    assert result.returncode == 0
    assert result.stdout.startswith("Database: sqlite")
