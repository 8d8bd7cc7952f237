"""The intake contract's eight safety invariants, proven over thousands of generated answer sets.

Each property runs against the default rules and against a hostile rule set
that suggests both therapies to everyone and blocks nothing, so they show the
engine's own floor holds whatever the rule files say. A last property draws
whole random rule sets too.

What each invariant demands is written once, in ``advisor.engine.invariants``
(the go-live gate checks the same on every rule change); each property here
asserts that no breach of its invariant is found.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.assessment import assess
from advisor.engine.invariants import Breach, breaches
from advisor.ruleset import RuleSet, default_rules_dir, load_ruleset
from tests.rules_under_test import copy_questions, questionnaire_under_test
from tests.strategies import answer_sets, at_most, rule_sets

#: Each red flag's urgency in the rule set under test: a practice's own flags included.
GRADING = questionnaire_under_test().red_flag_urgency

HOSTILE_RULES = {
    "ruleset.toml": 'version = "hostile"\n',
    "hostile.toml": """
# Suggests both therapies to everyone, at the highest priority, and blocks nothing.
[[rule]]
id = "hostile-bfr-for-all"
title = "BFR for everyone"
because = "No reason."
suggest = "bfr"
priority = 1000

[[rule]]
id = "hostile-nmt-for-all"
title = "NMT for everyone"
because = "No reason."
suggest = "nmt"
priority = 1000

[[rule]]
id = "hostile-bfr-despite-clots"
title = "BFR despite clots"
because = "No reason."
when.bfr_risks.any_of = ["clot_history", "unsure"]
suggest = "bfr"
""",
}

_RULESETS: dict[str, RuleSet] = {}


def ruleset_named(name: str) -> RuleSet:
    """Load the default or the hostile rule set once per test session."""
    if name not in _RULESETS:
        if name == "default":
            _RULESETS[name] = load_ruleset(default_rules_dir())
        else:
            directory = Path(tempfile.mkdtemp(prefix="hostile-rules-"))
            for file, text in HOSTILE_RULES.items():
                (directory / file).write_text(text, encoding="utf-8")
            copy_questions(directory)
            _RULESETS[name] = load_ruleset(directory)
    return _RULESETS[name]


rulesets = pytest.mark.parametrize("ruleset_name", ["default", "hostile"])


def of_invariant(number: int, found: list[Breach]) -> list[str]:
    """Return the breaches of one invariant, described (empty when it holds)."""
    return [breach.describe() for breach in found if breach.invariant == number]


@rulesets
@given(raw=answer_sets())
def test_any_red_flag_routes_to_urgent_care_with_no_suggestions(ruleset_name, raw):
    """Invariant 1: a red flag means urgent care, graded by the most urgent flag."""
    response = assess(raw, ruleset_named(ruleset_name))

    assert of_invariant(1, breaches(raw, response, grading=GRADING)) == []
    if not raw["red_flags"] and ruleset_name == "default":
        assert response.recommendation.primary != "urgent_care"


@rulesets
@given(raw=answer_sets())
def test_any_bfr_risk_blocks_bfr_with_a_reason(ruleset_name, raw):
    """Invariant 2: any cuff risk, "not sure" included, keeps BFR out of suggestions and blocked."""
    response = assess(raw, ruleset_named(ruleset_name))

    assert of_invariant(2, breaches(raw, response, grading=GRADING)) == []


@rulesets
@given(raw=answer_sets())
def test_under_18_never_gets_bfr_as_primary(ruleset_name, raw):
    """Invariant 3: under 18, BFR is never the primary recommendation."""
    response = assess(raw, ruleset_named(ruleset_name))

    assert of_invariant(3, breaches(raw, response, grading=GRADING)) == []


@rulesets
@given(raw=answer_sets())
def test_bleeding_or_pressure_risk_blocks_nmt_with_a_reason(ruleset_name, raw):
    """Invariant 4: bleeding risk yes/unsure or any deep-pressure risk keeps NMT out."""
    response = assess(raw, ruleset_named(ruleset_name))

    assert of_invariant(4, breaches(raw, response, grading=GRADING)) == []


@rulesets
@given(raw=answer_sets(), insurance=st.sampled_from(questionnaire_under_test()["insurance"].values))
def test_insurance_never_changes_the_recommendation(ruleset_name, raw, insurance):
    """Invariant 5: the payment route is informational only."""
    ruleset = ruleset_named(ruleset_name)

    original = assess(raw, ruleset)
    changed = assess({**raw, "insurance": insurance}, ruleset)

    assert of_invariant(5, breaches(raw, original, other_insurance=changed, grading=GRADING)) == []


@rulesets
@given(raw=answer_sets())
def test_same_answers_give_the_same_explained_and_digested_response(ruleset_name, raw):
    """Invariant 6: determinism; every response carries an explanation and the digest."""
    ruleset = ruleset_named(ruleset_name)

    first = assess(raw, ruleset)
    second = assess(dict(reversed(list(raw.items()))), ruleset)

    assert of_invariant(6, breaches(raw, first, again=second, grading=GRADING)) == []


@rulesets
@given(raw=answer_sets())
def test_under_12_gets_no_suggestion_and_a_clinician_first(ruleset_name, raw):
    """Invariant 7: under 12, nothing is suggested; primary is consult, or urgent care."""
    response = assess(raw, ruleset_named(ruleset_name))

    assert of_invariant(7, breaches(raw, response, grading=GRADING)) == []
    if raw["age"] < 12:
        # Neither rule set sends anyone to urgent care without a red flag.
        expected = "urgent_care" if raw["red_flags"] else "consult"
        assert response.recommendation.primary == expected


@rulesets
@given(raw=answer_sets())
def test_explanation_says_which_reasons_applied(ruleset_name, raw):
    """Invariant 8: never blocked and suggested; a suggestion's reason applied iff suggested."""
    response = assess(raw, ruleset_named(ruleset_name))

    assert of_invariant(8, breaches(raw, response, grading=GRADING)) == []


