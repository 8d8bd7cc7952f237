"""Printing the result: a summary to bring to an appointment, without navigation or buttons."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from advisor.web.results import THERAPY_NAMES
from tests.browser.walker import label
from tests.personas import BFR_CANDIDATE, CHEST_PAIN, answers_before


@pytest.fixture
def result(walker, given):
    """The BFR candidate's result page, open on screen."""
    given(BFR_CANDIDATE)
    walker.page.goto("/result")
    return walker


def test_printing_the_result_hides_navigation_and_buttons(result, screenshots: Path):
    """In print, the header, footer, buttons and links to change things are gone; on screen they are there."""
    page = result.page
    hidden_in_print = [
        page.get_by_role("banner"),
        page.get_by_role("contentinfo"),
        page.get_by_role("link", name="Skip to main content"),
        page.get_by_role("button", name="Start again"),
        page.get_by_role("link", name="Change your answers"),
        page.get_by_role("heading", name="Paying for care", level=2),
        page.get_by_text("To print it, use the Print option of your browser."),
    ]
    for element in hidden_in_print[:2] + hidden_in_print[3:]:
        expect(element).to_be_visible()

    page.emulate_media(media="print")

    for element in hidden_in_print:
        expect(element).to_be_hidden()
    # Hidden elements leave the accessibility tree, so read their computed style by CSS.
    for selector in ("body > header", "body > footer", ".skip-link", "button"):
        for element in page.locator(selector).all():
            expect(element).to_have_css("display", "none")
    page.screenshot(path=screenshots / "print-result-bfr.png", full_page=True)


def test_printing_the_result_keeps_the_summary(result):
    """In print, the result, its reasons, the answers and the date and rule set stay visible."""
    page = result.page

    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Blood flow restriction training may suit you"
    )
    expect(page.get_by_role("heading", name="Why we say this")).to_be_visible()
    expect(page.get_by_role("heading", name=THERAPY_NAMES["bfr"])).to_be_visible()
    expect(page.locator(".reason li").first).to_be_visible()
    expect(page.get_by_role("heading", name="Your answers")).to_be_visible()
    answers = page.locator(".answers")
    expect(answers).to_be_visible()
    expect(answers).not_to_have_css("display", "none")
    expect(answers.get_by_text(label("conditions", "osteoarthritis"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Screened on .+ Rule set "))).to_be_visible()


def test_printing_the_urgent_page_keeps_the_emergency_number(walker, given):
    """In print, the urgent page still shows the number to call, without its buttons."""
    given(answers_before("cuff-safety", CHEST_PAIN))
    walker.page.goto("/urgent")

    walker.page.emulate_media(media="print")

    expect(walker.page.get_by_role("link", name="Call 911")).to_be_visible()
    expect(walker.page.get_by_role("button", name="Start again")).to_be_hidden()
    expect(walker.page.get_by_role("link", name="Change your answer about symptoms")).to_be_hidden()
