"""The invariants as a runtime check: each broken result is named by its invariant and rules.

The engine keeps every invariant, so the broken results here are made by hand
from a real assessment, one wrong thing at a time.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.assessment import assess
from advisor.engine.invariants import INVARIANTS, breaches, brief
from advisor.response import BlockedTherapy, ExplanationItem
from tests.personas import BASE_ANSWERS

CHILD = {**BASE_ANSWERS, "age": 8}
CUFF_RISK = {**BASE_ANSWERS, "bfr_risks": ["pregnancy"]}
CHEST_PAIN = {**BASE_ANSWERS, "red_flags": ["chest_pain"]}
BLEEDING = {**BASE_ANSWERS, "bleeding_risk": "unsure"}
SUGGEST_BFR = ExplanationItem("bfr-x", "T", "BFR may help.", "suggest", "bfr", applied=True)


def with_result(response, *, items=(), **changes):
    """Return ``response`` with its recommendation changed and ``items`` added to its reasons."""
    return replace(
        response,
        recommendation=replace(response.recommendation, **changes),
        explanation=(*response.explanation, *items),
    )


def test_a_real_assessment_keeps_every_invariant(default_ruleset):
    """The shipped rules on plain answers break nothing, again and with another insurance."""
    response = assess(CUFF_RISK, default_ruleset)
    again = assess(CUFF_RISK, default_ruleset)
    other = assess({**CUFF_RISK, "insurance": "medicare"}, default_ruleset)

    assert breaches(CUFF_RISK, response, other_insurance=other, again=again) == []


@pytest.mark.parametrize(
    ("answers", "changes", "invariant"),
    [
        (CHEST_PAIN, {"primary": "bfr", "suggestions": ("bfr",), "urgency": None}, 1),
        (CHEST_PAIN, {"urgency": "soon"}, 1),
        (CUFF_RISK, {"primary": "bfr", "suggestions": ("bfr",), "blocked": ()}, 2),
        (CUFF_RISK, {"blocked": ()}, 2),
        ({**BASE_ANSWERS, "age": 16}, {"primary": "bfr", "suggestions": ("bfr",)}, 3),
        (BLEEDING, {"primary": "nmt", "suggestions": ("nmt",), "blocked": ()}, 4),
        (CHILD, {"primary": "nmt", "suggestions": ("nmt",)}, 7),
    ],
    ids=[
        "red-flag-not-urgent",
        "wrong-urgency",
        "bfr-despite-risk",
        "bfr-not-blocked",
        "bfr-primary-at-16",
        "nmt-despite-bleeding",
        "nmt-for-a-child",
    ],
)
def test_a_broken_result_names_its_invariant(default_ruleset, answers, changes, invariant):
    """Each wrong recommendation is a breach of the invariant it breaks, and described."""
    broken = with_result(assess(answers, default_ruleset), **changes)

    found = breaches(answers, broken)

    assert invariant in {b.invariant for b in found}
    assert all(b.describe().startswith(f"invariant {b.invariant} (") for b in found)


def test_the_rules_that_suggested_a_vetoed_therapy_are_named(default_ruleset):
    """A BFR suggestion despite a cuff risk names the rule that made it, never a safety id."""
    broken = with_result(
        assess(CUFF_RISK, default_ruleset),
        primary="bfr",
        suggestions=("bfr",),
        items=[SUGGEST_BFR],
    )

    [breach] = [b for b in breaches(CUFF_RISK, broken) if b.invariant == 2]

    assert breach.rules == ("bfr-x",)


def test_a_therapy_blocked_and_suggested_breaks_invariant_8(default_ruleset):
    """Nothing may be both blocked and suggested, and a suggestion applies iff suggested."""
    response = assess(
        {**BASE_ANSWERS, "age": 70, "conditions": ["osteoarthritis"]}, default_ruleset
    )
    blocked = (BlockedTherapy("bfr", "A clinician checks first.", ("bfr-y",)),)
    broken = with_result(
        response, suggestions=("bfr",), blocked=blocked, items=[replace(SUGGEST_BFR, applied=False)]
    )

    found = [b for b in breaches(BASE_ANSWERS, broken) if b.invariant == 8]

    assert [b.what for b in found] == [
        "bfr both blocked and suggested",
        "the explanation says a reason applied when it did not, or the other way round",
    ]


def test_insurance_and_determinism_need_the_second_assessments(default_ruleset):
    """Invariants 5 and 6 compare with the assessments they are given."""
    response = assess(BASE_ANSWERS, default_ruleset)
    other = with_result(response, primary="bfr", suggestions=("bfr",))

    found = breaches(BASE_ANSWERS, response, other_insurance=other, again=other)

    assert sorted(b.invariant for b in found) == [5, 6]


def test_a_response_without_explanation_or_digest_breaks_invariant_6(default_ruleset):
    """Every response carries an explanation and the rule set's digest."""
    response = assess(BASE_ANSWERS, default_ruleset)
    bare = replace(response, explanation=(), ruleset=replace(response.ruleset, digest="x"))

    assert [b.what for b in breaches(BASE_ANSWERS, bare)] == [
        "the response has no explanation",
        "the response does not carry the rule set's digest",
    ]


def test_every_invariant_has_a_summary():
    """The eight invariants of the contract each have a one-line summary for messages."""
    assert sorted(INVARIANTS) == list(range(1, 9))


def test_a_breach_names_the_answers_that_broke_it(default_ruleset):
    """The description ends with the answers that matter, briefly."""
    broken = with_result(assess(CHILD, default_ruleset), primary="nmt", suggestions=("nmt",))

    [breach] = breaches(CHILD, broken)

    assert breach.describe() == (
        "invariant 7 (under 12, nothing is suggested and a clinician comes first): age 8 got "
        "primary 'nmt' and suggestions ['nmt']; expected a consult (or urgent care) and none, "
        "for age = 8, bleeding_risk = no"
    )


def test_brief_shows_only_the_answers_that_matter_and_shortens_long_lists():
    """A message shows age, red flags and risks, not every answer."""
    answers = {**BASE_ANSWERS, "bfr_risks": ["a", "b", "c", "d", "e"], "bleeding_risk": "no"}

    assert brief(answers) == "age = 45, bfr_risks = [a, b, c, d, …], bleeding_risk = no"
