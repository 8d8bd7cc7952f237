"""Questions that fit, at 390 px (a phone) and 1280 px (a laptop), each page axe-clean.

A step count that never grows, Back as a link above the heading, the date of birth
on one line, the pain details skipped without pain, and a knee replacement that is
asked about after leg surgery and shown on check answers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, expect

from tests.browser.walker import Walker, label
from tests.personas import BFR_CANDIDATE, WELL, answers_before

AXE = Axe()
WIDTHS = [390, 1280]
STEP = re.compile(r"Step (\d+) of (\d+)")
JOINT_REPLACEMENT = "Was that surgery a hip or knee replacement?"

#: The BFR candidate after a knee replacement 2 months ago: surgery on a leg, then asked
#: whether it was a hip or knee replacement.
KNEE_REPLACED = {
    **BFR_CANDIDATE,
    "surgery": "6_weeks_to_6_months",
    "surgery_site": "lower_limb",
    "joint_replacement": "yes",
}


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def sized(request, new_context: Callable[..., BrowserContext]) -> Walker:
    """A person in a fresh browser context this many CSS pixels wide."""
    viewport = {"width": request.param, "height": 844 if request.param < 600 else 800}
    return Walker(new_context(viewport=viewport).new_page())


@pytest.fixture
def put(
    sized: Walker, session_cookie: Callable[[Mapping[str, object]], dict]
) -> Callable[[Mapping[str, object]], None]:
    """Return a setter: answers straight into the sized page's session."""
    return lambda answers: sized.page.context.add_cookies([session_cookie(answers)])  # type: ignore[list-item]


def no_axe_violations(walker: Walker) -> None:
    """axe-core finds no violation on the page shown now."""
    results = AXE.run(walker.page)
    assert results.response["violations"] == [], f"{walker.page.url}:\n{results.generate_report()}"


def fits_the_width(walker: Walker) -> None:
    """The page does not scroll sideways."""
    width = walker.page.viewport_size["width"]  # type: ignore[index]
    assert walker.page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_step_count_never_grows_on_the_way_to_a_knee_replacement(sized):
    """Step by step the count goes 1, 2, 3 ... of a total that never grows, to N of N; the
    knee replacement question follows leg surgery and its answer is on check answers."""
    positions: list[tuple[int, int]] = []

    def read_step(walker: Walker) -> None:
        found = STEP.search(walker.page.title())
        assert found is not None, f"no step count on {walker.path}"
        positions.append((int(found.group(1)), int(found.group(2))))
        expect(walker.page.get_by_text(found.group(0)).first).to_be_visible()
        no_axe_violations(walker)

    sized.start()
    ended = sized.walk(KNEE_REPLACED, on_page=read_step)

    totals = [total for _, total in positions]
    assert ended == "/check-answers"
    assert "surgery-site" in sized.visited
    assert [step for step, _ in positions] == list(range(1, len(positions) + 1))
    assert totals == sorted(totals, reverse=True)
    assert positions[-1] == (len(positions), len(positions))
    row = sized.page.locator(".summary-row").filter(has_text=JOINT_REPLACEMENT)
    expect(row.get_by_role("definition").first).to_have_text("Yes")
    no_axe_violations(sized)


def test_no_pain_skips_the_pain_details_and_the_count_shrinks(sized):
    """ "I do not have pain" leads past the pain's cause, score and words, and the total drops."""
    totals: list[int] = []

    def read_total(walker: Walker) -> None:
        found = STEP.search(walker.page.title())
        assert found is not None
        totals.append(int(found.group(2)))

    sized.start()
    sized.walk(WELL, on_page=read_total)

    assert "pain" in sized.visited
    assert "pain-details" not in sized.visited
    assert totals[0] == 13
    assert totals[-1] == 11
    assert totals == sorted(totals, reverse=True)


def test_back_is_a_link_above_the_heading_that_goes_back(sized, put):
    """Back is a link before the heading and outside the form; it goes to the page before."""
    put(answers_before("strength", BFR_CANDIDATE))
    sized.page.goto("/questions/strength")

    back = sized.page.get_by_role("link", name="Back", exact=True)
    heading = sized.page.get_by_role("heading", level=1)
    expect(back).to_be_visible()
    assert back.bounding_box()["y"] < heading.bounding_box()["y"]  # type: ignore[index]
    expect(sized.page.locator("form").get_by_role("button")).to_have_text(["Continue"])
    no_axe_violations(sized)
    fits_the_width(sized)
    sized.go_back()

    assert sized.page_id == "health-history"
    no_axe_violations(sized)


def test_the_date_of_birth_is_on_one_line_with_each_label_above_its_box(sized, put):
    """Month, day and year sit side by side, spaced, each label above its own box."""
    put(BFR_CANDIDATE)
    sized.page.goto("/result?contact=1")
    boxes = [
        sized.page.get_by_role("textbox", name=name, exact=True).bounding_box()
        for name in ("Month", "Day", "Year")
    ]
    labels = [
        sized.page.locator("fieldset").get_by_text(name, exact=True).bounding_box()
        for name in ("Month", "Day", "Year")
    ]

    assert len({round(box["y"]) for box in boxes}) == 1  # type: ignore[index]
    for before, after in itertools.pairwise(boxes):
        assert after["x"] - (before["x"] + before["width"]) >= 15  # type: ignore[index,operator]
    for text, box in zip(labels, boxes, strict=True):
        assert text["y"] + text["height"] <= box["y"]  # type: ignore[index,operator]
        assert abs(text["x"] - box["x"]) < 2  # type: ignore[index,operator]
    fits_the_width(sized)
    no_axe_violations(sized)


def test_the_date_of_birth_wraps_without_sideways_scrolling_at_320px(
    new_context: Callable[..., BrowserContext], session_cookie
):
    """At 320 px (400% zoom) the date boxes still fit: no sideways scrolling."""
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.context.add_cookies([session_cookie(BFR_CANDIDATE)])
    page.goto("/result?contact=1")

    year = page.get_by_role("textbox", name="Year", exact=True).bounding_box()

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert year["x"] + year["width"] <= 320  # type: ignore[index,operator]


def test_the_pain_question_is_asked_on_its_own_before_its_details(sized, put):
    """The pain page asks only how long; its answer "I do not have pain" is a choice there."""
    put(answers_before("pain", BFR_CANDIDATE))
    sized.page.goto("/questions/pain")

    expect(sized.page.get_by_role("heading", level=1)).to_have_text(
        "How long have you had your current pain?"
    )
    expect(
        sized.radio("How long have you had your current pain?", label("pain_duration", "none"))
    ).to_be_visible()
    no_axe_violations(sized)
