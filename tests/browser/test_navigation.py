"""Moving around in Chromium: Back keeps answers sent, Change returns, surgery branches."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.walker import label
from tests.personas import BFR_CANDIDATE, BFR_CANDIDATE_AGED_70, answers_before

AGE = "How old are you?"
SYMPTOMS = "Do you have any of these right now, or did they start recently?"
SURGERY = "When did you last have surgery?"
SURGERY_SITE = "Where on your body was that surgery?"
JOINT_REPLACEMENT = "Was that surgery a hip or knee replacement?"
PAIN = "How long have you had your current pain?"
PAIN_CAUSE = "What do you think caused your pain?"
PAIN_SCORE = "How bad was your worst pain in the last week?"


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


def test_back_leaves_a_page_without_sending_it_as_gov_uk_does(walker, given):
    """Back is a link: what was typed on the page it leaves is not sent, and no error shows."""
    given(answers_before("pain-details", BFR_CANDIDATE))
    walker.page.goto("/questions/pain-details")
    walker.choose(PAIN_CAUSE, "I do not know")
    walker.type_in(PAIN_SCORE, "lots")

    walker.go_back()
    assert walker.page_id == "pain"
    expect(walker.radio(PAIN, label("pain_duration", "over_12_weeks"))).to_be_checked()
    walker.go_on()

    assert walker.page_id == "pain-details"
    expect(walker.page.get_by_role("alert")).to_have_count(0)
    expect(walker.textbox(PAIN_SCORE)).to_have_value("")
    expect(walker.radio(PAIN_CAUSE, "I do not know")).not_to_be_checked()


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
    expect(walker.page.get_by_text("Step 8 of 13")).to_be_visible()

    walker.choose(SURGERY, "I have not had surgery")
    walker.go_on()
    assert walker.page_id == "pain"
    walker.go_back()
    walker.choose(SURGERY, label("surgery", "over_6_months"))
    walker.go_on()

    assert walker.page_id == "surgery-site"
    expect(walker.page.get_by_role("heading", level=1)).to_have_text(SURGERY_SITE)
    expect(walker.page.get_by_text("Step 9 of 13")).to_be_visible()
