"""Each rule reads as one plain-words sentence, in the questionnaire's own words."""

from __future__ import annotations

import pytest

from advisor.ruleset import load_ruleset
from advisor.ruleset.sentences import rule_files, sentence_of

PROVENANCE = """
source = "S"
owner = "O"
review_by = 2099-01-01
"""


def rule(
    conditions: str, effect: str = 'suggest = "bfr"', because: str = "BFR may help you."
) -> str:
    return (
        f'[[rule]]\nid = "x-rule"\ntitle = "T"\nbecause = "{because}"\n'
        f"{conditions}\n{effect}\n{PROVENANCE}"
    )


@pytest.fixture
def sentence(write_rules):
    """Return a maker: the sentence of a one-rule file with these conditions and effect."""

    def make(conditions: str, effect: str = 'suggest = "bfr"') -> str:
        ruleset = load_ruleset(write_rules(one=rule(conditions, effect)))
        return sentence_of(ruleset.specs[0], ruleset.questionnaire)

    return make


@pytest.mark.parametrize(
    ("conditions", "words"),
    [
        ("when.age.at_least = 65", "If age is 65 or over,"),
        ("when.age.at_most = 30", "If age is 30 or under,"),
        ("when.age.under = 18", "If age is under 18,"),
        ("when.age.over = 80", "If age is over 80,"),
        ("when.age = 40", "If age is 40,"),
        ("when.age.not = 40", "If age is not 40,"),
        ("when.age = { at_least = 12, under = 18 }", "If age is 12 or over and is under 18,"),
        (
            'when.muscle_weakness = "limits_activity"',
            "If muscle weakness is “Yes, and it makes moving or daily tasks harder”,",
        ),
        ('when.heavy_load_difficulty.not = "yes"', "If heavy load difficulty is not “Yes”,"),
        (
            'when.inactivity.any_of = ["weeks", "months"]',
            "If inactivity is “Yes, for some weeks” or “Yes, for months”,",
        ),
        (
            'when.surgery.none_of = ["none", "under_6_weeks"]',
            "If surgery is none of “I have not had surgery” or “Less than 6 weeks ago”,",
        ),
        # A label's explanation in brackets is for the patient: the reviewer reads the term.
        ('when.conditions.any_of = ["osteoarthritis"]', "If conditions includes “Osteoarthritis”,"),
        (
            'when.conditions.any_of = ["neuropathy", "osteoarthritis"]',
            "If conditions includes any of “Osteoarthritis” or “Neuropathy”,",
        ),
        (
            'when.conditions.all_of = ["hip_injury", "knee_injury"]',
            "If conditions includes all of “A hip injury” and “A knee injury”,",
        ),
        (
            'when.conditions.none_of = ["neuropathy"]',
            "If conditions does not include “Neuropathy”,",
        ),
        ("when.conditions.empty = true", "If conditions has nothing ticked,"),
        ("when.conditions.empty = false", "If conditions has something ticked,"),
    ],
)
def test_each_test_reads_in_plain_words_with_the_questionnaires_labels(sentence, conditions, words):
    """Every operator of every question type has its own words; values read as their labels."""
    assert sentence(conditions).startswith(words + " suggest BFR (priority 10)")


@pytest.mark.parametrize(
    ("effect", "words"),
    [
        ('suggest = "nmt"', "suggest NMT (priority 10)"),
        ('block = "bfr"', "rule out BFR until a clinician checks (priority 50)"),
        ('consult = "nmt"', "ask a clinician to decide before NMT (priority 30)"),
        ('consult = "all"', "ask a clinician to decide before any therapy (priority 30)"),
        (
            'urgent_care = "emergency"',
            "send to urgent care now (emergency: call the emergency number or go to the "
            "emergency department) (priority 100)",
        ),
        ('urgent_care = "same_day"', "send to urgent care the same day (priority 100)"),
        ('urgent_care = "soon"', "send to a doctor within days (priority 100)"),
    ],
)
def test_each_effect_reads_in_plain_words_with_its_priority(sentence, effect, words):
    """What a rule does is said as an action, with the priority that orders it."""
    assert sentence("when.age.at_least = 65", effect).startswith(f"If age is 65 or over, {words}:")


def test_the_sentence_joins_conditions_then_unless_then_effect_then_the_reason(sentence):
    """Conditions are joined by "and", each unless by "or unless"; the reason closes it in quotes."""
    text = sentence(
        'when.age.at_least = 65\nwhen.heavy_load_difficulty = "yes"\n'
        'unless.inactivity = "months"\nunless.conditions.any_of = ["neuropathy"]'
    )

    assert text == (
        "If age is 65 or over, and heavy load difficulty is “Yes”, "
        "unless inactivity is “Yes, for months”, or unless conditions includes “Neuropathy”, "
        "suggest BFR (priority 10): “BFR may help you.”"
    )


def test_a_rule_without_conditions_applies_for_everyone(sentence):
    """No ``when`` reads as "For everyone", so a rule that fires always is plain to see."""
    assert sentence("").startswith("For everyone, suggest BFR")
    assert sentence('unless.heavy_load_difficulty = "no"').startswith(
        "For everyone, unless heavy load difficulty is “No”, suggest BFR"
    )


def test_rules_are_grouped_by_file_in_file_order(write_rules):
    """Files in load order, rules in the order written, each with where it was written."""
    second = rule("when.age.under = 18").replace("x-rule", "x-second")
    ruleset = load_ruleset(
        write_rules(
            b_file=rule("when.age.at_least = 65") + "\n" + second,
            a_file=rule("").replace("x-rule", "x-first"),
        )
    )

    files = rule_files(ruleset.specs, ruleset.questionnaire)

    assert [f.name.rsplit("/", 1)[-1] for f in files] == ["a_file.toml", "b_file.toml"]
    assert [r.spec.id for r in files[1].rules] == ["x-rule", "x-second"]
    assert [r.at.line for r in files[1].rules] == [1, 12]


def test_every_shipped_rule_has_a_sentence_naming_its_effect(default_ruleset):
    """The shipped rules all read as sentences: none is lost, none leaks a raw value id."""
    files = rule_files(default_ruleset.specs, default_ruleset.questionnaire)
    rules = [r for f in files for r in f.rules]

    assert [r.spec for r in rules] == list(default_ruleset.specs)
    for r in rules:
        assert r.effect in r.sentence
        assert "limits_activity" not in r.sentence
        assert "_" not in r.sentence.split("“")[0]


def test_a_switched_off_rule_says_so_before_anything_else(write_rules):
    """A reviewer reading the sentence never takes a switched-off rule for one in force."""
    ruleset = load_ruleset(write_rules(one=rule("when.age.at_least = 65\nenabled = false")))

    words = sentence_of(ruleset.specs[0], ruleset.questionnaire)

    assert words.startswith("Switched off (enabled = false), so it never fires. If age is 65")
