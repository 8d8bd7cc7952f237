"""Mutation coverage on a small rule set whose answers are known: which changes the cases notice.

The rules: ``bfr-older`` (65 and over), ``bfr-older-copy`` (70 and over, so it adds nothing
``bfr-older`` does not), and ``nmt-knots`` (trigger points or posture, unless under 18).
The cases sit on the edges of ``bfr-older`` and ``nmt-knots``'s ``unless``, but no case has
posture alone and none tells ``bfr-older-copy`` apart: those changes go unnoticed.
"""

from __future__ import annotations

import pytest

from advisor.answers import parse_answers
from advisor.cli import cli
from advisor.ruleset import load_ruleset
from advisor.ruleset.cases import case_files, load_cases, run_case
from advisor.ruleset.coverage import mutation_coverage, ruleset_with
from advisor.ruleset.mutation import fires
from tests.conftest import RULES_DIR
from tests.ruleset.test_case_tools import BASE

RULES = {
    "bfr": """\
        [[rule]]
        id = "bfr-older"
        title = "Older adult"
        because = "BFR may help you."
        when.age.at_least = 65
        suggest = "bfr"

        [[rule]]
        id = "bfr-older-copy"
        title = "Older adult"
        because = "BFR may help you."
        when.age.at_least = 70
        suggest = "bfr"

        [[rule]]
        id = "bfr-switched-off"
        title = "Off"
        because = "BFR may help you."
        when.age.at_least = 90
        suggest = "bfr"
        enabled = false
        """,
    "nmt": """\
        [[rule]]
        id = "nmt-knots"
        title = "Muscle knots"
        because = "NMT may help you."
        when.pain_sources.any_of = ["trigger_points", "postural_distortion"]
        unless.age.under = 18
        suggest = "nmt"
        """,
}

CASES = """\
[[case]]
name = "at-sixty-five"
answers = { age = 65 }
expect.primary = "bfr"
expect.suggestions = ["bfr"]

[[case]]
name = "at-sixty-four"
answers = { age = 64 }
expect.primary = "consult"
expect.suggestions = []

[[case]]
name = "at-seventy-five"
answers = { age = 75 }
expect.primary = "bfr"
expect.suggestions = ["bfr"]

[[case]]
name = "knots"
answers = { pain_sources = ["trigger_points"] }
expect.primary = "nmt"
expect.suggestions = ["nmt"]

[[case]]
name = "teen-with-knots"
answers = { age = 16, pain_sources = ["trigger_points"] }
expect.primary = "consult"
expect.suggestions = []
"""


@pytest.fixture
def small(write_rules):
    """Return the small rules directory, with its cases."""
    directory = write_rules(**RULES)
    (directory / "cases").mkdir()
    (directory / "cases" / "c.toml").write_text(BASE + CASES, "utf-8")
    return directory


@pytest.fixture
def coverage(small):
    ruleset = load_ruleset(small)
    cases, trouble = load_cases(case_files(small), ruleset)
    assert trouble == []
    return mutation_coverage(ruleset, cases)


def by_rule(coverage):
    return {rule.spec.id: rule for rule in coverage.rules}


def noticed(rule):
    """Return each change of a rule (removal included) and the cases that notice it."""
    every = (rule.removal, *rule.mutations)
    return {outcome.mutant.change: outcome.noticed_by for outcome in every}


def test_a_rule_tested_on_both_edges_notices_every_change(coverage):
    """65 fires and 64 does not: removing it, or moving the edge either way, fails a case."""
    older = by_rule(coverage)["bfr-older"]

    assert older.fired_by == ("at-sixty-five", "at-seventy-five")
    assert noticed(older) == {
        "removed": ("at-sixty-five",),
        "when age is at least 65 → 66": ("at-sixty-five",),
        "when age is at least 65 → 64": ("at-sixty-four",),
    }
    assert [m.mutant.direction for m in older.mutations] == ["narrower", "wider"]
    assert not older.untested


def test_a_rule_that_another_covers_is_untested(coverage, small):
    """Removing a rule another rule duplicates changes no result: untested, at its line."""
    copy = by_rule(coverage)["bfr-older-copy"]

    assert copy.fired_by == ("at-seventy-five",)
    assert noticed(copy) == {
        "removed": (),
        "when age is at least 70 → 71": (),
        "when age is at least 70 → 69": (),
    }
    assert copy in coverage.untested
    assert copy.spec.at.file.endswith("bfr.toml")
    assert copy.unnoticed[0].mutant.hint() == (
        "a case whose result depends on 'bfr-older-copy': where it fires, list it in "
        'expect.fired = ["bfr-older-copy"], or expect the result only it gives'
    )
    assert copy.spec.at.line == 8


