"""Arbitration turns fired rules into the recommendation, without experta, with the floor last."""

from __future__ import annotations

import pytest

from advisor.engine.arbitration import arbitrate
from advisor.engine.explanation import explain
from advisor.problems import Location
from advisor.ruleset.model import DEFAULT_PRIORITY, Effect, RuleSpec
from tests.personas import BASE_ANSWERS


def fired(
    rule_id: str, kind: str, target: str, priority: int | None = None, order: int = 0
) -> RuleSpec:
    """A rule that fired, with just what arbitration reads."""
    return RuleSpec(
        id=rule_id,
        title=rule_id.title(),
        because=f"Because {rule_id}.",
        clauses=(),
        effect=Effect(kind, target),  # type: ignore[arg-type]
        priority=DEFAULT_PRIORITY[kind] if priority is None else priority,
        at=Location("rules/x.toml"),
        order=order,
    )


def answers(**changes):
    return {
        **BASE_ANSWERS,
        **{k: frozenset(v) if isinstance(v, list) else v for k, v in changes.items()},
    }


def test_a_suggested_therapy_with_no_objection_is_primary():
    """One suggestion, nothing against it: it is the primary."""
    decision = arbitrate([fired("bfr-a", "suggest", "bfr")], answers())

    assert decision.recommendation.primary == "bfr"
    assert decision.recommendation.suggestions == ("bfr",)
    assert [r.id for r in decision.reasons] == ["bfr-a"]


def test_higher_priority_suggestion_leads():
    """When both fit, the suggestion with the higher priority is primary."""
    decision = arbitrate(
        [fired("nmt-a", "suggest", "nmt", 10), fired("bfr-a", "suggest", "bfr", 20)], answers()
    )

    assert decision.recommendation.primary == "bfr"
    assert decision.recommendation.suggestions == ("bfr", "nmt")


def test_consult_first_keeps_the_suggestion_but_not_as_primary():
    """A consult-first rule stops a therapy being primary; it stays suggested."""
    decision = arbitrate(
        [
            fired("bfr-a", "suggest", "bfr", 20),
            fired("nmt-a", "suggest", "nmt", 10),
            fired("bfr-c", "consult", "bfr"),
        ],
        answers(),
    )

    assert decision.recommendation.primary == "nmt"
    assert decision.recommendation.suggestions == ("nmt", "bfr")


def test_consult_all_makes_consult_primary():
    """consult = 'all' puts a clinician first whatever fits."""
    decision = arbitrate(
        [fired("nmt-a", "suggest", "nmt"), fired("gen", "consult", "all")], answers()
    )

    assert decision.recommendation.primary == "consult"
    assert decision.recommendation.suggestions == ("nmt",)


def test_block_removes_the_suggestion_and_gives_the_top_reason():
    """A block vetoes a suggestion; the highest-priority blocker's reason is shown, all are listed."""
    decision = arbitrate(
        [
            fired("bfr-a", "suggest", "bfr"),
            fired("bfr-b1", "block", "bfr", 50, order=1),
            fired("bfr-b2", "block", "bfr", 60, order=2),
        ],
        answers(bfr_risks=["clot_history"]),
    )
    [blocked] = decision.recommendation.blocked

    assert decision.recommendation.suggestions == ()
    assert decision.recommendation.primary == "consult"
    assert (blocked.therapy, blocked.reason, blocked.rules) == (
        "bfr",
        "Because bfr-b2.",
        ("bfr-b2", "bfr-b1"),
    )


def test_nothing_fired_means_consult_with_an_explanation():
    """With no rule fired, the engine consults and says why (the explanation is never empty)."""
    decision = arbitrate([], answers())

    assert decision.recommendation.primary == "consult"
    assert [r.id for r in decision.reasons] == ["safety.consult-by-default"]


@pytest.mark.parametrize(
    ("flags", "urgency"),
    [
        (["unexplained_weight_loss"], "soon"),
        (["calf_pain_swelling", "cancer_history_new_pain"], "same_day"),
        (["chest_pain", "fever_with_pain"], "emergency"),
    ],
)
def test_floor__red_flag_without_a_rule_still_routes_to_urgent_care(flags, urgency):
    """If no rule handles a red flag, the floor does, graded by the most urgent flag."""
    decision = arbitrate([fired("nmt-a", "suggest", "nmt")], answers(red_flags=flags))

    assert decision.recommendation.primary == "urgent_care"
    assert decision.recommendation.suggestions == ()
    assert decision.recommendation.urgency == urgency
    assert decision.reasons[0].id == "safety.red-flags"


