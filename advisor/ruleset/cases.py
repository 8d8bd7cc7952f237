"""Example cases beside the rules: answers plus the expected result, run by ``advisor rules test``.

A case file (``rules/cases/*.toml``) may start with a ``[base]`` table of
answers that every case in the file starts from; each ``[[case]]`` then
gives its ``name``, the ``answers`` that differ, and what it ``expect``s::

    [[case]]
    name = "older-adult-knee-oa"
    answers = { age = 70, conditions = ["osteoarthritis"] }
    expect.primary = "bfr"            # or a list of acceptable primaries
    expect.suggestions = ["bfr"]
    expect.blocked = []               # optional
    expect.urgency = "emergency"      # optional
    expect.fired = ["bfr-weakness-older-adult"]   # optional: these rules must fire
    expect.not_fired = ["nmt-fibromyalgia-tender-points"]   # optional: these must not fire
    source = "Hughes 2017"            # optional: the guideline or paper the case rests on
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor import problems
from advisor.assessment import assess
from advisor.checker import Checker
from advisor.contract import THERAPIES, URGENCIES
from advisor.engine.safety import SAFETY_IDS
from advisor.exceptions import AnswersInvalid
from advisor.problems import Location, Problem
from advisor.response import Assessment
from advisor.ruleset import CASES_DIR, RuleSet
from advisor.tomlfile import SourceFile, parse_toml_all, read_bytes

__all__ = [
    "Case",
    "CaseResult",
    "Expect",
    "case_files",
    "load_cases",
    "outcome_lines",
    "run_case",
    "uncovered_rules",
]

_PRIMARIES = (*THERAPIES, "consult", "urgent_care")
_CASE_KEYS = ("name", "about", "answers", "expect", "source")
_EXPECT_KEYS = ("primary", "suggestions", "blocked", "urgency", "fired", "not_fired")
_FILE_KEYS = ("base", "case")
_UNSET = object()


@dataclass(frozen=True, slots=True)
class Expect:
    """What a case expects of its response; ``None`` means "not checked"."""

    primary: tuple[str, ...]
    suggestions: frozenset[str]
    blocked: frozenset[str] | None = None
    urgency: object = _UNSET
    fired: tuple[str, ...] = ()
    not_fired: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    """One example: a person's answers and the result a therapist expects for them."""

    name: str
    answers: dict[str, Any]
    expect: Expect
    at: Location
    about: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The outcome of running one case."""

    case: Case
    differences: tuple[str, ...]
    fired: tuple[str, ...] = ()
    response: Assessment | None = field(default=None, compare=False)

    @property
    def passed(self) -> bool:
        return not self.differences


def case_files(rules_dir: Path) -> list[Path]:
    """Return the case files of a rules directory, in name order."""
    return sorted((rules_dir / CASES_DIR).glob("*.toml"))


def load_cases(paths: Sequence[Path], ruleset: RuleSet) -> tuple[list[Case], list[Problem]]:
    """Read case files; return every well-formed case and every problem with the files."""
    cases: list[Case] = []
    check = Checker()
    first: dict[str, Location] = {}
    for path in paths:
        source = _read(check, path)
        if source is None:
            continue
        for case in _file_cases(check.file(source), ruleset):
            if case.name in first:
                check.error(problems.duplicate_case, case.at, case.name, first[case.name])
                continue
            first[case.name] = case.at
            cases.append(case)
    return cases, check.problems


def run_case(case: Case, ruleset: RuleSet) -> CaseResult:
    """Assess a case's answers and compare the response with what it expects."""
    try:
        response = assess(case.answers, ruleset)
    except AnswersInvalid as exc:
        return CaseResult(case, tuple(f"answers: {e.message}" for e in exc.errors))
    rec = response.recommendation
    fired = tuple(item.rule for item in response.explanation)
    expect = case.expect
    diffs = []
    if rec.primary not in expect.primary:
        wanted = " or ".join(f"'{p}'" for p in expect.primary)
        diffs.append(f"primary: expected {wanted}, got '{rec.primary}'")
    if frozenset(rec.suggestions) != expect.suggestions:
        diffs.append(
            f"suggestions: expected {sorted(expect.suggestions)}, got {list(rec.suggestions)}"
        )
    blocked = frozenset(b.therapy for b in rec.blocked)
    if expect.blocked is not None and blocked != expect.blocked:
        diffs.append(f"blocked: expected {sorted(expect.blocked)}, got {sorted(blocked)}")
    if expect.urgency is not _UNSET and rec.urgency != expect.urgency:
        diffs.append(f"urgency: expected {expect.urgency!r}, got {rec.urgency!r}")
    diffs.extend(_firing_differences(expect, fired, ruleset))
    return CaseResult(case, tuple(diffs), fired, response)


def _firing_differences(expect: Expect, fired: Sequence[str], ruleset: RuleSet) -> list[str]:
    """Compare ``expect.fired`` and ``expect.not_fired`` with the rules that fired."""
    diffs = []
    disabled = {s.id for s in ruleset.specs if not s.enabled}
    for rule_id in expect.fired:
        if rule_id in disabled:
            # Said apart: "did not fire" alone would send a therapist looking at the answers.
            diffs.append(
                f"fired: expected '{rule_id}' to fire, but rule '{rule_id}' is disabled "
                "(enabled = false in its rule file)"
            )
    missing = [r for r in expect.fired if r not in fired and r not in disabled]
    if missing:
        diffs.append(f"fired: expected {missing} to fire; fired {list(fired)}")
    unwanted = [r for r in expect.not_fired if r in fired]
    if unwanted:
        diffs.append(f"not_fired: expected {unwanted} not to fire; fired {list(fired)}")
    return diffs


