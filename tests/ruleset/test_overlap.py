"""Rules judged against each other and the safety floor (issue 11, point 3).

A rule that something always overrules, a rule shadowed by one with the same
effect, and two suggestions decided only by the files' order. Each test writes
two or three small rules and shows which warning they give, or that they give
none: these checks reason over the conditions, so a near miss must stay quiet.
"""

from __future__ import annotations

import pytest

from advisor.ruleset import check_ruleset
from advisor.shipped import copy_default_rules
from tests.conftest import RULES_DIR
from tests.therapist_example import apply as apply_worked_example

PROVENANCE = 'source = "S"\nowner = "O"\nreview_by = 2099-01-01\n'


def rule(rule_id: str, effect: str, *conditions: str, priority: int | None = None) -> str:
    """Return a ``[[rule]]`` with an id, an effect such as ``suggest = "bfr"``, and conditions."""
    therapy = "NMT" if "nmt" in effect else "BFR"
    lines = [
        "[[rule]]",
        f'id = "{rule_id}"',
        'title = "T"',
        f'because = "{therapy} may help you, and a clinician checks any treatment first."',
        *conditions,
        effect,
        *([f"priority = {priority}"] if priority is not None else []),
    ]
    return "\n".join(lines) + "\n" + PROVENANCE + "\n"


def review(write_rules, *rules: str) -> list[tuple[str, str | None, str]]:
    """Return (code, rule, message) of each overruled, shadowed or conflict warning."""
    directory = write_rules(bfr="".join(rules), ruleset='version = "2026.11.1"\n')
    result = check_ruleset(directory)
    assert result.errors == ()
    wanted = ("overruled", "shadowed-rule", "undecided-conflict")
    return [(p.code, p.rule, p.message) for p in result.problems if p.code in wanted]


def test_the_shipped_rules_give_none_of_these_warnings():
    """The default rules were reviewed by hand; the checks agree."""
    codes = {p.code for p in check_ruleset(RULES_DIR).problems}

    assert codes.isdisjoint({"overruled", "shadowed-rule", "undecided-conflict"})


# --- overruled: the safety floor, or another rule, always wins ------------------------


@pytest.mark.parametrize(
    ("effect", "condition", "floor"),
    [
        (
            'suggest = "bfr"',
            'when.bfr_risks.any_of = ["pregnancy"]',
            "safety.bfr-risks (safety invariant 2)",
        ),
        (
            'suggest = "bfr"',
            "when.bfr_risks.empty = false",
            "safety.bfr-risks (safety invariant 2)",
        ),
        (
            'suggest = "nmt"',
            'when.bleeding_risk.any_of = ["yes", "unsure"]',
            "safety.nmt-risks (safety invariant 4)",
        ),
        (
            'suggest = "nmt"',
            'when.nmt_risks.any_of = ["fragile_skin"]',
            "safety.nmt-risks (safety invariant 4)",
        ),
        ('suggest = "nmt"', "when.age.under = 12", "safety.under-12 (safety invariant 7)"),
        (
            'suggest = "bfr"',
            "when.age = { at_least = 5, at_most = 11 }",
            "safety.under-12 (safety invariant 7)",
        ),
        (
            'consult = "all"',
            'when.red_flags.any_of = ["chest_pain"]',
            "safety.red-flags (safety invariant 1)",
        ),
    ],
)
def test_a_rule_the_safety_floor_always_overrules_is_named_with_the_safety_rule(
    write_rules, effect, condition, floor
):
    """A suggestion made only when the floor blocks it can never reach a patient."""
    [(code, rule_id, message)] = review(write_rules, rule("x-rule", effect, condition))

    assert (code, rule_id) == ("overruled", "x-rule")
    assert f"the safety rule {floor} also applies" in message


@pytest.mark.parametrize(
    ("effect", "condition"),
    [
        ('suggest = "bfr"', 'unless.bfr_risks.any_of = ["pregnancy"]'),
        ('suggest = "bfr"', 'when.bfr_risks.none_of = ["pregnancy"]'),
        ('suggest = "bfr"', "when.age.under = 18"),  # under 18 BFR is not first, but is suggested
        ('suggest = "nmt"', 'when.bleeding_risk = "no"'),
        ('suggest = "nmt"', "when.age.under = 13"),
        ('block = "bfr"', 'when.bfr_risks.any_of = ["pregnancy"]'),  # a block is never overruled
        ('suggest = "nmt"', 'when.bfr_risks.any_of = ["pregnancy"]'),  # blocks BFR, not NMT
    ],
)
def test_a_rule_that_can_fire_without_the_floor_acting_is_not_overruled(
    write_rules, effect, condition
):
    assert review(write_rules, rule("x-rule", effect, condition)) == []


