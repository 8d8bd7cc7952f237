"""Real-browser fixtures: the app served on 127.0.0.1 from a thread, and Debian's Chromium.

Browser tests never skip: without Chromium they fail and say how to get it
(the README's test command runs ``python -m tests.browser.chromium`` first).
Screenshots of each page type go to ``test-artifacts/screenshots/``.

Beside pytest-playwright's ``page`` (a fresh context per test), tests get a
``walker`` that answers pages by their words (``walker.py``), ``given`` to put
answers straight into the session, and pages on a phone or without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page

from tests.browser import chromium
from tests.browser.serving import answers_cookie, app_on_sqlite, serving
from tests.browser.walker import PHONE, Walker

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
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The real app, as served to the browser (CSRF on), on a migrated SQLite file of its own."""
    folder = tmp_path_factory.mktemp("browser-instance")
    with app_on_sqlite(folder, {"SECRET_KEY": "browser-tests", "WTF_CSRF_ENABLED": True}) as app:
        yield app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """Serve the real app (CSRF on) from a thread on a free loopback port; yield its URL."""
    with serving(live_app) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """pytest-base-url's fixture: page.goto("/") goes to the live server."""
    return live_server


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder where each page type's screenshot is saved."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def session_cookie(live_app: Flask, live_server: str) -> Callable[[Mapping[str, object]], dict]:
    """Return a maker: answers → the signed session cookie holding them (``serving.answers_cookie``)."""
    return answers_cookie(live_app, live_server)


@pytest.fixture
def given(
    page: Page, session_cookie: Callable[[Mapping[str, object]], dict]
) -> Callable[[Mapping[str, object]], None]:
    """Return a setter: ``given(answers)`` puts answers straight into the page's session."""

    def put(answers: Mapping[str, object]) -> None:
        page.context.add_cookies([session_cookie(answers)])  # type: ignore[list-item]

    return put


@pytest.fixture
def walker(page: Page) -> Walker:
    """A person answering the questionnaire in a fresh desktop browser context."""
    return Walker(page)


@pytest.fixture
def phone_page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page in a fresh context the size of a small phone, with touch."""
    return new_context(**PHONE).new_page()


@pytest.fixture
def phone(phone_page: Page) -> Walker:
    """A person answering the questionnaire on a small phone."""
    return Walker(phone_page)


@pytest.fixture
def no_script_page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page in a fresh context with JavaScript turned off, checked to really be off."""
    page = new_context(java_script_enabled=False).new_page()
    page.set_content('<p id="probe">off</p><script>probe.textContent = "on"</script>')
    assert page.locator("#probe").inner_text() == "off", "JavaScript still runs"
    return page
