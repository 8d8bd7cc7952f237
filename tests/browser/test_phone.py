"""On a small phone (375 × 667, touch): the questionnaire works and nothing scrolls sideways."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.walker import Walker
from tests.personas import BFR_CANDIDATE
from tests.rules_under_test import questionnaire_under_test

WIDTH = 375


def page_width(walker: Walker) -> int:
    """Return how wide the page's content is, in CSS pixels."""
    return walker.page.evaluate("document.documentElement.scrollWidth")


def test_a_whole_questionnaire_fits_a_small_phone(phone):
    """On a phone, every page from start to result fits the screen's width while a person answers."""
    widths: dict[str, int] = {}

    def measure(walker: Walker) -> None:
        widths[walker.path] = page_width(walker)

    phone.page.goto("/")
    measure(phone)
    phone.follow("Start now")
    assert phone.walk(BFR_CANDIDATE, on_page=measure) == "/check-answers"
    measure(phone)
    phone.follow("See your result")
    measure(phone)

    expect(phone.page.get_by_role("heading", level=1)).to_have_text(
        "Blood flow restriction training may suit you"
    )
    assert phone.page.viewport_size == {"width": WIDTH, "height": 667}
    # The start page, every page that applies (no surgery: no surgery-site page), check
    # answers and the result.
    applying = len(questionnaire_under_test().pages) - 1
    assert len(widths) == applying + 3, widths
    too_wide = {path: width for path, width in widths.items() if width > WIDTH}
    assert too_wide == {}, f"pages wider than {WIDTH}px: {too_wide}"
