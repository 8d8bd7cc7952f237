"""Whole journeys in Chromium: start to result for BFR and NMT, and straight to urgent care."""

from __future__ import annotations

from playwright.sync_api import expect

from advisor.assessment import assess
from tests.browser.walker import BFR_CANDIDATE, CHEST_PAIN, NMT_CANDIDATE

SYMPTOMS = "Do you have any of these right now, or did they start recently?"


def test_a_bfr_candidate_is_told_bfr_may_suit_them_and_why(walker, default_ruleset):
    """A 70-year-old with knee osteoarthritis and limiting weakness gets BFR, with its reasons."""
    walker.finish(BFR_CANDIDATE)

    expect(walker.page).to_have_title(
        "Blood flow restriction training may suit you – Therapy screening"
    )
    expect(walker.page.get_by_role("heading", level=1)).to_have_text(
        "Blood flow restriction training may suit you"
    )
    expect(walker.page.get_by_role("heading", name="Why we say this")).to_be_visible()
    expect(
        walker.page.get_by_role("heading", name="Blood flow restriction training (BFR)")
    ).to_be_visible()
    for item in assess(BFR_CANDIDATE, default_ruleset).explanation:
        expect(walker.page.locator(".reason strong", has_text=item.title)).to_be_visible()
    assert "surgery-site" not in walker.visited


def test_an_nmt_candidate_is_told_nmt_may_suit_them_and_why(walker, default_ruleset):
    """A 40-year-old with neck trigger points from posture and ongoing strain gets NMT, with its reason."""
    walker.finish(NMT_CANDIDATE)

    expect(walker.page.get_by_role("heading", level=1)).to_have_text(
        "Neuromuscular therapy may suit you"
    )
    expect(walker.page.get_by_role("heading", name="Neuromuscular therapy (NMT)")).to_be_visible()
    for item in assess(NMT_CANDIDATE, default_ruleset).explanation:
        expect(walker.page.locator(".reason strong", has_text=item.title)).to_be_visible()


def test_chest_pain_goes_straight_to_emergency_advice_before_any_other_question(walker):
    """Chest pain ends the questionnaire right after the red-flag page, showing the number to call."""
    walker.start()

    ended = walker.walk(CHEST_PAIN)

    assert ended == "/urgent"
    assert walker.visited == ["about-you", "urgent-symptoms"]
    expect(walker.page.get_by_role("heading", level=1)).to_have_text("Get emergency help now")
    call = walker.page.get_by_role("link", name="Call 911")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:911")
    expect(walker.page.get_by_text("Call 911 or your local emergency number now")).to_be_visible()
    expect(walker.page.get_by_role("heading", name="Chest pain")).to_be_visible()


def test_with_chest_pain_a_later_question_cannot_be_opened(walker):
    """After ticking chest pain, opening a later question's address shows the urgent page instead."""
    walker.start()
    walker.walk(CHEST_PAIN)

    walker.page.goto("/questions/strength")

    assert walker.path == "/urgent"
    expect(walker.page.get_by_role("link", name="Call 911")).to_be_visible()


def test_a_symptom_ticked_by_mistake_can_be_changed_from_the_urgent_page(walker):
    """From the urgent page a person can untick the symptom and carry on with the next question."""
    walker.start()
    walker.walk(CHEST_PAIN)

    walker.follow("Change your answer about symptoms")
    expect(walker.checkbox(SYMPTOMS, "Chest pain, pressure or tightness")).to_be_checked()
    walker.tick(SYMPTOMS, ["None of these"])
    walker.go_on()

    assert walker.page_id == "cuff-safety"
    expect(walker.page.get_by_role("heading", level=1)).to_have_text(
        "Do any of these health problems apply to you?"
    )


def test_start_again_forgets_every_answer(walker, given):
    """Start again on the result page goes to the start, and the answers are gone."""
    given(BFR_CANDIDATE)
    walker.page.goto("/result")

    walker.press("Start again")

    assert walker.path == "/"
    walker.page.goto("/result")
    assert walker.path == "/"
    walker.follow("Start now")
    expect(walker.textbox("How old are you?")).to_have_value("")
