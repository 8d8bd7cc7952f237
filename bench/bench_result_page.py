"""The result page on a 390 x 844 phone: its weight (HTML + CSS) and its height, per outcome.

Run from the repository root::

    .venv/bin/python bench/bench_result_page.py               # a table
    .venv/bin/python bench/bench_result_page.py --json out.json

The real app is served from a thread on a loopback port, as the browser tests
serve it, twice: with the example practice profile (``examples/practice.toml``)
and with none. For each common result (BFR, NMT, and three kinds of consult)
the answers are put straight into the session cookie, the page is opened in
Chromium at 390 x 844 CSS pixels, and we read ``scrollHeight`` (the page's
height), the number of 844 px screens it makes, the words a person sees
(``innerText``), and the bytes of the HTML and of the stylesheet it loads.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from advisor import create_app  # noqa: E402
from tests.browser import chromium  # noqa: E402
from tests.browser.conftest import FLAGS  # noqa: E402
from tests.personas import (  # noqa: E402
    BFR_BLOCKED_NMT_SUGGESTED,
    BFR_CANDIDATE,
    BOTH_BLOCKED_AT_60,
    NMT_CANDIDATE,
    WELL,
)

VIEWPORT = {"width": 390, "height": 844}

#: The common results, by the name the table gives them.
RESULTS: dict[str, Mapping[str, object]] = {
    "bfr": BFR_CANDIDATE,
    "nmt": NMT_CANDIDATE,
    "consult (nothing to check)": WELL,
    "consult (BFR blocked, NMT may suit)": BFR_BLOCKED_NMT_SUGGESTED,
    "consult (both blocked)": BOTH_BLOCKED_AT_60,
}


@contextmanager
def served(profile: Path | None) -> Iterator[tuple[str, object]]:
    """Serve the app (with this practice profile, or none) and yield its URL and the app."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    with tempfile.TemporaryDirectory() as folder:
        config = {"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder}/advisor.db"}
        if profile is not None:
            config["PRACTICE_PROFILE"] = str(profile)
        app = create_app(config)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}", app
        finally:
            server.shutdown()


def measure(browser, url: str, app, answers: Mapping[str, object]) -> dict[str, float]:
    """Open the result page for ``answers`` on the phone; return its figures."""
    serializer = app.session_interface.get_signing_serializer(app)
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=2, is_mobile=True)
    try:
        context.add_cookies(
            [
                {
                    "name": app.config["SESSION_COOKIE_NAME"],
                    "value": serializer.dumps({"answers": dict(answers)}),
                    "url": url,
                }
            ]
        )
        page = context.new_page()
        response = page.goto(url + "/result")
        html = response.body()
        css = b"".join(
            page.request.get(url + href).body()
            for href in page.eval_on_selector_all(
                "link[rel=stylesheet]", "links => links.map(l => l.getAttribute('href'))"
            )
        )
        height = page.evaluate("document.documentElement.scrollHeight")
        words = len(page.evaluate("document.body.innerText").split())
        return {
            "html_bytes": len(html),
            "css_bytes": len(css),
            "total_kb": round((len(html) + len(css)) / 1024, 1),
            "height_px": height,
            "screens": round(height / VIEWPORT["height"], 2),
            "words": words,
        }
    finally:
        context.close()


def run() -> dict[str, dict[str, dict[str, float]]]:
    """Measure every common result with the example profile and with none."""
    figures: dict[str, dict[str, dict[str, float]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.find(), args=FLAGS)
        for setting, profile in (
            ("example profile", ROOT / "examples" / "practice.toml"),
            ("no profile", None),
        ):
            with served(profile) as (url, app):
                figures[setting] = {
                    name: measure(browser, url, app, answers) for name, answers in RESULTS.items()
                }
        browser.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args()
    figures = run()
    print("| profile | result | HTML + CSS | height at 390 px | screens of 844 px | words |")
    print("|---|---|--:|--:|--:|--:|")
    for setting, results in figures.items():
        for name, f in results.items():
            print(
                f"| {setting} | {name} | {f['total_kb']} KB ({f['html_bytes']:,} + "
                f"{f['css_bytes']:,} B) | {f['height_px']:,} px | {f['screens']} | {f['words']} |"
            )
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