def outcome_lines(result: CaseResult) -> list[str]:
    """Return what a case got, in two short lines: the whole recommendation, and what fired.

    Shown under a FAIL, so the therapist sees the result the rules gave, not only the parts
    that differed from the expectation.
    """
    if result.response is None:
        return []
    rec = result.response.recommendation
    blocked = "; ".join(f"{b.therapy} (by {', '.join(b.rules)})" for b in rec.blocked)
    got = (
        f"got: primary {rec.primary}, "
        f"suggestions [{', '.join(rec.suggestions)}], "
        f"blocked [{blocked}], "
        f"urgency {rec.urgency or 'none'}"
    )
    return [got, f"fired: {', '.join(result.fired) or 'no rule'}"]


def uncovered_rules(results: Sequence[CaseResult], ruleset: RuleSet) -> list[str]:
    """Return the ids of enabled rules that no case made fire (a disabled one cannot)."""
    fired = {rule for result in results for rule in result.fired}
    return [spec.id for spec in ruleset.specs if spec.enabled and spec.id not in fired]


def _file_cases(check: Checker, ruleset: RuleSet) -> list[Case]:
    data = check.data
    check.unknown_keys(data, _FILE_KEYS, "at the top of a case file")
    base = data.get("base", {})
    if not isinstance(base, dict):
        check.error(problems.wrong_type, check.key_at("base"), "base", base, "a [base] table")
        base = {}
    raw_cases = data.get("case", [])
    if isinstance(raw_cases, dict):
        check.error(problems.single_brackets, check.key_at("case"), "case")
        return []
    if not isinstance(raw_cases, list) or not all(isinstance(c, dict) for c in raw_cases):
        expected = "cases, each starting with [[case]]"
        check.error(problems.wrong_type, check.key_at("case"), "case", raw_cases, expected)
        return []
    cases = []
    for index, raw in enumerate(raw_cases):
        case = _case(check.within("case", index), raw, base, ruleset)
        if case is not None:
            cases.append(case)
    return cases


def _case(
    check: Checker, raw: dict[str, Any], base: dict[str, Any], ruleset: RuleSet
) -> Case | None:
    at = check.key_at()
    check.unknown_keys(raw, _CASE_KEYS, "of a case")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        check.error(problems.missing_field, at, "name", "a short name for the case")
    answers = raw.get("answers", {})
    if not isinstance(answers, dict):
        at_answers = check.value_at("answers")
        check.error(problems.wrong_type, at_answers, "answers", answers, "a table of answers")
    expect_raw = raw.get("expect")
    if not isinstance(expect_raw, dict):
        what = "expect.primary and expect.suggestions"
        check.error(problems.missing_field, at, "expect", what)
        return None
    expect = _expect(check, expect_raw, ruleset)
    if check.found_any or expect is None:
        return None
    return Case(
        str(name),
        {**base, **answers},
        expect,
        at,
        str(raw.get("about", "")),
        str(raw.get("source", "")),
    )


def _expect(check: Checker, raw: dict[str, Any], ruleset: RuleSet) -> Expect | None:
    """Read a case's ``expect`` table; ``check`` looks at the case."""
    on_expect = check.within("expect")
    on_expect.unknown_keys(raw, _EXPECT_KEYS, "of expect")

    def values(
        key: str, allowed: Sequence[str], many: bool, listed_in: str = ""
    ) -> list[str] | None:
        value = raw.get(key)
        at = on_expect.value_at(key)
        if value is None:
            return None
        items = value if isinstance(value, list) else [value] if not many else None
        if items is None or not all(isinstance(v, str) for v in items):
            check.error(problems.wrong_type, at, f"expect.{key}", value, "a list of names")
            return None
        for item in items:
            if item not in allowed:
                check.error(
                    problems.value_not_allowed, at, f"expect.{key}", item, allowed, listed_in
                )
        return items

    primary = values("primary", _PRIMARIES, many=False)
    suggestions = values("suggestions", THERAPIES, many=True)
    blocked = values("blocked", THERAPIES, many=True)
    rule_ids = [*(s.id for s in ruleset.specs), *SAFETY_IDS]
    shown = "advisor rules show"
    fired = values("fired", rule_ids, many=True, listed_in=shown)
    not_fired = values("not_fired", rule_ids, many=True, listed_in=shown)
    for key, value in (("primary", primary), ("suggestions", suggestions)):
        if value is None and key not in raw:
            check.error(
                problems.missing_field, check.key_at(), f"expect.{key}", f"expect.{key} = ..."
            )
    urgency: object = _UNSET
    if "urgency" in raw:
        urgency = raw["urgency"]
        if urgency == "none":
            urgency = None
        elif urgency not in URGENCIES:
            allowed = (*URGENCIES, "none")
            at = on_expect.value_at("urgency")
            check.error(problems.value_not_allowed, at, "expect.urgency", urgency, allowed)
    if on_expect.found_any:
        return None
    return Expect(
        primary=tuple(primary or ()),
        suggestions=frozenset(suggestions or ()),
        blocked=None if blocked is None else frozenset(blocked),
        urgency=urgency,
        fired=tuple(fired or ()),
        not_fired=tuple(not_fired or ()),
    )


def _read(check: Checker, path: Path) -> SourceFile | None:
    """Read and parse a case file, reporting every syntax error it can be re-read past."""
    raw = read_bytes(path)
    if isinstance(raw, Problem):
        check.extend([raw])
        return None
    parsed = parse_toml_all(raw, problems.display_path(path), path)
    if isinstance(parsed, list):
        check.extend(parsed)
        return None
    check.extend(parsed.warnings)
    return parsed
