"""Keyboard focus: tabbing to a control shows where the focus is."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, expect

from tests.browser.walker import Walker, label
from tests.personas import BFR_CANDIDATE, answers_before

#: The computed styles a focus indicator is drawn with.
FOCUS_STYLE = """el => {
    const s = getComputedStyle(el);
    return {
        outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
        boxShadow: s.boxShadow,
        background: s.backgroundColor,
        border: s.borderColor,
    };
}"""


def tab_to(walker: Walker, target: Locator, limit: int = 40) -> int:
    """Press Tab from the top of the page until ``target`` has the focus; return the presses."""
    for presses in range(1, limit + 1):
        walker.page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{target} never got the focus in {limit} presses of Tab")


def focus_is_drawn(style: dict[str, str]) -> bool:
    """Return whether these styles draw a visible outline or box shadow."""
    outline_style, outline_width, *colour = style["outline"].split(" ", 2)
    outline = (
        outline_style != "none" and outline_width != "0px" and "rgba(0, 0, 0, 0)" not in colour[0]
    )
    return outline or style["boxShadow"] != "none"


CONTROLS: dict[str, tuple[str, dict, Callable[[Walker], Locator]]] = {
    "skip link": ("/", {}, lambda w: w.page.get_by_role("link", name="Skip to main content")),
    "start button": ("/", {}, lambda w: w.page.get_by_role("link", name="Start now")),
    "text box": ("/questions/about-you", {}, lambda w: w.textbox("How old are you?")),
    "first checkbox": (
        "/questions/urgent-symptoms",
        answers_before("urgent-symptoms", BFR_CANDIDATE),
        lambda w: w.checkbox(
            "Do you have any of these right now, or did they start recently?",
            label("red_flags", "chest_pain"),
        ),
    ),
    "first radio": (
        "/questions/surgery",
        answers_before("surgery", BFR_CANDIDATE),
        lambda w: w.radio("When did you last have surgery?", "I have not had surgery"),
    ),
    "continue button": (
        "/questions/about-you",
        {},
        lambda w: w.page.get_by_role("button", name="Continue"),
    ),
}


@pytest.mark.parametrize("control", list(CONTROLS))
def test_tabbing_to_a_control_shows_a_visible_focus_style(walker, given, control):
    """A control reached with Tab gets an outline or box shadow that it does not have unfocused."""
    path, answers, find = CONTROLS[control]
    if answers:
        given(answers)
    walker.page.goto(path)
    target = find(walker)
    before = target.evaluate(FOCUS_STYLE)

    tab_to(walker, target)

    expect(target).to_be_focused()
    after = target.evaluate(FOCUS_STYLE)
    assert focus_is_drawn(after), f"{control}: no outline or shadow when focused: {after}"
    assert after != before, f"{control}: looks the same focused and unfocused: {after}"


def test_the_skip_link_appears_on_the_first_tab_and_leads_to_the_content(walker):
    """The first Tab shows the skip link on screen, and following it moves past the header."""
    walker.page.goto("/")
    skip = walker.page.get_by_role("link", name="Skip to main content")
    assert skip.bounding_box()["x"] < 0

    assert tab_to(walker, skip) == 1
    assert skip.bounding_box()["x"] >= 0
    walker.page.keyboard.press("Enter")
    walker.page.keyboard.press("Tab")

    expect(walker.page.get_by_role("link", name="Start now")).to_be_focused()
