"""The changes coverage tries on each kind of condition, and the answer that tells each apart.

Each row is one condition as a therapist writes it, and every change tried on it: what the
change says, whether the rule then fires for fewer people (narrower), more (wider) or others
(changed), and the answer on which the rule and the changed rule differ.
"""

from __future__ import annotations

import pytest

from advisor.ruleset import load_ruleset
from advisor.ruleset.mutation import mutants_of
from tests.rules_under_test import questionnaire_under_test

RULE = """\
[[rule]]
id = "bfr-x"
title = "T"
because = "BFR may help you."
suggest = "bfr"
"""

#: The options as the questionnaire lists them, so a therapist's new option is tried too.
PAIN_SOURCES = questionnaire_under_test()["pain_sources"].values
BLEEDING = questionnaire_under_test()["bleeding_risk"].values
#: The pain sources a list of stress and trigger points leaves out, in the questionnaire's order.
OTHER_SOURCES = [v for v in PAIN_SOURCES if v not in ("stress", "trigger_points")]


def changes(write_rules, condition: str) -> list[tuple[str, str, object]]:
    """Return each change tried on a rule with one condition (its removal left out)."""
    ruleset = load_ruleset(write_rules(bfr=RULE + condition + "\n"))
    [spec] = ruleset.specs
    removed, *mutants = mutants_of(spec, ruleset.questionnaire)
    assert (removed.direction, removed.changed.enabled) == ("removed", False)
    return [(m.change, m.direction, m.edge) for m in mutants]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (
            "when.age.at_least = 65",
            [
                ("when age is at least 65 → 66", "narrower", 65),
                ("when age is at least 65 → 64", "wider", 64),
            ],
        ),
        (
            "when.age.under = 18",
            [
                ("when age is under 18 → 17", "narrower", 17),
                ("when age is under 18 → 19", "wider", 18),
            ],
        ),
        (
            "when.pain_intensity.over = 6",
            [
                ("when pain_intensity is over 6 → 7", "narrower", 7),
                ("when pain_intensity is over 6 → 5", "wider", 6),
            ],
        ),
        (
            "when.pain_intensity = 5",
            [
                ("when pain_intensity is 5 → 4", "changed", 5),
                ("when pain_intensity is 5 → 6", "changed", 5),
            ],
        ),
        # At the end of the range one way is no change at all (no age is under 0).
        ("when.age.at_least = 0", [("when age is at least 0 → 1", "narrower", 0)]),
        (
            'when.bleeding_risk = "yes"',
            [
                (f"when bleeding_risk is 'yes' → also '{v}'", "wider", v)
                for v in BLEEDING
                if v != "yes"
            ],
        ),
        (
            'when.bleeding_risk.not = "no"',
            [
                ("when bleeding_risk is not 'no' → dropped", "wider", "no"),
                *(
                    (f"when bleeding_risk is not 'no' → also '{v}'", "narrower", v)
                    for v in BLEEDING
                    if v != "no"
                ),
            ],
        ),
        (
            'when.pain_sources.any_of = ["stress", "trigger_points"]',
            [
                (
                    "when pain_sources includes any of ['stress', 'trigger_points'] "
                    "→ without 'stress'",
                    "narrower",
                    frozenset({"stress"}),
                ),
                (
                    "when pain_sources includes any of ['stress', 'trigger_points'] "
                    "→ without 'trigger_points'",
                    "narrower",
                    frozenset({"trigger_points"}),
                ),
                *(
                    (
                        "when pain_sources includes any of ['stress', 'trigger_points'] "
                        f"→ also '{v}'",
                        "wider",
                        frozenset({v}),
                    )
                    for v in OTHER_SOURCES
                ),
            ],
        ),
        (
            'when.pain_sources.all_of = ["stress", "trigger_points"]',
            [
                *(
                    (
                        "when pain_sources includes all of ['stress', 'trigger_points'] "
                        f"→ without '{v}'",
                        "wider",
                        frozenset({"stress", "trigger_points"} - {v}),
                    )
                    for v in ("stress", "trigger_points")
                ),
                *(
                    (
                        "when pain_sources includes all of ['stress', 'trigger_points'] "
                        f"→ also '{v}'",
                        "narrower",
                        frozenset({"stress", "trigger_points"}),
                    )
                    for v in OTHER_SOURCES
                ),
            ],
        ),
        (
            'when.pain_sources.none_of = ["stress"]',
            [
                (
                    "when pain_sources includes none of ['stress'] → dropped",
                    "wider",
                    frozenset({"stress"}),
                ),
                *(
                    (
                        f"when pain_sources includes none of ['stress'] → also '{v}'",
                        "narrower",
                        frozenset({v}),
                    )
                    for v in PAIN_SOURCES
                    if v != "stress"
                ),
            ],
        ),
        (
            "when.pain_sources.empty = false",
            [("when pain_sources is not empty → dropped", "wider", frozenset())],
        ),
        (
            "unless.age.under = 18",
            [
                ("unless age is under 18: dropped", "wider", 0),
                ("unless age is under 18 → 17", "wider", 17),
                ("unless age is under 18 → 19", "narrower", 18),
            ],
        ),
    ],
)
def test_each_condition_is_changed_both_ways_where_it_can_be(write_rules, condition, expected):
    assert changes(write_rules, condition) == expected


def test_a_rule_without_conditions_is_only_removed(write_rules):
    ruleset = load_ruleset(write_rules(bfr=RULE))

    assert [m.direction for m in mutants_of(ruleset.specs[0], ruleset.questionnaire)] == ["removed"]


def test_a_change_no_one_could_answer_is_not_tried(write_rules):
    """Surgery "none" never asks for a surgery site, so a rule that needs one cannot widen to it."""
    tried = changes(write_rules, 'when.surgery = "over_6_months"\nwhen.surgery_site = "lower_limb"')

    assert "when surgery is 'over_6_months' → also 'none'" not in [c for c, _, _ in tried]
    assert "when surgery is 'over_6_months' → also 'under_6_weeks'" in [c for c, _, _ in tried]
