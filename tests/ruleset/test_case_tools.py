"""Case tools a therapist can trust: ``expect.not_fired``, ``enabled = false``, duplicate names."""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings

from advisor.assessment import assess
from advisor.cli import cli
from advisor.engine.safety import SAFETY_IDS
from advisor.ruleset import RuleSet, check_ruleset, load_ruleset
from advisor.ruleset.cases import case_files, load_cases, run_case, uncovered_rules
from advisor.ruleset.compile import compile_engine
from advisor.ruleset.coverage import ruleset_with
from tests.conftest import RULES_DIR
from tests.personas import BASE_ANSWERS
from tests.strategies import answer_sets, at_most

#: A healthy adult who answers "no" or "none" to everything: each case says what differs.
BASE = "[base]\n" + tomli_w.dumps(BASE_ANSWERS)

OLDER = """\
[[rule]]
id = "bfr-older"
title = "Older adult"
because = "BFR may help you."
when.age.at_least = 65
suggest = "bfr"
"""

#: One case on each side of the rule's edge.
EDGE_CASES = """\
[[case]]
name = "at-sixty-five"
answers = { age = 65 }
expect.primary = "bfr"
expect.suggestions = ["bfr"]
expect.fired = ["bfr-older"]

[[case]]
name = "at-sixty-four"
answers = { age = 64 }
expect.primary = "consult"
expect.suggestions = []
expect.not_fired = ["bfr-older"]
"""

Write = Callable[..., Path]


@pytest.fixture
def with_cases(write_rules: Write) -> Write:
    """Return a writer of a rules directory with one case file (``cases/c.toml``) after BASE."""

    def write(cases: str, **rule_files: str) -> Path:
        directory = write_rules(**rule_files)
        (directory / "cases").mkdir(exist_ok=True)
        (directory / "cases" / "c.toml").write_text(BASE + textwrap.dedent(cases), "utf-8")
        return directory

    return write


def line_of(directory: Path, text: str) -> int:
    """Return the line of the case file (``cases/c.toml``) that starts with ``text``."""
    lines = (directory / "cases" / "c.toml").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(text))


def differences(directory: Path) -> dict[str, tuple[str, ...]]:
    """Run every case of a rules directory; return each case's differences by name."""
    ruleset = load_ruleset(directory)
    cases, trouble = load_cases(case_files(directory), ruleset)
    assert trouble == []
    return {case.name: run_case(case, ruleset).differences for case in cases}


def test_not_fired_passes_when_the_rule_stays_quiet(with_cases):
    """A case below the rule's edge that expects it not to fire passes."""
    directory = with_cases(EDGE_CASES, bfr=OLDER)

    assert differences(directory) == {"at-sixty-five": (), "at-sixty-four": ()}


def test_not_fired_fails_when_the_rule_fires(with_cases):
    """Expecting a rule not to fire fails, naming the rule and what fired, when it does fire."""
    directory = with_cases(EDGE_CASES.replace("age = 64", "age = 70"), bfr=OLDER)

    found = differences(directory)["at-sixty-four"]

    assert "not_fired: expected ['bfr-older'] not to fire; fired ['bfr-older']" in found


def test_not_fired_names_of_unknown_rules_are_errors_with_file_and_line(with_cases):
    """A misspelt rule id in not_fired is an error at its line, listing the ids allowed."""
    misspelt = EDGE_CASES.replace('not_fired = ["bfr-older"]', 'not_fired = ["bfr-old"]')
    directory = with_cases(misspelt, bfr=OLDER)
    ruleset = load_ruleset(directory)

    _, trouble = load_cases(case_files(directory), ruleset)

    [problem] = trouble
    assert (problem.code, problem.at.line) == (
        "value-not-allowed",
        line_of(directory, "expect.not"),
    )
    assert problem.at.file.endswith("c.toml")
    assert "expect.not_fired" in problem.message
    assert "'bfr-older'" in problem.message


