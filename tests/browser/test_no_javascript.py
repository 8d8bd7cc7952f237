"""Without JavaScript: the whole questionnaire works, as the README promises."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.walker import Walker
from tests.personas import NMT_CANDIDATE

AGE = "How old are you?"


def test_a_whole_questionnaire_works_without_javascript(no_script_page):
    """With JavaScript off, a person answers every page, checks the answers and gets a result."""
    walker = Walker(no_script_page)

    walker.finish(NMT_CANDIDATE)

    expect(walker.page.get_by_role("heading", level=1)).to_have_text(
        "Neuromuscular therapy may suit you"
    )


def test_errors_and_back_work_without_javascript(no_script_page):
    """With JavaScript off, a bad answer shows its error, and the Back link goes back."""
    walker = Walker(no_script_page)
    walker.start()
    walker.type_in(AGE, "abc")

    walker.go_on()
    expect(walker.page.get_by_role("alert")).to_contain_text("Age must be a whole number")
    walker.go_back()
    assert walker.path == "/"
    walker.follow("Start now")

    # Like GOV.UK's, the Back link does not send the page it leaves: the bad answer is gone.
    expect(walker.textbox(AGE)).to_have_value("")
