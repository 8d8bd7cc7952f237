"""Real-browser fixtures: the app served on 127.0.0.1 from a thread, and Debian's Chromium.

Browser tests never skip: without Chromium they fail and say how to get it
(the README's test command runs ``python -m tests.browser.chromium`` first).
Screenshots of each page type go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from advisor import create_app
from tests.browser import chromium

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch the machine's Chromium (no browser downloads here) headless."""
    path = chromium.find()
    if path is None:
        pytest.fail(
            "Chromium is not installed, so the browser tests cannot run. "
            "Run `.venv/bin/python -m tests.browser.chromium` (it installs it) and try again."
        )
    return {**browser_type_launch_args, "executable_path": path, "args": FLAGS}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the real app (CSRF on) from a thread on a free loopback port; yield its URL."""
    app = create_app({"SECRET_KEY": "browser-tests", "WTF_CSRF_ENABLED": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """pytest-base-url's fixture: page.goto("/") goes to the live server."""
    return live_server


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder where each page type's screenshot is saved."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