def test_a_suggestion_always_blocked_by_a_wider_block_is_overruled_by_that_rule(write_rules):
    found = review(
        write_rules,
        rule("bfr-block", 'block = "bfr"', "when.age.at_least = 90"),
        rule("bfr-oldest", 'suggest = "bfr"', "when.age.at_least = 95", priority=20),
    )

    [(code, rule_id, message)] = found
    assert (code, rule_id) == ("overruled", "bfr-oldest")
    assert "rule 'bfr-block'" in message
    assert "a block always wins over a suggestion" in message


def test_a_suggestion_always_sent_to_urgent_care_by_a_rule_is_overruled(write_rules):
    found = review(
        write_rules,
        rule("general-fall", 'urgent_care = "same_day"', 'when.recent_fall = "yes"'),
        rule("bfr-fall", 'suggest = "bfr"', 'when.recent_fall = "yes"', "when.age.at_least = 65"),
    )

    assert [(c, r) for c, r, _ in found] == [("overruled", "bfr-fall")]


# --- shadowed: a rule with the same effect fires whenever this one does --------------


@pytest.mark.parametrize(
    ("wide", "narrow"),
    [
        (["when.age.at_least = 65"], ["when.age.at_least = 70"]),
        (
            ["when.age.at_least = 65"],
            ["when.age.at_least = 65", 'when.muscle_weakness = "limits_activity"'],
        ),
        (
            ["when.age.at_least = 65"],
            ["when.age.at_least = 65", 'unless.conditions.any_of = ["neuropathy"]'],
        ),
        (
            ['when.conditions.any_of = ["osteoarthritis", "neuropathy"]'],
            ['when.conditions.any_of = ["neuropathy"]'],
        ),
        (
            ['when.conditions.any_of = ["osteoarthritis"]'],
            ['when.conditions.all_of = ["osteoarthritis", "neuropathy"]'],
        ),
        ([], ["when.age.at_least = 65"]),
    ],
    ids=[
        "higher-age",
        "one-more-condition",
        "an-unless",
        "any-of-fewer",
        "all-of",
        "no-conditions",
    ],
)
def test_a_narrower_rule_with_the_same_effect_is_shadowed(write_rules, wide, narrow):
    found = review(
        write_rules,
        rule("bfr-wide", 'suggest = "bfr"', *wide),
        rule("bfr-narrow", 'suggest = "bfr"', *narrow),
    )

    [(code, rule_id, message)] = [f for f in found if f[0] == "shadowed-rule"]
    assert (code, rule_id) == ("shadowed-rule", "bfr-narrow")
    assert "only fires when it also fires, rule 'bfr-wide'" in message
    assert "only adds its reason to the explanation" in message


def test_of_two_identical_rules_the_later_is_reported_once(write_rules):
    condition = "when.age.at_least = 65"
    found = review(
        write_rules,
        rule("bfr-first", 'suggest = "bfr"', condition),
        rule("bfr-again", 'suggest = "bfr"', condition),
    )

    [(code, rule_id, message)] = found
    assert (code, rule_id) == ("shadowed-rule", "bfr-again")
    assert "has the same conditions and effect as rule 'bfr-first'" in message


@pytest.mark.parametrize(
    ("wide", "narrow"),
    [
        (
            rule("bfr-wide", 'suggest = "bfr"', "when.age.at_least = 65"),
            rule("bfr-narrow", 'suggest = "bfr"', "when.age.at_least = 70", priority=30),
        ),
        (
            rule("bfr-wide", 'suggest = "bfr"', "when.age.at_least = 65"),
            rule("bfr-narrow", 'suggest = "nmt"', "when.age.at_least = 70"),
        ),
        (
            rule(
                "bfr-wide",
                'suggest = "bfr"',
                "when.age.at_least = 65",
                'unless.conditions.any_of = ["neuropathy"]',
            ),
            rule("bfr-narrow", 'suggest = "bfr"', "when.age.at_least = 70"),
        ),
        (
            rule("bfr-narrow", 'block = "bfr"', "when.age.at_least = 70"),
            rule("bfr-wide", 'block = "bfr"', "when.age.at_least = 65"),
        ),
    ],
    ids=["higher-priority", "other-effect", "wide-has-an-unless", "narrow-block-shown-first"],
)
def test_a_rule_that_changes_something_is_not_shadowed(write_rules, wide, narrow):
    """A higher priority, another effect, answers only it covers, or the block reason shown."""
    found = review(write_rules, wide, narrow)

    assert [f for f in found if f[0] == "shadowed-rule"] == []


# --- conflicts: only the order of the files decides ----------------------------------


