"""The example cases beside the rules, run as tests: one test per case, named after it."""

from __future__ import annotations

import textwrap

import pytest

from advisor.ruleset import load_ruleset
from advisor.ruleset.cases import case_files, load_cases, run_case, uncovered_rules
from tests.conftest import RULES_DIR

_RULESET = load_ruleset(RULES_DIR)
_CASES, _PROBLEMS = load_cases(case_files(RULES_DIR), _RULESET)


def test_case_files_are_valid():
    """Every case file parses and every case is well formed."""
    assert [p.render() for p in _PROBLEMS] == []


def test_there_are_at_least_forty_cases():
    """The issue asks for at least 40 shipped cases."""
    assert len(_CASES) >= 40


@pytest.mark.parametrize("case", _CASES, ids=[c.name for c in _CASES])
def test_case(case):
    """The rules give what the case expects."""
    result = run_case(case, _RULESET)

    assert result.differences == ()


def test_every_rule_fires_in_some_case():
    """Each default rule is shown to work by at least one case."""
    results = [run_case(case, _RULESET) for case in _CASES]

    assert uncovered_rules(results, _RULESET) == []


def test_a_failing_case_says_what_differed(write_rules):
    """A case whose expectation is wrong reports each difference in words."""
    directory = write_rules(
        bfr="""\
            [[rule]]
            id = "bfr-older"
            title = "T"
            because = "B"
            when.age.at_least = 65
            suggest = "bfr"
            """
    )
    (directory / "cases").mkdir()
    (directory / "cases" / "c.toml").write_text(
        textwrap.dedent(
            """\
            [[case]]
            name = "young"
            expect.primary = "bfr"
            expect.suggestions = ["bfr"]
            expect.fired = ["bfr-older"]

            [case.answers]
            age = 30
            red_flags = []
            muscle_weakness = "none"
            heavy_load_difficulty = "no"
            conditions = []
            surgery = "none"
            inactivity = "no"
            pain_duration = "none"
            pain_cause = "none"
            pain_intensity = 0
            pain_sources = []
            bfr_risks = []
            bleeding_risk = "no"
            nmt_risks = []
            insurance = "private"
            """
        )
    )
    ruleset = load_ruleset(directory)
    [case], problems = load_cases(case_files(directory), ruleset)

    result = run_case(case, ruleset)

    assert problems == []
    assert result.differences == (
        "primary: expected 'bfr', got 'consult'",
        "suggestions: expected ['bfr'], got []",
        "fired: expected ['bfr-older'] to fire; fired ['safety.consult-by-default']",
    )
