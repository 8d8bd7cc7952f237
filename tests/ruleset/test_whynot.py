"""Why a therapy was not the first step: failed conditions, what blocked it, the smallest change."""

from __future__ import annotations

import pytest

from advisor.exceptions import AnswersInvalid
from advisor.ruleset import load_ruleset
from advisor.ruleset.whynot import MAX_ALTERNATIVES, why_not
from tests.personas import BASE_ANSWERS, BFR_CANDIDATE

PROVENANCE = 'source = "S"\nowner = "O"\nreview_by = 2099-01-01\n'

#: A small rule set whose answers are known: BFR at 65 or over when heavy lifting is hard
#: (unless inactive for months), NMT for tender knots, BFR blocked by varicose veins, and
#: BFR after limb surgery (where the surgery was is only asked after one).
RULES = f"""
[[rule]]
id = "bfr-older"
title = "Older and weak"
because = "BFR may help."
when.age.at_least = 65
when.heavy_load_difficulty = "yes"
unless.inactivity = "months"
suggest = "bfr"
priority = 20
{PROVENANCE}
[[rule]]
id = "bfr-after-limb-surgery"
title = "After limb surgery"
because = "BFR may help."
when.surgery = "over_6_months"
when.surgery_site = "lower_limb"
suggest = "bfr"
priority = 20
{PROVENANCE}
[[rule]]
id = "nmt-knots"
title = "Knots"
because = "NMT may help."
when.pain_sources.any_of = ["trigger_points"]
suggest = "nmt"
{PROVENANCE}
[[rule]]
id = "bfr-block-veins"
title = "Veins"
because = "A clinician checks your veins before BFR."
when.bfr_risks.any_of = ["varicose_veins"]
block = "bfr"
{PROVENANCE}
"""


@pytest.fixture
def ruleset(write_rules):
    return load_ruleset(write_rules(small=RULES))


def ask(ruleset, therapy="bfr", **changes):
    return why_not({**BASE_ANSWERS, **changes}, ruleset, therapy)


def test_each_rule_for_the_therapy_lists_its_failed_conditions_with_the_answer(ruleset):
    """Every candidate is listed; each failed condition says what the rule needs and what was said."""
    report = ask(ruleset, age=45, heavy_load_difficulty="yes")

    older = next(c for c in report.candidates if c.spec.id == "bfr-older")
    assert [(f.question, f.needs, f.answer) for f in older.failed] == [
        ("age", "age is 65 or over", "45")
    ]
    assert older.spec.at.line == 2
    surgery = next(c for c in report.candidates if c.spec.id == "bfr-after-limb-surgery")
    assert [(f.needs, f.answer) for f in surgery.failed] == [
        ("surgery is “6 months ago or more”", "“I have not had surgery”"),
        ("surgery site is “Hip, leg, knee or foot”", "not asked"),
    ]
    assert [c.spec.id for c in report.candidates] == ["bfr-older", "bfr-after-limb-surgery"]


def test_an_unless_that_held_is_a_failed_condition_in_not_words(ruleset):
    """A rule stopped by its ``unless`` says so: the condition needed is that it does not hold."""
    report = ask(ruleset, age=70, heavy_load_difficulty="yes", inactivity="months")

    older = next(c for c in report.candidates if c.spec.id == "bfr-older")
    assert [(f.needs, f.answer) for f in older.failed] == [
        ("not (inactivity is “Yes, for months”)", "“Yes, for months”")
    ]


def test_a_blocking_rule_is_named_with_its_file_and_line(ruleset):
    """The block that vetoed the therapy is an obstacle, with where it is written."""
    report = ask(ruleset, age=70, heavy_load_difficulty="yes", bfr_risks=["varicose_veins"])

    assert next(c for c in report.candidates if c.spec.id == "bfr-older").fired
    block = next(o for o in report.obstacles if o.rule == "bfr-block-veins")
    assert (block.does, block.safety_floor) == ("rule out BFR until a clinician checks", False)
    assert (block.at.file.rsplit("/", 1)[-1], block.at.line) == ("small.toml", 37)


def test_the_safety_floor_is_named_when_no_rule_blocked(ruleset):
    """A cuff risk no rule reads still blocks BFR: the floor is the obstacle, with no file."""
    report = ask(ruleset, age=70, heavy_load_difficulty="yes", bfr_risks=["heart_disease"])

    floor = [o for o in report.obstacles if o.safety_floor]
    assert floor
    assert all(o.rule.startswith("safety.") for o in floor)
    assert report.primary != "bfr"


