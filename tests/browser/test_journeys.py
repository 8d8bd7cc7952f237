"""Whole journeys in Chromium: start to result for BFR, NMT, a blocked therapy and a child, and
straight to urgent care."""

from __future__ import annotations

from playwright.sync_api import expect

from advisor.assessment import assess
from advisor.web.results import ANY_TREATMENT, THERAPY_NAMES
from tests.browser.walker import Walker, label
from tests.personas import (
    BFR_BLOCKED_NMT_SUGGESTED,
    BFR_CANDIDATE,
    CHEST_PAIN,
    CHILD,
    NMT_CANDIDATE,
)

SYMPTOMS = "Do you have any of these right now, or did they start recently?"
WHY = "Why we say this"
CHECK_FIRST = "A clinician must check first"

#: Each level-2 heading of the page (or a folded part's summary, "Why we say this"), with the
#: level-3 headings under it, in order.
HEADINGS_UNDER = """() => {
  const found = [];
  for (const h of document.querySelectorAll("main h2, main h3, main summary")) {
    if (h.tagName === "H3") {
      if (found.length) found[found.length - 1][1].push(h.textContent.trim());
    } else found.push([h.textContent.trim(), []]);
  }
  return found;
}"""


def headings_under(walker: Walker) -> dict[str, list[str]]:
    """Return the page's level-3 headings, by the level-2 heading they sit under."""
    return dict(walker.page.evaluate(HEADINGS_UNDER))


def open_reasons(walker: Walker) -> None:
    """Unfold "Why we say this", as a person who wants the reasons does."""
    walker.page.get_by_text(WHY, exact=True).click()


def test_a_bfr_candidate_is_told_bfr_may_suit_them_and_why(walker, default_ruleset):
    """A 68-year-old with knee osteoarthritis and limiting weakness gets BFR, with its reasons."""
    walker.finish(BFR_CANDIDATE)

    expect(walker.page).to_have_title(
        "Blood flow restriction training may suit you – Therapy screening"
    )
    expect(walker.page.get_by_role("heading", level=1)).to_have_text(
        "Blood flow restriction training may suit you"
    )
    open_reasons(walker)
    expect(
        walker.page.get_by_role("heading", name="Blood flow restriction training (BFR)")
    ).to_be_visible()
    for item in assess(BFR_CANDIDATE, default_ruleset).explanation:
        expect(walker.page.locator(".reason strong", has_text=item.title)).to_be_visible()
    assert "surgery-site" not in walker.visited


def test_an_nmt_candidate_is_told_nmt_may_suit_them_and_why(walker, default_ruleset):
    """A 40-year-old with neck trigger points from strain over time gets NMT, with its reason."""
    walker.finish(NMT_CANDIDATE)

    expect(walker.page.get_by_role("heading", level=1)).to_have_text(
        "Neuromuscular therapy may suit you"
    )
    open_reasons(walker)
    expect(walker.page.get_by_role("heading", name="Neuromuscular therapy (NMT)")).to_be_visible()
    for item in assess(NMT_CANDIDATE, default_ruleset).explanation:
        expect(walker.page.locator(".reason strong", has_text=item.title)).to_be_visible()


def test_a_blocked_therapy_is_shown_once_under_the_checks_while_the_other_may_suit(
    walker, default_ruleset
):
    """BFR blocked by a past clot, NMT suggested: BFR is named once, under the checks, never as suiting."""
    bfr, nmt = str(THERAPY_NAMES["bfr"]), str(THERAPY_NAMES["nmt"])
    explanation = assess(BFR_BLOCKED_NMT_SUGGESTED, default_ruleset).explanation

    walker.finish(BFR_BLOCKED_NMT_SUGGESTED)

    page = walker.page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Talk with one of our clinicians first"
    )
    expect(page.locator(".panel")).to_contain_text("neuromuscular therapy (NMT) may suit you")
    found = headings_under(walker)
    assert found[WHY] == [nmt]
    assert found[CHECK_FIRST] == [bfr]
    expect(page.get_by_role("heading", name=bfr, exact=True)).to_have_count(1)
    checks = page.locator(".reason-blocked")
    for item in explanation:
        title = checks.locator("strong", has_text=item.title)
        expect(title).to_have_count(1 if item.target == "bfr" and item.applied else 0)
    text = page.locator("main").inner_text()
    assert "Blood flow restriction training (BFR) may" not in text
    assert "blood flow restriction training (BFR) may" not in text
    assert "Blood flow restriction training may" not in text


def test_a_child_is_suggested_no_therapy_and_sees_a_childrens_clinician_first(walker):
    """A 10-year-old with pain after an injury: no therapy suits, a children's clinician first."""
    walker.finish(CHILD)

    page = walker.page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Talk with one of our clinicians first"
    )
    expect(page.locator(".panel")).to_have_text(
        "A child under 12 should first see a clinician who treats children. "
        "They will check what would help before any treatment starts."
    )
    found = headings_under(walker)
    assert THERAPY_NAMES["nmt"] not in found[WHY]
    assert found[WHY][-1] == ANY_TREATMENT
    assert "Other treatments that may suit you" not in found
    assert "may suit you" not in page.locator("main").inner_text()


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
    expect(walker.checkbox(SYMPTOMS, label("red_flags", "chest_pain"))).to_be_checked()
    walker.tick(SYMPTOMS, ["None of these"])
    walker.go_on()

    assert walker.page_id == "cuff-safety"
    expect(walker.page.get_by_role("heading", level=1)).to_have_text(
        "Is a pressure cuff safe for you?"
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
