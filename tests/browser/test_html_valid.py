"""Every page is valid HTML5 by the Nu HTML Checker (vnu.jar, run with Java), hx-* aside.

`make test` installs the checker (npm's vnu-jar) and Java when they are missing; the test
fails, never skips, without them.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.browser.site import EDITOR, FAN, build_site

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def vnu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Check every page in one run of the checker: {page name: [error, ...]}."""
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail(
            "The Nu HTML Checker needs node_modules/vnu-jar and Java: run `make test`.",
            pytrace=False,
        )
    files = {}
    for name, html in pages.items():
        files[name] = folder / f"{name}.html"
        files[name].write_text(html)
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    errors: dict[str, list[str]] = {name: [] for name in pages}
    by_file = {path.resolve().as_uri(): name for name, path in files.items()}
    for message in json.loads(result.stderr)["messages"]:
        # htmx's attributes are not HTML's; everything else must pass.
        if message["type"] != "error" or "“hx-" in message["message"]:
            continue
        name = by_file.get(message["url"].replace("file:/", "file:///", 1), message["url"])
        errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def test_every_page_is_valid_html(client, db, tmp_path):
    site = build_site()
    pages = {}
    for group, username in ((site.anonymous, None), (site.fan, FAN), (site.editor, EDITOR)):
        client.logout()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for name, url in group.items():
            response = client.get(url)
            assert response.status_code == (404 if name == "not-found" else 200), name
            pages[name] = response.content.decode()

    errors = vnu_errors(pages, tmp_path)

    assert errors == dict.fromkeys(pages, [])
