"""Find Chromium for the browser tests, installing it first if it is missing.

Run as ``python -m tests.browser.chromium`` (the README's test command does):
it prints the browser's path, or installs one and then prints it, or exits 1
saying how to install it. Browsers cannot be downloaded on every machine
(this project's CI has no browser CDN), so Debian's ``chromium`` package is
tried first, then Playwright's own download.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")


def find() -> str | None:
    """Return the path of a usable Chromium, or None."""
    configured = os.environ.get("ADVISOR_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return _playwright_chromium()


def _playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and Path(path).exists() else None


def install() -> None:
    """Install Chromium: Debian's package when we may, else Playwright's download."""
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        for attempt in (
            [apt, "install", "-y", "chromium"],
            [apt, "update"],
            [apt, "install", "-y", "chromium"],
        ):
            subprocess.run(attempt, check=False)
            if find():
                return
    subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)


def main() -> int:
    path = find()
    if path is None:
        print("Chromium is missing; installing it for the browser tests …", file=sys.stderr)
        install()
        path = find()
    if path is None:
        print(
            "Chromium could not be installed. Install it by hand (Debian: "
            "`sudo apt-get install -y chromium`), or set ADVISOR_CHROMIUM to its path.",
            file=sys.stderr,
        )
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