@rulesets
@given(raw=answer_sets())
def test_recommendation_is_well_formed(ruleset_name, raw):
    """Primary is acted on first: a therapy primary is among the suggestions, which are unique."""
    rec = assess(raw, ruleset_named(ruleset_name)).recommendation

    assert len(set(rec.suggestions)) == len(rec.suggestions)
    assert set(rec.suggestions) <= {"bfr", "nmt"}
    if rec.primary in ("bfr", "nmt"):
        assert rec.suggestions[0] == rec.primary
    assert not {b.therapy for b in rec.blocked} & set(rec.suggestions)


@given(raw=answer_sets(extras=False))
def test_leaving_out_extra_questions_equals_answering_their_defaults(raw):
    """An extra question's absence never changes the outcome (the contract's rule for extras)."""
    ruleset = ruleset_named("default")
    defaults = {q.id: q.to_dict()["default"] for q in ruleset.questionnaire if not q.core}

    assert assess(raw, ruleset).to_dict() == assess({**raw, **defaults}, ruleset).to_dict()


# --- Whole random rule sets -------------------------------------------------------


@settings(max_examples=at_most(300))
@given(rules=rule_sets(), raws=st.lists(answer_sets(), min_size=1, max_size=8))
def test_invariants_hold_for_random_rule_sets(rules, raws):
    """Invariants 1-4, 7 and 8 hold for any valid rule files a therapist could write."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        (directory / "ruleset.toml").write_text('version = "random"\n')
        copy_questions(directory)
        (directory / "random.toml").write_text(tomli_w.dumps({"rule": rules}) if rules else "")
        if not rules:
            (directory / "random.toml").write_text("# no rules\n")
        ruleset = load_ruleset(directory)

        for raw in raws:
            response = assess(raw, ruleset)

            assert [
                b.describe() for b in breaches(raw, response, grading=GRADING) if b.invariant != 5
            ] == []