def test_the_other_therapy_ranking_higher_is_the_obstacle(ruleset):
    """When both fit, the higher-priority suggestion of the other therapy is what came first."""
    report = ask(
        ruleset, "nmt", age=70, heavy_load_difficulty="yes", pain_sources=["trigger_points"]
    )

    assert report.primary == "bfr"
    assert [(o.rule, o.does) for o in report.obstacles] == [
        ("bfr-older", "suggest BFR (priority 20), which comes before NMT")
    ]


def test_the_smallest_change_of_a_number_is_at_the_edge_the_rule_tests(ruleset):
    """Age 64 is one year short of "65 or over": the change reported is 64 → 65, once."""
    report = ask(ruleset, age=64, heavy_load_difficulty="yes")

    first = report.alternatives[0]
    assert [(c.question, c.words, c.value) for c in first.changes] == [("age", "age: 64 → 65", 65)]
    assert first.primary == "bfr"
    assert [a for a in report.alternatives if a.changes[0].question == "age"] == [first]
    assert report.complete


def test_two_answers_are_changed_together_when_no_single_change_will_do(ruleset):
    """At 45 with no trouble lifting, BFR needs both answers changed; the pair is found."""
    report = ask(ruleset, age=45, heavy_load_difficulty="no")

    assert report.alternatives
    assert all(a.primary == "bfr" and len(a.changes) == 2 for a in report.alternatives)
    assert {"age: 45 → 65", "heavy load difficulty: “No” → “Yes”"} in [
        {c.words for c in a.changes} for a in report.alternatives
    ]


def test_a_question_asked_only_after_another_answer_is_changed_with_it(ruleset):
    """Where a surgery was is asked only after one: the change names both answers."""
    report = ask(ruleset, age=45)

    words = [{c.words for c in a.changes} for a in report.alternatives]
    assert {
        "surgery: “I have not had surgery” → “6 months ago or more”",
        "surgery site: not asked → “Hip, leg, knee or foot”",
    } in words


def test_tick_any_changes_name_what_is_ticked_or_unticked(ruleset):
    """Unticking the one risk in the way is the change reported for the blocked therapy."""
    report = ask(ruleset, age=70, heavy_load_difficulty="yes", bfr_risks=["varicose_veins"])

    assert [c.words for c in report.alternatives[0].changes] == [
        "bfr risks: untick “Varicose veins” (nothing ticked)"
    ]


def test_unticking_everything_at_once_is_one_change(ruleset):
    """Two cuff risks ticked: clearing the list is one answer changed, and it is the one reported."""
    risks = ["varicose_veins", "heart_disease"]
    report = ask(ruleset, age=70, heavy_load_difficulty="yes", bfr_risks=risks)

    assert [c.words for c in report.alternatives[0].changes] == [
        "bfr risks: untick everything (nothing ticked)"
    ]


def test_when_the_therapy_is_already_first_the_changes_away_from_it_are_reported(ruleset):
    """Nothing blocks it; the smallest changes that would change the first step are listed."""
    report = ask(ruleset, age=70, heavy_load_difficulty="yes")

    assert report.primary == "bfr"
    assert report.obstacles == ()
    assert report.alternatives
    assert len(report.alternatives) <= MAX_ALTERNATIVES
    assert all(len(a.changes) == 1 and a.primary != "bfr" for a in report.alternatives)


def test_the_same_answers_always_give_the_same_report(default_ruleset):
    """A count, not a clock, bounds the search, so the report never depends on the machine."""
    first = why_not(BFR_CANDIDATE, default_ruleset, "nmt")

    assert why_not(BFR_CANDIDATE, default_ruleset, "nmt") == first
    assert first.complete
    assert first.alternatives


def test_invalid_answers_are_refused_as_assess_refuses_them(ruleset):
    """Answers the questionnaire does not allow raise the same errors the API reports."""
    with pytest.raises(AnswersInvalid) as caught:
        ask(ruleset, age="old")

    assert [e.field for e in caught.value.errors] == ["age"]


def test_a_switched_off_rule_is_not_a_rule_that_would_suggest_the_therapy(write_rules):
    """A rule with ``enabled = false`` cannot suggest anything, so why-not does not list it."""
    switched_off = RULES.replace('id = "bfr-older"', 'id = "bfr-older"\nenabled = false')
    ruleset = load_ruleset(write_rules(small=switched_off))

    report = why_not({**BASE_ANSWERS, "age": 45}, ruleset, "bfr")

    assert "bfr-older" not in [c.spec.id for c in report.candidates]