def test_list_and_unless_changes_are_tried_and_the_missing_edge_named(coverage):
    """Dropping a listed value no case has alone goes unnoticed; the hint gives that case."""
    knots = by_rule(coverage)["nmt-knots"]
    found = noticed(knots)
    unnoticed = {o.mutant.change: o.mutant.hint() for o in knots.unnoticed}

    assert found["removed"] == ("knots",)
    assert found[
        "when pain_sources includes any of ['postural_distortion', 'trigger_points'] "
        "→ without 'trigger_points'"
    ] == ("knots",)
    assert found["unless age is under 18: dropped"] == ("teen-with-knots",)
    assert unnoticed[
        "when pain_sources includes any of ['postural_distortion', 'trigger_points'] "
        "→ without 'postural_distortion'"
    ] == (
        'a case with pain_sources = ["postural_distortion"] and its other conditions met, '
        'and expect.fired = ["nmt-knots"]'
    )
    assert unnoticed["unless age is under 18 → 17"] == (
        'a case with age = 17 and its other conditions met, and expect.not_fired = ["nmt-knots"]'
    )
    assert knots.untested


def test_a_disabled_rule_has_nothing_to_notice(coverage):
    """A switched-off rule is listed, but never counted as untested."""
    off = by_rule(coverage)["bfr-switched-off"]

    assert (off.removal, off.mutations, off.untested) == (None, (), False)
    assert [r.spec.id for r in coverage.untested] == ["bfr-older-copy", "nmt-knots"]


def test_sharing_a_compiled_rule_set_gives_what_one_per_change_gives(small, coverage):
    """Each mutant run alone, on every case, is noticed by exactly the cases the report names."""
    ruleset = load_ruleset(small)
    cases, _ = load_cases(case_files(small), ruleset)
    before = [run_case(case, ruleset) for case in cases]

    for rule in coverage.rules:
        for outcome in (rule.removal, *rule.mutations) if rule.removal else ():
            alone = ruleset_with(ruleset, [outcome.mutant.changed])
            changed = tuple(
                r.case.name for r in before if run_case(r.case, alone).passed != r.passed
            )
            assert changed == outcome.noticed_by, outcome.mutant.change

    assert coverage.engines_built < coverage.mutants


def test_rules_test_coverage_prints_each_rule_and_the_untested_ones(small, runner):
    """``--coverage`` reports per rule, then lists the untested ones with file:line and a fix."""
    result = runner.invoke(cli, ["rules", "test", "--coverage", str(small)])
    out = result.stdout

    assert result.exit_code == 0
    assert "Coverage: 4 rules, 5 cases," in out
    assert "\nbfr-older  (" in out
    assert "  fired by 2 cases: at-sixty-five, at-seventy-five\n" in out
    assert "  rule removed: noticed by 1 case: at-sixty-five\n" in out
    assert "  when age is at least 65 → 64 (wider): noticed by 1 case: at-sixty-four\n" in out
    assert "  when age is at least 70 → 71 (narrower): NOT noticed\n" in out
    assert "  disabled (enabled = false): nothing to try\n" in out
    assert "Untested: 2 of 4 rules have a change that no case notices." in out
    assert "bfr.toml:8:1: bfr-older-copy: 3 of 3 changes not noticed\n" in out
    assert "     rule removed: add a case whose result depends on 'bfr-older-copy'" in out


def test_quiet_coverage_prints_only_the_untested_rules(small, runner):
    """With --quiet the per-rule report is left out; the untested list stays."""
    result = runner.invoke(cli, ["rules", "test", "--coverage", "--quiet", str(small)])

    assert "NOT noticed" not in result.stdout
    assert "bfr-older-copy: 3 of 3 changes not noticed" in result.stdout


def test_whether_a_rule_fires_is_read_off_its_conditions_as_the_engine_does():
    """Coverage reruns only the cases where a change fires differently; that rests on this."""
    ruleset = load_ruleset(RULES_DIR)
    cases, _ = load_cases(case_files(RULES_DIR), ruleset)

    for case in cases:
        result = run_case(case, ruleset)
        given = parse_answers(case.answers, ruleset.questionnaire)
        predicted = tuple(s.id for s in ruleset.specs if fires(s, given))
        from_engine = [r for r in result.fired if not r.startswith("safety.")]
        assert sorted(predicted) == sorted(from_engine), case.name
