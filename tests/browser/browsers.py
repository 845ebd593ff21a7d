"""Which Chromium the browser tests and `make screenshots` drive.

Debian's chromium package when it is installed, else the one `playwright install chromium`
downloads. `scripts/ensure-browser` (run by `make test`) installs one of them when neither is.
"""

import shutil
from pathlib import Path

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Debian's Chromium, or None to let Playwright launch its own."""
    if DEBIAN_CHROMIUM.exists():
        return str(DEBIAN_CHROMIUM)
    found = shutil.which("chromium")
    return found


def launch_chromium(playwright):
    """Launch headless Chromium; a clear message when neither browser is installed."""
    path = chromium_path()
    if path is None and not Path(playwright.chromium.executable_path).exists():
        raise FileNotFoundError(
            "No Chromium for the browser tests: run `make test` (it installs one), or "
            "`apt-get install chromium`, or `.venv/bin/playwright install chromium`."
        )
    return playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
