"""Every kind of page: axe-core finds nothing, and a screenshot of it is kept.

Each kind of page is opened once per module, in its own browser context, with
the answers given before it already in the session (the journeys that lead
there are tested in ``test_journeys.py``); the accessibility check and the
screenshot then share it. The phone checks do the same on a 375 × 667 touch screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from tests.browser.walker import PAGE_TYPES, PHONE, Walker, reach

#: The kinds of page also checked on a phone: questions, errors, a result, urgent care.
PHONE_PAGE_TYPES = [
    "question-checkboxes",
    "validation-errors",
    "result-consult-blocked",
    "result-blocked-suggested",
    "result-child",
    "urgent-emergency",
]

AXE = Axe()


def _open(
    browser: Browser, context_args: dict, page_type: str, cookie: Callable[..., dict]
) -> Iterator[tuple[str, Walker]]:
    context = browser.new_context(**context_args)
    try:
        walker = Walker(context.new_page())
        reach(walker, page_type, cookie)
        yield page_type, walker
    finally:
        context.close()


@pytest.fixture(scope="module", params=list(PAGE_TYPES))
def shown(
    request, browser: Browser, browser_context_args: dict, session_cookie: Callable[..., dict]
) -> Iterator[tuple[str, Walker]]:
    """One kind of page, open in a desktop browser: (its name, the walker that opened it)."""
    yield from _open(browser, browser_context_args, request.param, session_cookie)


@pytest.fixture(scope="module", params=PHONE_PAGE_TYPES)
def shown_on_phone(
    request, browser: Browser, browser_context_args: dict, session_cookie: Callable[..., dict]
) -> Iterator[tuple[str, Walker]]:
    """One kind of page, open on a small phone: (its name, the walker that opened it)."""
    yield from _open(browser, {**browser_context_args, **PHONE}, request.param, session_cookie)


def axe_violations(walker: Walker) -> tuple[list, str]:
    """Run axe-core on the page shown now; return its violations and a readable report."""
    results = AXE.run(walker.page)
    return results.response["violations"], results.generate_report()


def test_page_has_no_accessibility_violations(shown):
    """axe-core finds no violation of any rule on this kind of page."""
    page_type, walker = shown

    violations, report = axe_violations(walker)

    assert violations == [], f"{page_type} ({walker.page.url}):\n{report}"


def test_page_screenshot_is_saved(shown, screenshots: Path):
    """A full-page screenshot of this kind of page is saved, named by the page type."""
    page_type, walker = shown
    path = screenshots / f"{page_type}.png"

    walker.page.screenshot(path=path, full_page=True)

    assert path.read_bytes().startswith(b"\x89PNG")


def test_phone_page_has_no_accessibility_violations(shown_on_phone):
    """On a small phone too, axe-core finds no violation on this kind of page."""
    page_type, walker = shown_on_phone

    violations, report = axe_violations(walker)

    assert violations == [], f"{page_type} on a phone ({walker.page.url}):\n{report}"


def test_phone_page_does_not_scroll_sideways(shown_on_phone):
    """On a small phone this kind of page fits the screen's width: no sideways scrolling."""
    page_type, walker = shown_on_phone

    scroll_width = walker.page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= 375, f"{page_type} is {scroll_width}px wide on a 375px screen"


def test_phone_page_screenshot_is_saved(shown_on_phone, screenshots: Path):
    """A full-page screenshot of this kind of page on a phone is saved, named by the page type."""
    page_type, walker = shown_on_phone
    path = screenshots / f"phone-{page_type}.png"

    walker.page.screenshot(path=path, full_page=True)

    assert path.read_bytes().startswith(b"\x89PNG")
