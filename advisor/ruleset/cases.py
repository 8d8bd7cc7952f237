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
    source = "Hughes 2017"            # optional: the guideline or paper the case rests on
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor import problems
from advisor.assessment import assess
from advisor.contract import THERAPIES, URGENCIES
from advisor.engine.safety import SAFETY_IDS
from advisor.exceptions import AnswersInvalid
from advisor.problems import Location, Problem
from advisor.response import Assessment
from advisor.ruleset import CASES_DIR, RuleSet
from advisor.tomlfile import SourceFile, read_toml

PRIMARIES = (*THERAPIES, "consult", "urgent_care")
CASE_KEYS = ("name", "about", "answers", "expect", "source")
EXPECT_KEYS = ("primary", "suggestions", "blocked", "urgency", "fired")
FILE_KEYS = ("base", "case")
_UNSET = object()


@dataclass(frozen=True, slots=True)
class Expect:
    """What a case expects of its response; ``None`` means "not checked"."""

    primary: tuple[str, ...]
    suggestions: frozenset[str]
    blocked: frozenset[str] | None = None
    urgency: object = _UNSET
    fired: tuple[str, ...] = ()


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
    found: list[Problem] = []
    first: dict[str, Location] = {}
    for path in paths:
        source = read_toml(path)
        if isinstance(source, Problem):
            found.append(source)
            continue
        file_cases, trouble = _file_cases(source, ruleset)
        found.extend(trouble)
        for case in file_cases:
            if case.name in first:
                found.append(
                    problems.wrong_type(
                        case.at,
                        None,
                        "name",
                        case.name,
                        f"a name not already used at {first[case.name]}",
                    )
                )
                continue
            first[case.name] = case.at
            cases.append(case)
    return cases, found


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
    missing = [r for r in expect.fired if r not in fired]
    if missing:
        diffs.append(f"fired: expected {missing} to fire; fired {list(fired)}")
    return CaseResult(case, tuple(diffs), fired, response)


def uncovered_rules(results: Sequence[CaseResult], ruleset: RuleSet) -> list[str]:
    """Return the ids of rules that no case made fire."""
    fired = {rule for result in results for rule in result.fired}
    return [spec.id for spec in ruleset.specs if spec.id not in fired]


def _file_cases(source: SourceFile, ruleset: RuleSet) -> tuple[list[Case], list[Problem]]:
    found = source.unknown_keys((), source.data, FILE_KEYS, "at the top of a case file")
    base = source.data.get("base", {})
    if not isinstance(base, dict):
        found.append(
            problems.wrong_type(source.key_at("base"), None, "base", base, "a [base] table")
        )
        base = {}
    raw_cases = source.data.get("case", [])
    if not isinstance(raw_cases, list) or not all(isinstance(c, dict) for c in raw_cases):
        found.append(
            problems.wrong_type(
                source.key_at("case"), None, "case", raw_cases, "cases, each starting with [[case]]"
            )
        )
        return [], found
    cases = []
    for index, raw in enumerate(raw_cases):
        case, trouble = _case(source, index, raw, base, ruleset)
        found.extend(trouble)
        if case is not None:
            cases.append(case)
    return cases, found


def _case(
    source: SourceFile, index: int, raw: dict[str, Any], base: dict[str, Any], ruleset: RuleSet
) -> tuple[Case | None, list[Problem]]:
    path = ("case", index)
    at = source.key_at(*path)
    found = source.unknown_keys(path, raw, CASE_KEYS, "of a case")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        found.append(problems.missing_field(at, None, "name", "a short name for the case"))
    answers = raw.get("answers", {})
    if not isinstance(answers, dict):
        found.append(
            problems.wrong_type(
                source.value_at(*path, "answers"), None, "answers", answers, "a table of answers"
            )
        )
    expect_raw = raw.get("expect")
    if not isinstance(expect_raw, dict):
        found.append(
            problems.missing_field(at, None, "expect", "expect.primary and expect.suggestions")
        )
        return None, found
    expect, trouble = _expect(source, path, expect_raw, ruleset)
    found.extend(trouble)
    if found or expect is None:
        return None, found
    return (
        Case(
            str(name),
            {**base, **answers},
            expect,
            at,
            str(raw.get("about", "")),
            str(raw.get("source", "")),
        ),
        found,
    )


def _expect(
    source: SourceFile, path: tuple[str | int, ...], raw: dict[str, Any], ruleset: RuleSet
) -> tuple[Expect | None, list[Problem]]:
    found = source.unknown_keys((*path, "expect"), raw, EXPECT_KEYS, "of expect")

    def values(key: str, allowed: Sequence[str], many: bool) -> list[str] | None:
        value = raw.get(key)
        at = source.value_at(*path, "expect", key)
        if value is None:
            return None
        items = value if isinstance(value, list) else [value] if not many else None
        if items is None or not all(isinstance(v, str) for v in items):
            found.append(problems.wrong_type(at, None, f"expect.{key}", value, "a list of names"))
            return None
        for item in items:
            if item not in allowed:
                found.append(problems.value_not_allowed(at, None, f"expect.{key}", item, allowed))
        return items

    primary = values("primary", PRIMARIES, many=False)
    suggestions = values("suggestions", THERAPIES, many=True)
    blocked = values("blocked", THERAPIES, many=True)
    fired = values("fired", [*(s.id for s in ruleset.specs), *SAFETY_IDS], many=True)
    for key, value in (("primary", primary), ("suggestions", suggestions)):
        if value is None and key not in raw:
            found.append(
                problems.missing_field(
                    source.key_at(*path), None, f"expect.{key}", f"expect.{key} = ..."
                )
            )
    urgency: object = _UNSET
    if "urgency" in raw:
        urgency = raw["urgency"]
        if urgency == "none":
            urgency = None
        elif urgency not in URGENCIES:
            found.append(
                problems.value_not_allowed(
                    source.value_at(*path, "expect", "urgency"),
                    None,
                    "expect.urgency",
                    urgency,
                    (*URGENCIES, "none"),
                )
            )
    if found:
        return None, found
    return (
        Expect(
            primary=tuple(primary or ()),
            suggestions=frozenset(suggestions or ()),
            blocked=None if blocked is None else frozenset(blocked),
            urgency=urgency,
            fired=tuple(fired or ()),
        ),
        found,
    )
