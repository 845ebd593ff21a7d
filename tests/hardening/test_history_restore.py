"""Item 6: when htmx restores a page it lost from its cache it sends HX-Request: true; the
views must answer with the whole page then, or the fragment replaces the page."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_match

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "desk", "matches", "ratings"]
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def _pages(match) -> dict[str, str]:
    return {
        "match list": reverse("matches:list"),
        "filtered match list": reverse("matches:list") + f"?team={match.home_team_id}",
        "ballot": reverse("ratings:ballot", args=[match.pk]),
        "results": reverse("ratings:results", args=[match.pk]),
        "embed": reverse("ratings:embed", args=[match.pk]),
        "season": reverse("ratings:season", args=[match.competition_id]),
    }


@pytest.mark.parametrize(
    "page", ["match list", "filtered match list", "ballot", "results", "embed", "season"]
)
def test_history_restore_request_gets_the_whole_page(fan_client, db, page):
    url = _pages(make_match())[page]

    fragment = fan_client.get(url, headers={"HX-Request": "true"})
    restored = fan_client.get(url, headers=RESTORE)

    assert fragment.status_code == restored.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "<html" in restored.content.decode()
    assert "HX-History-Restore-Request" in restored["Vary"]


def _partial_choices_without_restore_check() -> list[str]:
    """Lines that pick a partial on request.htmx without looking at history restores."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            source = path.read_text()
            for match in re.finditer(r"if request\.htmx\b[^\n]*:\n\s+template \+= \"#", source):
                if "history_restore_request" not in match.group(0):
                    found.append(f"{path.relative_to(ROOT)}: {match.group(0).splitlines()[0]}")
    return found


def test_every_view_choosing_a_partial_checks_for_history_restore():
    assert _partial_choices_without_restore_check() == []