def test_urgency_follows_the_contract_not_the_rule():
    """A rule grading a red flag differently cannot change the contract's urgency."""
    decision = arbitrate(
        [fired("red-flag-x", "urgent_care", "soon")], answers(red_flags=["chest_pain"])
    )

    assert decision.recommendation.urgency == "emergency"


def test_urgent_rule_without_a_red_flag_uses_its_own_level():
    """An urgent-care rule on another answer sets urgency itself."""
    decision = arbitrate([fired("gen-x", "urgent_care", "same_day")], answers())

    assert (decision.recommendation.primary, decision.recommendation.urgency) == (
        "urgent_care",
        "same_day",
    )


def test_floor__bfr_risk_without_a_block_rule_still_blocks_bfr():
    """If the rules forget a cuff risk, the floor blocks BFR and says why."""
    decision = arbitrate([fired("bfr-a", "suggest", "bfr")], answers(bfr_risks=["unsure"]))

    assert decision.recommendation.suggestions == ()
    assert decision.recommendation.blocked[0].rules == ("safety.bfr-risks",)
    assert "not sure" in decision.recommendation.blocked[0].reason


@pytest.mark.parametrize("changes", [{"bleeding_risk": "unsure"}, {"nmt_risks": ["fragile_skin"]}])
def test_floor__pressure_risk_without_a_block_rule_still_blocks_nmt(changes):
    """If the rules forget a deep-pressure risk, the floor blocks NMT."""
    decision = arbitrate([fired("nmt-a", "suggest", "nmt")], answers(**changes))

    assert decision.recommendation.suggestions == ()
    assert decision.recommendation.blocked[0].rules == ("safety.nmt-risks",)


def test_floor__under_18_bfr_is_suggested_but_never_primary():
    """Under 18, BFR stays suggested while a clinician decides."""
    decision = arbitrate([fired("bfr-a", "suggest", "bfr")], answers(age=16))

    assert decision.recommendation.primary == "consult"
    assert decision.recommendation.suggestions == ("bfr",)
    assert "safety.under-18" in [r.id for r in decision.reasons]


def test_floor_is_silent_when_a_rule_already_acted():
    """A rule that blocks for the same risk leaves no duplicate safety entry."""
    decision = arbitrate([fired("bfr-b", "block", "bfr")], answers(bfr_risks=["pregnancy"]))

    assert "safety.bfr-risks" not in [r.id for r in decision.reasons]


def test_reasons_are_ranked_urgent_block_consult_suggest():
    """The explanation reads most decisive first, whatever order rules fired in."""
    decision = arbitrate(
        [
            fired("s", "suggest", "nmt"),
            fired("c", "consult", "nmt"),
            fired("b", "block", "bfr"),
            fired("u", "urgent_care", "soon"),
        ],
        answers(),
    )

    assert [r.id for r in decision.reasons] == ["u", "b", "c", "s"]


def test_a_child_gets_no_suggestion_and_the_floor_explains_why():
    """Invariant 7: under 12, a suggestion is set aside and the floor's note says why."""
    decision = arbitrate([fired("nmt-a", "suggest", "nmt")], answers(age=10))

    assert decision.recommendation.primary == "consult"
    assert decision.recommendation.suggestions == ()
    assert "safety.under-12" in [r.id for r in decision.reasons]


def test_a_child_rule_that_consults_for_all_needs_no_note_from_the_floor():
    """Under 12 with a rule that already puts a clinician first: the rule is the reason."""
    decision = arbitrate(
        [fired("nmt-a", "suggest", "nmt"), fired("general-child", "consult", "all")],
        answers(age=8),
    )

    assert decision.recommendation.suggestions == ()
    assert "safety.under-12" not in [r.id for r in decision.reasons]


@pytest.mark.parametrize(
    ("extra", "answered", "applied"),
    [
        ([], {}, {"bfr-a": True, "bfr-c": True}),
        ([fired("bfr-b", "block", "bfr")], {}, {"bfr-a": False, "bfr-b": True, "bfr-c": True}),
        ([fired("flag", "urgent_care", "emergency")], {}, {"bfr-a": False, "bfr-c": False}),
        ([], {"age": 9}, {"bfr-a": False, "bfr-c": True}),
    ],
    ids=["suggested", "blocked", "urgent-care-first", "child"],
)
def test_each_reason_says_whether_it_applied(extra, answered, applied):
    """Invariant 8: a suggestion applied only if suggested; consults unless urgent care is first."""
    decision = arbitrate(
        [fired("bfr-a", "suggest", "bfr"), fired("bfr-c", "consult", "bfr"), *extra],
        answers(**answered),
    )

    found = {item.rule: item.applied for item in explain(decision) if item.rule in applied}
    assert found == applied