def test_an_unknown_rule_id_among_many_is_named_with_a_near_miss_not_every_id(with_cases):
    """With a whole rule set's ids allowed, the message counts them and suggests the nearest,
    rather than printing a hundred ids the therapist cannot scan."""
    misspelt = """
    [[case]]
    name = "x"
    answers = {}
    expect.primary = "consult"
    expect.suggestions = []
    expect.fired = ["general-consult-under-21"]
    """
    shipped = {name: (RULES_DIR / f"{name}.toml").read_text() for name in ("general", "bfr")}
    directory = with_cases(misspelt, **shipped)

    [problem] = load_cases(case_files(directory), load_ruleset(directory))[1]

    assert problem.message == (
        "expect.fired cannot be 'general-consult-under-21'; it is none of the "
        f"{len(load_ruleset(directory).specs) + len(SAFETY_IDS)} allowed (advisor rules show "
        "lists them). Did you mean 'general-consult-under-12'?"
    )


def test_a_disabled_rule_is_kept_and_warned_about_but_never_fires(with_cases):
    """``enabled = false``: the rule loads, ``rules check`` names it, and no answer fires it."""
    directory = with_cases(
        EDGE_CASES.replace('expect.primary = "bfr"', 'expect.primary = "consult"', 1)
        .replace('expect.suggestions = ["bfr"]', "expect.suggestions = []", 1)
        .replace('expect.fired = ["bfr-older"]', 'expect.not_fired = ["bfr-older"]'),
        bfr=OLDER + "enabled = false\n",
    )
    result = check_ruleset(directory)

    assert [s.id for s in result.ruleset.specs] == ["bfr-older"]
    disabled = [p for p in result.problems if p.code == "rule-disabled"]
    assert [(p.severity, p.rule, p.at.line) for p in disabled] == [("warning", "bfr-older", 1)]
    assert "enabled = false" in disabled[0].message
    assert differences(directory) == {"at-sixty-five": (), "at-sixty-four": ()}


def test_a_disabled_rule_is_not_also_said_to_never_fire(write_rules):
    """A disabled rule with contradictory conditions gets one warning, not two."""
    directory = write_rules(bfr=OLDER + "when.age.under = 18\nenabled = false\n")

    codes = [p.code for p in check_ruleset(directory).problems]

    assert "rule-disabled" in codes
    assert "never-fires" not in codes


@pytest.mark.parametrize("written", ['"false"', "0", '"no"'])
def test_enabled_takes_only_true_or_false(write_rules, written):
    """``enabled = "false"`` is an error at the value: a quoted word would not switch it off."""
    directory = write_rules(bfr=OLDER + f"enabled = {written}\n")

    result = check_ruleset(directory)

    [error] = result.errors
    assert (error.code, error.at.line, error.at.column) == ("wrong-type", 7, 11)
    assert "true or false" in error.message


def test_a_case_expecting_a_disabled_rule_says_it_is_disabled(with_cases):
    """Expecting a disabled rule to fire fails with the reason, not only "it did not fire"."""
    directory = with_cases(EDGE_CASES, bfr=OLDER + "enabled = false\n")

    found = differences(directory)["at-sixty-five"]

    assert (
        "fired: expected 'bfr-older' to fire, but rule 'bfr-older' is disabled "
        "(enabled = false in its rule file)"
    ) in found


def test_a_disabled_rule_is_not_counted_as_fired_in_no_case(with_cases):
    """Coverage asks only enabled rules to fire in some case."""
    directory = with_cases(EDGE_CASES, bfr=OLDER + "enabled = false\n")
    ruleset = load_ruleset(directory)
    cases, _ = load_cases(case_files(directory), ruleset)

    assert uncovered_rules([run_case(c, ruleset) for c in cases], ruleset) == []


def test_duplicate_case_names_across_files_are_errors_and_fail_rules_test(with_cases, runner):
    """The same case name in two files is an error naming both places; ``rules test`` exits 1."""
    directory = with_cases(EDGE_CASES, bfr=OLDER)
    second = directory / "cases" / "d.toml"
    second.write_text(BASE + textwrap.dedent(EDGE_CASES), "utf-8")
    ruleset = load_ruleset(directory)

    cases, trouble = load_cases(case_files(directory), ruleset)
    result = runner.invoke(cli, ["rules", "test", str(directory)])

    assert len(cases) == 2
    assert [(p.code, p.severity, p.at.file.endswith("d.toml")) for p in trouble] == [
        ("duplicate-case", "error", True)
    ] * 2
    assert f"c.toml:{line_of(directory, '[[case]]')}:1" in trouble[0].message
    assert result.exit_code == 1
    assert "2 problem(s) in case files." in result.stdout


