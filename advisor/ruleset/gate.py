"""The gate before go-live: a changed rule set is used only once it passes every gate.

The same gate stands before a running server's reload, ``advisor serve`` at
start and ``advisor rules check``, in this order:

``checks``   ``check_ruleset`` finds no error in the files.
``removal``  against the last set in use (``in_use``): no file's rules all gone and no more
             than a few rules gone, unless the version was raised.
``cases``    every example case in ``cases/`` gets what it expects.
``safety``   the intake contract's safety invariants hold on ``DEFAULT_COUNT`` (2,000)
             answer sets drawn from the rule set's questionnaire (``advisor.answer_sets``),
             checked by ``advisor.engine.invariants``.

The engine's safety floor already enforces the invariants in code, so the
``safety`` gate is defence in depth: it catches a fault of arbitration, or a
questionnaire change the floor did not foresee, before a patient meets it.

The outcome of ``cases`` and ``safety`` depends only on what the rules say
(not on the version, comments or where the folder is), the bytes of the case
files, the questionnaire, the count and the seed, so it is kept per process: the workers of one server, and the many apps of a test
run, pay for it once per change.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from advisor import problems
from advisor.answer_sets import DEFAULT_COUNT, DEFAULT_SEED, answer_sets
from advisor.assessment import assess
from advisor.engine.invariants import Breach, breaches, brief
from advisor.problems import Location, Problem
from advisor.questionnaire import Questionnaire
from advisor.response import Assessment
from advisor.ruleset import MANIFEST, CheckResult, RuleSet, check_ruleset
from advisor.ruleset.cases import Case, case_files, load_cases, run_case
from advisor.ruleset.in_use import InUse, changes_since
from advisor.ruleset.model import RuleSpec
from advisor.tomlfile import read_bytes

__all__ = ["GATES", "Assessor", "Gate", "Verdict", "admit", "run_gate"]

Gate = Literal["checks", "removal", "cases", "safety"]

#: Each gate, in the order they are passed, and how a message names it.
GATES: dict[Gate, str] = {
    "checks": "the checks of the rule files",
    "removal": "the comparison with the rule set in use",
    "cases": "the example cases",
    "safety": "the safety properties",
}

#: What assesses one raw answer set (``advisor.assessment.assess``; tests may hand in another).
Assessor = Callable[[Mapping[str, object], RuleSet], Assessment]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the gate found: the rule set (when every gate passed), which gates refused, and why."""

    check: CheckResult
    refused_by: tuple[Gate, ...] = ()
    #: Every reason of the gates after ``checks`` (the check's own are in ``check.problems``).
    reasons: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    cases: int = 0
    answer_sets: int = 0

    @property
    def passed(self) -> bool:
        return not self.refused_by

    @property
    def ruleset(self) -> RuleSet | None:
        """Return the rule set if it may go live, else None."""
        return self.check.ruleset if self.passed else None

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Return everything found, the check's first, errors and warnings alike."""
        return (*self.check.problems, *self.reasons, *self.warnings)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Return every reason the rule set was refused."""
        return (*self.check.errors, *self.reasons)


def run_gate(
    directory: Path | None = None,
    questionnaire: Questionnaire | None = None,
    *,
    in_use: InUse | None = None,
) -> Verdict:
    """Check a rules directory and put it through every gate."""
    return admit(check_ruleset(directory, questionnaire), in_use=in_use)


def admit(
    result: CheckResult,
    *,
    in_use: InUse | None = None,
    count: int = DEFAULT_COUNT,
    seed: int = DEFAULT_SEED,
    assessor: Assessor = assess,
) -> Verdict:
    """Put a checked rule set through the gates after ``checks``.

    :param in_use: the last rule set in use, to compare with (None: nothing to compare).
    :param count: how many answer sets the safety properties are checked on.
    :param assessor: what assesses an answer set; a test seam, ``assess`` in the product.
    """
    ruleset = result.ruleset
    if ruleset is None:
        return Verdict(result, ("checks",))
    changes = changes_since(in_use, ruleset) if in_use is not None else ()
    removal = tuple(p for p in changes if p.severity == "error")
    warnings = tuple(p for p in changes if p.severity == "warning")
    outcome = _cases_and_safety(ruleset, count, seed, assessor)
    refused: tuple[Gate, ...] = (
        *(("removal",) if removal else ()),
        *(("cases",) if outcome.cases_failed else ()),
        *(("safety",) if outcome.safety_failed else ()),
    )
    return Verdict(
        result,
        refused,
        (*removal, *outcome.reasons),
        warnings,
        outcome.cases,
        outcome.answer_sets,
    )


@dataclass(frozen=True, slots=True)
class _Outcome:
    reasons: tuple[Problem, ...]
    cases_failed: bool
    safety_failed: bool
    cases: int
    answer_sets: int


_CACHE: OrderedDict[tuple[object, ...], tuple[_Outcome, str]] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def _cases_and_safety(ruleset: RuleSet, count: int, seed: int, assessor: Assessor) -> _Outcome:
    """Run the cases and the safety properties, or return their outcome for these same files.

    The same bytes in another folder (a copy of the rules) share the outcome, with its
    reasons moved to name the files of that folder.
    """
    paths = case_files(ruleset.directory)
    where = problems.display_path(ruleset.directory)
    key = (
        _meaning(ruleset),
        _digest_of_files(paths, ruleset.directory),
        _questionnaire_key(ruleset.questionnaire),
        count,
        seed,
        assessor,
    )
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            outcome, judged_in = _CACHE[key]
            return _moved(outcome, ruleset, judged_in, where)
    cases, case_reasons = _cases(paths, ruleset)
    starts = [case.answers for case in cases]
    safety_reasons = _safety(ruleset, starts, count, seed, assessor)
    outcome = _Outcome(
        (*case_reasons, *safety_reasons),
        bool(case_reasons),
        bool(safety_reasons),
        len(cases),
        count,
    )
    with _CACHE_LOCK:
        _CACHE[key] = (outcome, where)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return outcome


def _moved(outcome: _Outcome, ruleset: RuleSet, judged_in: str, where: str) -> _Outcome:
    """Return ``outcome`` with its reasons where they are in ``ruleset``'s files now.

    A reason about a rule points at the rule (a comment added above it moves it);
    any other names the same file in ``where`` instead of ``judged_in``.
    """

    def now(problem: Problem) -> Problem:
        spec = ruleset.rule(problem.rule) if problem.rule else None
        if spec is not None:
            return replace(problem, at=spec.at)
        if judged_in != where and problem.at.file.startswith(judged_in):
            return replace(
                problem, at=replace(problem.at, file=where + problem.at.file[len(judged_in) :])
            )
        return problem

    return replace(outcome, reasons=tuple(now(p) for p in outcome.reasons))


def _meaning(ruleset: RuleSet) -> tuple[RuleSpec, ...]:
    """Return the rules without where they are written: what decides every result.

    A new version, a comment or a copy of the folder leaves the results as they were,
    so the outcome of the cases and the safety properties is reused for them.
    """
    return tuple(replace(spec, at=_NOWHERE, because_at=None) for spec in ruleset.specs)


_NOWHERE = Location("")


def _cases(paths: list[Path], ruleset: RuleSet) -> tuple[list[Case], tuple[Problem, ...]]:
    """Run every example case; return the cases whose answers are valid, and every failure."""
    folder = ruleset.directory.resolve()
    outside = [p for p in paths if not p.resolve().is_relative_to(folder)]
    reasons = [
        problems.outside_rules(
            Location(problems.display_path(p)),
            str(p.resolve()),
            problems.display_path(ruleset.directory),
        )
        for p in outside
    ]
    cases, trouble = load_cases([p for p in paths if p not in outside], ruleset)
    reasons.extend(p for p in trouble if p.severity == "error")
    valid = []
    for case in cases:
        outcome = run_case(case, ruleset)
        if outcome.passed:
            valid.append(case)
            continue
        reasons.append(problems.case_failed(case.at, case.name, outcome.differences))
        if not any(d.startswith("answers:") for d in outcome.differences):
            valid.append(case)
    return valid, tuple(reasons)


def _safety(
    ruleset: RuleSet,
    starts: list[dict[str, object]],
    count: int,
    seed: int,
    assessor: Assessor,
) -> tuple[Problem, ...]:
    """Check the invariants on generated answers; one problem per invariant broken."""
    found: dict[int, _Broken] = {}
    failures: dict[str, _Broken] = {}
    grading = ruleset.questionnaire.red_flag_urgency
    for raw in answer_sets(ruleset.questionnaire, count, seed, starts=starts):
        try:
            first = assessor(raw, ruleset)
            other = _with_other_insurance(raw, ruleset, assessor)
            again = assessor(dict(reversed(list(raw.items()))), ruleset)
        except Exception as exc:
            # Our fault, not the therapist's (the answers are valid): say so, never a traceback.
            detail = f"{type(exc).__name__}: {exc}"
            failures.setdefault(detail, _Broken(raw, Breach(6, detail))).add(())
            continue
        for breach in breaches(raw, first, other_insurance=other, again=again, grading=grading):
            found.setdefault(breach.invariant, _Broken(raw, breach)).add(breach.rules)
    manifest = Location(problems.display_path(ruleset.directory / MANIFEST))
    reasons = []
    for _, broken in sorted(found.items()):
        rules = [rule for rule, _ in broken.rules.most_common()]
        lead = rules[0] if rules else None
        reasons.append(
            problems.safety_property_broken(
                _rule_at(ruleset, lead, manifest),
                lead,
                broken.first.describe(with_answers=False),
                brief(broken.example),
                broken.times,
                rules[1:],
            )
        )
    reasons.extend(
        problems.internal_error(
            manifest,
            f"assessing generated answers ({brief(broken.example)}) failed "
            f"{broken.times} time(s): {detail}",
        )
        for detail, broken in failures.items()
    )
    return tuple(reasons)


@dataclass(slots=True)
class _Broken:
    """One invariant's breaches: the first example, how many sets, the rules involved."""

    example: dict[str, object]
    first: Breach
    times: int = 0
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, rules: tuple[str, ...]) -> _Broken:
        self.times += 1
        self.rules.update(rules)
        return self


