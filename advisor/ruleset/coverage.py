"""Which example cases would notice a rule going wrong: ``advisor rules test --coverage``.

"Fired in some case" is not enough: a rule that another rule duplicates, or
whose ``age.at_least = 65`` could read 66 without any case failing, looks
tested but is not. For each enabled rule this runs every case against each of
the rule's mutants (``mutation``): the rule removed, and each condition made
narrower or wider. A mutant is *noticed* when at least one case's verdict
(pass or fail against what it expects) changes. A rule is *untested* when its
removal, or any of its mutants, is noticed by no case.

Each mutant rule set is the real one with rules' specs changed, compiled in
memory by ``compile_engine`` and run through the real ``assess``. Only the
cases on which a changed rule would fire differently are run again: on the
others the engine sees the same rules fire, so their verdicts cannot change.
Mutants that change disjoint cases share one compiled rule set (``_batches``).
That keeps the default rules (about 110 rules, 1,400 mutants, 160 cases) to a
few seconds.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advisor.answers import Answers, parse_answers
from advisor.exceptions import AnswersInvalid
from advisor.ruleset import RuleSet
from advisor.ruleset.cases import Case, CaseResult, run_case
from advisor.ruleset.compile import compile_engine
from advisor.ruleset.model import RuleSpec
from advisor.ruleset.mutation import Mutant, mutants_of

__all__ = ["Coverage", "MutantOutcome", "RuleCoverage", "mutation_coverage", "ruleset_with"]


@dataclass(frozen=True, slots=True)
class MutantOutcome:
    """One mutant and the cases whose verdict it changed (none: nobody would notice)."""

    mutant: Mutant
    noticed_by: tuple[str, ...]

    @property
    def noticed(self) -> bool:
        return bool(self.noticed_by)


@dataclass(frozen=True, slots=True)
class RuleCoverage:
    """What the cases show about one rule: who fires it, and which changes they notice."""

    spec: RuleSpec
    fired_by: tuple[str, ...]
    removal: MutantOutcome | None
    mutations: tuple[MutantOutcome, ...]

    @property
    def unnoticed(self) -> tuple[MutantOutcome, ...]:
        """Return the removal and the mutations that no case notices."""
        every = (self.removal, *self.mutations) if self.removal else self.mutations
        return tuple(outcome for outcome in every if not outcome.noticed)

    @property
    def untested(self) -> bool:
        """Return whether some change to this (enabled) rule would go unnoticed."""
        return self.spec.enabled and bool(self.unnoticed)


@dataclass(frozen=True, slots=True)
class Coverage:
    """The coverage of a whole rule set: one entry per rule, in rule order."""

    rules: tuple[RuleCoverage, ...]
    cases: int
    #: How many mutant rule sets were compiled and run (mutants that change no case need none).
    engines_built: int

    @property
    def mutants(self) -> int:
        return sum(len(r.mutations) + (r.removal is not None) for r in self.rules)

    @property
    def untested(self) -> tuple[RuleCoverage, ...]:
        return tuple(r for r in self.rules if r.untested)


def mutation_coverage(ruleset: RuleSet, cases: Sequence[Case]) -> Coverage:
    """Run every case against every mutant of every enabled rule; say which mutants are noticed.

    A disabled rule is listed with no mutants: it cannot fire, so there is nothing to notice.
    """
    baseline = [run_case(case, ruleset) for case in cases]
    answers = [_parsed(case, ruleset) for case in cases]
    mutants = {
        spec.id: mutants_of(spec, ruleset.questionnaire) for spec in ruleset.specs if spec.enabled
    }
    affected = {
        mutant: _affected(mutant, baseline, answers)
        for found in mutants.values()
        for mutant in found
    }
    batches = _batches([m for m in affected if affected[m]], affected)
    noticed: dict[Mutant, tuple[str, ...]] = {}
    for batch in batches:
        changed = ruleset_with(ruleset, [m.changed for m in batch])
        for mutant in batch:
            noticed[mutant] = _noticed_by(changed, [baseline[i] for i in affected[mutant]])
    rules = []
    for spec in ruleset.specs:
        fired_by = tuple(r.case.name for r in baseline if spec.id in r.fired)
        outcomes = [MutantOutcome(m, noticed.get(m, ())) for m in mutants.get(spec.id, ())]
        removal = outcomes[0] if outcomes else None
        rules.append(RuleCoverage(spec, fired_by, removal, tuple(outcomes[1:])))
    return Coverage(tuple(rules), len(cases), len(batches))


def _parsed(case: Case, ruleset: RuleSet) -> Answers | None:
    try:
        return parse_answers(case.answers, ruleset.questionnaire)
    except AnswersInvalid:
        return None  # the case fails whatever the rules say: no mutant can change it


def _affected(
    mutant: Mutant, baseline: Sequence[CaseResult], answers: Sequence[Answers | None]
) -> tuple[int, ...]:
    """Return the cases on which the mutant fires where the rule did not, or the other way.

    Only these can change: on every other case the same rules fire as before.
    """
    return tuple(
        index
        for index, (result, given) in enumerate(zip(baseline, answers, strict=True))
        if given is not None and mutant.fires(given) != (mutant.rule.id in result.fired)
    )


def _batches(
    mutants: Sequence[Mutant], affected: Mapping[Mutant, tuple[int, ...]]
) -> list[list[Mutant]]:
    """Group mutants so that one compiled rule set tests many of them at once.

    Mutants of different rules that change disjoint cases can share a rule set: each case
    that runs again meets exactly one changed rule, so a verdict that changes is that
    mutant's doing. Compiling and building the engine is the expensive part (about 50 ms);
    grouping cuts the default rules' 1,200 rule sets to about 100.
    """
    batches: list[tuple[list[Mutant], set[str], set[int]]] = []
    for mutant in sorted(mutants, key=lambda m: -len(affected[m])):
        cases = affected[mutant]
        fits = (b for b in batches if mutant.rule.id not in b[1] and b[2].isdisjoint(cases))
        batch, rules, taken = next(fits, None) or ([], set(), set())
        if not batch:
            batches.append((batch, rules, taken))
        batch.append(mutant)
        rules.add(mutant.rule.id)
        taken.update(cases)
    return [batch for batch, _, _ in batches]


def _noticed_by(changed: RuleSet, before: Sequence[CaseResult]) -> tuple[str, ...]:
    """Return the names of the cases whose verdict differs on the changed rule set."""
    return tuple(
        result.case.name
        for result in before
        if run_case(result.case, changed).passed != result.passed
    )


def ruleset_with(ruleset: RuleSet, changed: Sequence[RuleSpec]) -> RuleSet:
    """Return the rule set with some rules replaced, compiled afresh in memory."""
    by_id = {spec.id: spec for spec in changed}
    specs = tuple(by_id.get(s.id, s) for s in ruleset.specs)
    return dataclasses.replace(
        ruleset,
        specs=specs,
        engine_class=compile_engine(specs, ruleset.encoding),
        _local=threading.local(),
    )
