"""Printing the result: a summary to bring to a clinician, without navigation or buttons.

The printed copy carries what the screen leaves out (the answers, the date and the rule
set), opens "Why we say this", and fits on two pages: Chromium's own print-to-PDF is
counted, page by page, for each common result with the example practice profile and none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from advisor.web.results import THERAPY_NAMES
from tests.browser.practice_site import Site, served_with_profile
from tests.browser.walker import label
from tests.personas import (
    BFR_BLOCKED_NMT_SUGGESTED,
    BFR_CANDIDATE,
    BOTH_BLOCKED_AT_60,
    CHEST_PAIN,
    NMT_CANDIDATE,
    WELL,
    answers_before,
)


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
        page.get_by_role("link", name="Ask us to contact you"),
        page.get_by_role("link", name="What an NMT session is like"),
        page.get_by_text("If you see a clinician, you can print this page and bring it."),
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
    """In print, the result, its reasons unfolded, the answers and the date and rule set show."""
    page = result.page
    rule_set = page.get_by_text(re.compile(r"^Screened on .+ Rule set "))
    expect(rule_set).to_be_hidden()
    expect(page.locator(".answers")).to_be_hidden()
    expect(page.locator(".reason li").first).to_be_hidden()

    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Blood flow restriction training may suit you"
    )
    expect(page.get_by_text("Why we say this")).to_be_visible()
    expect(page.get_by_role("heading", name=str(THERAPY_NAMES["bfr"]))).to_be_visible()
    expect(page.locator(".reason li").first).to_be_visible()
    expect(page.get_by_role("heading", name="What a BFR session is like")).to_be_visible()
    expect(page.get_by_role("heading", name="Your answers")).to_be_visible()
    answers = page.locator(".answers")
    expect(answers).to_be_visible()
    expect(answers).not_to_have_css("display", "none")
    expect(answers.get_by_text(label("conditions", "osteoarthritis"))).to_be_visible()
    expect(rule_set).to_be_visible()
    expect(
        page.locator("main").get_by_text("This is a screening aid, not a diagnosis.")
    ).to_be_visible()


def pdf_pages(pdf: bytes) -> int:
    """Return how many pages a PDF has (its page objects, not the page tree's nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def practice_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real app with the example practice profile, for this module."""
    with served_with_profile(tmp_path_factory.mktemp("practice-instance")) as served:
        yield served


@pytest.fixture(params=["practice", "no-practice"])
def site(request, practice_site: Site, live_server: str, session_cookie) -> Site:
    """Each app in turn: with the example practice profile, and with none."""
    if request.param == "practice":
        return practice_site
    return Site(live_server, session_cookie, practice=False)


@pytest.mark.parametrize(
    "answers",
    [BFR_CANDIDATE, NMT_CANDIDATE, WELL, BFR_BLOCKED_NMT_SUGGESTED, BOTH_BLOCKED_AT_60],
    ids=["bfr", "nmt", "consult", "consult-nmt-bfr-blocked", "consult-both-blocked"],
)
def test_a_printed_result_fits_on_two_pages(new_context, site, answers):
    """Chromium's print-to-PDF of a common result, answers and reasons included, is 1 or 2 pages."""
    context = new_context()
    context.add_cookies([site.cookie(answers)])
    page = context.new_page()
    page.goto(site.url + "/result")

    pdf = page.pdf(format="Letter")

    assert pdf.startswith(b"%PDF")
    assert 1 <= pdf_pages(pdf) <= 2


def test_printing_the_urgent_page_keeps_the_emergency_number(walker, given):
    """In print, the urgent page still shows the number to call, without its buttons."""
    given(answers_before("cuff-safety", CHEST_PAIN))
    walker.page.goto("/urgent")

    walker.page.emulate_media(media="print")

    expect(walker.page.get_by_role("link", name="Call 911")).to_be_visible()
    expect(walker.page.get_by_role("button", name="Start again")).to_be_hidden()
    expect(walker.page.get_by_role("link", name="Change your answer about symptoms")).to_be_hidden()