def _with_other_insurance(
    raw: dict[str, object], ruleset: RuleSet, assessor: Assessor
) -> Assessment | None:
    """Assess ``raw`` with the next insurance answer (invariant 5), if the question exists."""
    insurance = ruleset.questionnaire.get("insurance")
    if insurance is None or not insurance.values:
        return None
    given = raw.get("insurance")
    at = insurance.values.index(given) if given in insurance.values else -1
    return assessor(
        {**raw, "insurance": insurance.values[(at + 1) % len(insurance.values)]}, ruleset
    )


def _rule_at(ruleset: RuleSet, rule: str | None, fallback: Location) -> Location:
    spec = ruleset.rule(rule) if rule else None
    return spec.at if spec is not None else fallback


def _digest_of_files(paths: list[Path], folder: Path) -> str:
    """Return a digest of the case files: their names, whether each is in ``folder``, bytes."""
    digest = hashlib.sha256()
    for path in paths:
        raw = read_bytes(path)
        inside = path.resolve().is_relative_to(folder.resolve())
        digest.update(path.name.encode() + (b"\0" if inside else b"\0outside\0"))
        digest.update(raw if isinstance(raw, bytes) else raw.render().encode())
    return digest.hexdigest()


def _questionnaire_key(questionnaire: Questionnaire) -> str:
    """Return a key for the questionnaire's content (a reloaded one may be a new object)."""
    text = json.dumps(questionnaire.to_dict(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