def test_two_suggestions_that_can_both_fire_at_one_priority_are_a_conflict(write_rules):
    """Nothing but the order of the rules picks BFR or NMT for a 70-year-old in pain."""
    found = review(
        write_rules,
        rule("bfr-older", 'suggest = "bfr"', "when.age.at_least = 65"),
        rule("nmt-pain", 'suggest = "nmt"', "when.pain_intensity.at_least = 5"),
    )

    [(code, rule_id, message)] = found
    assert (code, rule_id) == ("undecided-conflict", "nmt-pain")
    assert "rule 'nmt-pain' can fire for the same answers as 'bfr-older' (" in message
    assert "same priority (10)" in message


def test_a_rule_in_conflict_with_several_is_reported_once_naming_them_all(write_rules):
    found = review(
        write_rules,
        rule("bfr-older", 'suggest = "bfr"', "when.age.at_least = 65"),
        rule("bfr-weak", 'suggest = "bfr"', 'when.muscle_weakness = "limits_activity"'),
        rule("nmt-pain", 'suggest = "nmt"', "when.pain_intensity.at_least = 5"),
    )

    [(code, rule_id, message)] = [f for f in found if f[0] == "undecided-conflict"]
    assert (code, rule_id) == ("undecided-conflict", "nmt-pain")
    assert "'bfr-older'" in message
    assert "'bfr-weak'" in message


@pytest.mark.parametrize(
    "nmt",
    [
        rule("nmt-pain", 'suggest = "nmt"', "when.pain_intensity.at_least = 5", priority=5),
        rule("nmt-young", 'suggest = "nmt"', "when.age.under = 40"),
        rule("nmt-risky", 'suggest = "nmt"', 'when.bfr_risks.any_of = ["pregnancy"]'),
        rule("nmt-oldest", 'suggest = "nmt"', "when.age.at_least = 90")
        + rule("bfr-oldest-block", 'block = "bfr"', "when.age.at_least = 85"),
        rule("nmt-oldest", 'suggest = "nmt"', "when.age.at_least = 90")
        + rule("general-oldest", 'consult = "all"', "when.age.at_least = 90"),
    ],
    ids=[
        "priorities-decide",
        "never-together",
        "bfr-blocked-by-floor",
        "bfr-blocked-by-rule",
        "consult-for-all",
    ],
)
def test_suggestions_something_else_decides_are_not_a_conflict(write_rules, nmt):
    """A priority, answers that never meet, or a block or consult there settles the first step."""
    found = review(write_rules, rule("bfr-older", 'suggest = "bfr"', "when.age.at_least = 65"), nmt)

    assert [f for f in found if f[0] == "undecided-conflict"] == []


def test_every_safety_rule_named_is_one_the_engine_uses():
    """The ids in these warnings are the ones a response's explanation shows."""
    from advisor.engine.safety import SAFETY_IDS
    from advisor.ruleset.overlap import _floor

    assert {floor.id for floor in _floor()} <= set(SAFETY_IDS)


def test_a_number_question_is_compared_at_the_ends_of_its_ranges_not_value_by_value():
    """A question a therapist adds with a wide range (steps a day) costs no more to check."""
    from advisor.conditions import Clause, Condition
    from advisor.questionnaire import Question
    from advisor.ruleset.overlap import answer_values

    steps = Question(id="steps", type="integer", page="p", text="Steps?", minimum=0, maximum=10**6)
    clause = Clause("steps", (Condition("steps", "integer", "at_least", 5000),))

    assert answer_values(steps, [clause]) == [0, 4999, 5000, 5001, 10**6]


def test_a_switched_off_rule_neither_shadows_nor_is_shadowed_nor_conflicts(write_rules):
    """``enabled = false`` takes a rule out of the review: it never fires, so it changes nothing."""
    wide = rule("bfr-wide", 'suggest = "bfr"', "when.age.at_least = 60", "enabled = false")
    narrow = rule("bfr-narrow", 'suggest = "bfr"', "when.age.at_least = 70")
    other = rule("nmt-same", 'suggest = "nmt"', "when.age.at_least = 70", "enabled = false")

    assert review(write_rules, wide, narrow, other) == []


def test_a_suggestion_on_a_practices_own_red_flag_is_overruled_too(tmp_path):
    """The floor sends every red flag to urgent care, those a practice adds as well."""
    rules = tmp_path / "rules"
    copy_default_rules(rules)
    apply_worked_example(rules)  # adds the red flag night_sweats, among other things
    (rules / "night.toml").write_text(
        rule("nmt-night-sweats", 'suggest = "nmt"', 'when.red_flags.any_of = ["night_sweats"]')
    )

    found = [(p.code, p.rule) for p in check_ruleset(rules).problems if p.code == "overruled"]

    assert found == [("overruled", "nmt-night-sweats")]
