"""Render Terrace's main pages with Chromium into docs/screenshots/: `make screenshots`.

Builds a throwaway SQLite database with the demo match, serves it on a free local port, and
shoots each page at 360 px and 1280 px wide, in light and dark mode. The browser is whichever
`scripts/ensure-browser` found (Debian's chromium, else Playwright's own).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))

from tests.browser.browsers import CHROMIUM_ARGS, chromium_path  # noqa: E402

WIDTHS = {"phone": (360, 780), "desktop": (1280, 900)}
SCHEMES = ("light", "dark")
FAN, EDITOR, PASSWORD = "screenshot-fan", "editor", "terrace-editor"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare(env: dict) -> dict:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--fans", "40")
    script = f"""
from django.contrib.auth import get_user_model
from matches.models import Match, Player
from ratings.models import FanRating, rate_players
User = get_user_model()
fan, _ = User.objects.get_or_create(username={FAN!r})
fan.set_password({PASSWORD!r}); fan.save()
match = Match.objects.get(home_team__name="Napoli", away_team__name="Juventus")
sheet = list(match.team_sheet().select_related("player"))
rate_players(fan=fan, match=match, scores={{a: s for a, s in zip(sheet[:5], (7, 6, 7, 8, 6))}})
print(match.pk, Player.objects.get(name="Lorenzo Insigne").pk, match.competition_id)
"""
    match_id, player_id, competition_id = manage(env, "shell", "-c", script).split()[-3:]
    return {"match": match_id, "player": player_id, "competition": competition_id}


def pages(ids: dict) -> dict[str, str]:
    found = {
        "home": "/",
        "ballot": f"/matches/{ids['match']}/",
        "results": f"/matches/{ids['match']}/results/",
        "player": f"/players/{ids['player']}/",
        "season": f"/competitions/{ids['competition']}/players/",
        "signup": "/accounts/signup/",
        "admin-import": f"/admin/matches/match/{ids['match']}/import/",
    }
    return found


def main() -> None:

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
            "RATELIMIT_ENABLE": "false",
        }
        ids = prepare(env)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            shoot(base, ids)
        finally:
            server.terminate()
            server.wait(timeout=10)


def shoot(base: str, ids: dict) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        for scheme in SCHEMES:
            for size, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    base_url=base,
                    viewport={"width": width, "height": height},
                    color_scheme=scheme,
                    device_scale_factor=1,
                )
                page = context.new_page()
                log_in(page, FAN)
                for name, path in pages(ids).items():
                    if name == "signup":
                        context.clear_cookies()
                    if name == "admin-import":
                        log_in(page, EDITOR, admin=True)
                    page.goto(path)
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{name}-{size}-{scheme}.png"
                    # A phone's first screen, as a fan sees it on opening the page; on a desktop
                    # the page down to 1800 px.
                    if size == "phone":
                        page.screenshot(path=str(target))
                    else:
                        tall = min(page.evaluate("document.documentElement.scrollHeight"), 1800)
                        page.screenshot(
                            path=str(target),
                            full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": tall},
                        )
                    print(target.relative_to(ROOT))
                context.close()
        browser.close()


def log_in(page, username: str, admin: bool = False) -> None:
    page.goto("/admin/login/" if admin else "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")


if __name__ == "__main__":
    main()
