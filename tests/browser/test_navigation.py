"""Moving around in Chromium: Back keeps answers and typing, Change returns, surgery branches."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.walker import label
from tests.personas import BFR_CANDIDATE, BFR_CANDIDATE_AGED_70, answers_before

AGE = "How old are you?"
SYMPTOMS = "Do you have any of these right now, or did they start recently?"
SURGERY = "When did you last have surgery?"
SURGERY_SITE = "Where on your body was that surgery?"
JOINT_REPLACEMENT = "Was that surgery a hip or knee replacement?"
PAIN_CAUSE = "What do you think caused your pain?"
PAIN_SCORE = "How bad was your worst pain in the last week?"
PAIN_SOURCES = "Do any of these describe your pain?"


def test_back_shows_earlier_answers_still_chosen(walker):
    """Going back page by page shows each earlier answer still chosen or typed."""
    walker.start()
    walker.type_in(AGE, "70")
    walker.go_on()
    walker.tick(SYMPTOMS, ["None of these"])
    walker.go_on()
    assert walker.page_id == "cuff-safety"

    walker.go_back()

    assert walker.page_id == "urgent-symptoms"
    expect(walker.checkbox(SYMPTOMS, "None of these")).to_be_checked()
    expect(walker.checkbox(SYMPTOMS, label("red_flags", "chest_pain"))).not_to_be_checked()
    walker.go_back()
    assert walker.page_id == "about-you"
    expect(walker.textbox(AGE)).to_have_value("70")


def test_pressing_enter_in_a_text_box_continues_rather_than_going_back(walker):
    """Enter in the age box sends the page forward: Continue is the form's first button."""
    walker.page.goto("/questions/about-you")
    walker.type_in(AGE, "70")

    with walker.page.expect_navigation():
        walker.textbox(AGE).press("Enter")

    assert walker.page_id == "urgent-symptoms"


def test_back_keeps_what_was_typed_on_the_page_even_if_not_valid(walker, given):
    """Typing that is not valid yet is there again after Back and Continue, with no error shown."""
    given(answers_before("pain", BFR_CANDIDATE))
    walker.page.goto("/questions/pain")
    walker.choose(PAIN_CAUSE, "I do not know")
    walker.type_in(PAIN_SCORE, "lots")
    walker.tick(PAIN_SOURCES, ["Stress or low mood that makes my muscles tense"])

    walker.go_back()
    assert walker.page_id == "surgery"
    expect(walker.radio(SURGERY, "I have not had surgery")).to_be_checked()
    walker.go_on()

    assert walker.page_id == "pain"
    expect(walker.page.get_by_role("alert")).to_have_count(0)
    expect(walker.textbox(PAIN_SCORE)).to_have_value("lots")
    expect(walker.radio(PAIN_CAUSE, "I do not know")).to_be_checked()
    expect(
        walker.checkbox(PAIN_SOURCES, "Stress or low mood that makes my muscles tense")
    ).to_be_checked()


def test_change_from_check_answers_changes_the_answer_and_returns(walker, given):
    """Change opens the question with its answer, and Continue returns to check answers with the new one."""
    given(BFR_CANDIDATE_AGED_70)
    walker.page.goto("/check-answers")

    walker.follow(f"Change your answer to: {AGE}")

    assert walker.page_id == "about-you"
    expect(walker.textbox(AGE)).to_have_value("70")
    walker.type_in(AGE, "71")
    walker.go_on()
    assert walker.path == "/check-answers"
    row = walker.page.locator(".summary-row").filter(has_text=AGE)
    expect(row.get_by_role("definition").first).to_have_text("71")


def test_changing_to_a_surgery_asks_where_it_was_then_returns(walker, given):
    """Changing the surgery answer to a recent one asks where it was, then returns to check answers."""
    given(BFR_CANDIDATE)
    walker.page.goto("/check-answers")
    expect(walker.page.get_by_text(SURGERY_SITE)).to_have_count(0)

    walker.follow(f"Change your answer to: {SURGERY}")
    walker.choose(SURGERY, "Less than 6 weeks ago")
    walker.go_on()
    assert walker.page_id == "surgery-site"
    walker.choose(SURGERY_SITE, "Hip, leg, knee or foot")
    walker.choose(JOINT_REPLACEMENT, "No")
    walker.go_on()

    assert walker.path == "/check-answers"
    row = walker.page.locator(".summary-row").filter(has_text=SURGERY_SITE)
    expect(row.get_by_role("definition").first).to_have_text("Hip, leg, knee or foot")


def test_surgery_site_page_appears_only_after_a_surgery(walker, given):
    """With no surgery the pain page follows; after going back and answering a surgery, its site is asked."""
    given(answers_before("surgery", BFR_CANDIDATE))
    walker.page.goto("/questions/surgery")
    expect(walker.page.get_by_text("Step 8 of 11")).to_be_visible()

    walker.choose(SURGERY, "I have not had surgery")
    walker.go_on()
    assert walker.page_id == "pain"
    walker.go_back()
    walker.choose(SURGERY, label("surgery", "over_6_months"))
    walker.go_on()

    assert walker.page_id == "surgery-site"
    expect(walker.page.get_by_role("heading", level=1)).to_have_text(SURGERY_SITE)
    expect(walker.page.get_by_text("Step 9 of 12")).to_be_visible()