BLEEDING = """\
[[rule]]
id = "nmt-bleeding"
title = "Bleeding risk"
because = "NMT uses deep pressure, so a clinician checks your bleeding risk first."
when.bleeding_risk = "yes"
block = "nmt"
"""


def test_a_fail_line_shows_the_whole_recommendation_and_what_fired(with_cases, runner):
    """Under a FAIL: the differences, then everything the rules gave; PASS lines stay one line."""
    wrong = EDGE_CASES.replace('expect.primary = "bfr"', 'expect.primary = "nmt"', 1).replace(
        "answers = { age = 65 }", 'answers = { age = 65, bleeding_risk = "yes" }'
    )
    directory = with_cases(wrong, bfr=OLDER, nmt=BLEEDING)

    result = runner.invoke(cli, ["rules", "test", str(directory)])

    lines = result.stdout.splitlines()
    fail = next(n for n, line in enumerate(lines) if line.startswith("FAIL at-sixty-five"))
    assert lines[fail + 1 : fail + 4] == [
        "     primary: expected 'nmt', got 'bfr'",
        "     got: primary bfr, suggestions [bfr], blocked [nmt (by nmt-bleeding)], urgency none",
        "     fired: nmt-bleeding, bfr-older",
    ]
    assert lines[fail + 4].startswith("PASS at-sixty-four  (")
    assert result.exit_code == 1


def test_rules_check_counts_the_rules_switched_off(write_rules, runner):
    """The closing line of ``rules check`` says how many rules are switched off."""
    directory = write_rules(bfr=OLDER + "enabled = false\n", nmt=BLEEDING)

    result = runner.invoke(cli, ["rules", "check", str(directory)])

    assert result.exit_code == 0
    assert "2 rules (1 switched off with enabled = false), version test" in result.stdout
    assert "warning [rule-disabled] rule 'bfr-older' is switched off" in result.stdout


def _without_bfr_rules(ruleset: RuleSet, *, switched_off: bool) -> RuleSet:
    """Return the rule set with its bfr- rules switched off, or deleted outright."""
    if switched_off:
        return ruleset_with(
            ruleset, [replace(s, enabled=False) for s in ruleset.specs if s.id.startswith("bfr-")]
        )
    kept = tuple(s for s in ruleset.specs if not s.id.startswith("bfr-"))
    return replace(ruleset, specs=kept, engine_class=compile_engine(kept), _local=threading.local())


@pytest.fixture(scope="module")
def bfr_rules_off_and_gone(default_ruleset: RuleSet) -> tuple[RuleSet, RuleSet]:
    """Return the shipped rules with the BFR rules switched off, and with them deleted."""
    return (
        _without_bfr_rules(default_ruleset, switched_off=True),
        _without_bfr_rules(default_ruleset, switched_off=False),
    )


@settings(max_examples=at_most(300))
@given(raw=answer_sets())
def test_switching_rules_off_gives_what_deleting_them_gives(bfr_rules_off_and_gone, raw):
    """``enabled = false`` on every BFR rule: every answer gets the result it would without them."""
    off, gone = bfr_rules_off_and_gone

    assert assess(raw, off).to_dict() == assess(raw, gone).to_dict()


def test_every_syntax_error_in_a_case_file_is_listed_at_its_own_line(with_cases):
    """A case file is read past each mistake, as rule files are: the therapist sees them all."""
    broken = EDGE_CASES.replace('name = "at-sixty-five"', 'name = "at-sixty-five').replace(
        "answers = { age = 64 }", "answers = { age >= 64 }"
    )
    directory = with_cases(broken, bfr=OLDER)

    _, trouble = load_cases(case_files(directory), load_ruleset(directory))

    assert [(p.code, p.at.line) for p in trouble] == [
        ("toml-syntax", line_of(directory, 'name = "at-sixty-five')),
        ("toml-syntax", line_of(directory, "answers = { age >=")),
    ]
