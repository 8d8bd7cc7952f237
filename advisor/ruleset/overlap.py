"""Rules judged against each other and the safety floor, by reasoning over their conditions.

A rule's conditions are one clause per question, all of which must hold, so the
answers that fire it are, question by question, a set of allowed values. Each
question has few values that matter to a pair of rules: a number's range, a
pick-one's options, and for a tick-any every combination of the options the
rules name plus "something else" (``answer_values``). So each relation is
decided by listing those values, not by sampling answer sets:

- *implies*: every answer set that fires B fires A, when B's allowed values are
  within A's on every question A tests. This ignores that ``asked_when`` links
  questions, which can only make B narrower still: a reported shadow is real,
  and a subtler one may go unreported.
- *overlap*: some answer set fires both, when every question has a value both
  allow and each question's ``asked_when`` can hold. Reported only when every
  question's values could be listed.

From these come three warnings (``review``): a rule that something always
overrules (the safety floor, an urgent-care rule, or a block of its therapy),
a rule shadowed by one with the same effect, and two suggestions that can both
fire at one priority, so that only the files' order picks the first step.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from advisor import problems
from advisor.checker import Checker
from advisor.conditions import Clause, Value
from advisor.problems import Problem
from advisor.questionnaire import Question, Questionnaire
from advisor.ruleset.model import RuleSpec

__all__ = ["MAX_LISTED_OPTIONS", "answer_values", "by_question", "review"]

#: Tick-any questions with more options than this named by the rules compared are not listed.
MAX_LISTED_OPTIONS = 12
_OTHER = "\x00another option"

Test = Callable[[Value], bool]


def by_question(clauses: Iterable[Clause]) -> dict[str, list[Clause]]:
    """Return the clauses grouped by the question each tests."""
    grouped: dict[str, list[Clause]] = {}
    for clause in clauses:
        grouped.setdefault(clause.question, []).append(clause)
    return grouped


def answer_values(question: Question, clauses: Sequence[Clause]) -> list[Value] | None:
    """Return one answer for each way ``clauses`` can tell answers apart, None if too many.

    A tick-any answer is listed as each combination of the options the clauses
    name, plus "another option" when some are not named: no clause can tell two
    answers apart that agree on those. ``None`` (not asked) is listed for a
    question asked only after another's answer.
    """
    unasked: list[Value] = [None] if question.asked_when else []
    if question.type == "integer":
        return [*_number_points(question, clauses), *unasked]
    if question.type == "single":
        return [*question.values, *unasked]
    named = sorted(
        {
            v
            for clause in clauses
            for condition in clause.conditions
            if isinstance(condition.operand, frozenset)
            for v in condition.operand
        }
    )
    if len(named) > MAX_LISTED_OPTIONS:
        return None
    pool = named + ([_OTHER] if len(named) < len(question.values) else [])
    subsets = itertools.chain.from_iterable(
        itertools.combinations(pool, n) for n in range(len(pool) + 1)
    )
    return [*(frozenset(s) for s in subsets), *unasked]


def _number_points(question: Question, clauses: Sequence[Clause]) -> list[int]:
    """Return the ends of the ranges of numbers the clauses cannot tell apart, in order.

    Every number test compares with one number, so between the numbers the
    clauses name (each, and one either side) and the question's bounds, every
    test gives one answer; a set the tests allow is a union of such ranges, and
    listing the ends of each is enough to compare two sets, or to test whether
    all of one are under some age.
    """
    low, high = question.minimum or 0, question.maximum or 0
    named = {
        condition.operand
        for clause in clauses
        for condition in clause.conditions
        if isinstance(condition.operand, int) and not isinstance(condition.operand, bool)
    }
    points = {low, high} | {n + step for n in named for step in (-1, 0, 1)}
    return sorted(p for p in points if low <= p <= high)


@dataclass(frozen=True, slots=True)
class _Floor:
    """One measure of the safety floor, as the conditions under which it always acts."""

    id: str
    invariant: int
    #: The effects it overrules, as (kind, target); target None means any target.
    overrules: tuple[tuple[str, str | None], ...]
    #: It acts when any one of these holds: (question, test of that question's answer).
    when: tuple[tuple[str, Test], ...]
    does: str


def _ticked(value: Value) -> bool:
    return isinstance(value, frozenset) and bool(value)  # "another option" is one ticked too


@functools.cache
def _floor() -> tuple[_Floor, ...]:
    """Return the floor's measures (built on first use: the engine imports the rule set)."""
    from advisor.engine.safety import CHILD_AGE

    def child(value: Value) -> bool:
        return isinstance(value, int) and value < CHILD_AGE

    return (
        _Floor(
            "safety.red-flags",
            1,
            (("suggest", None), ("consult", None)),
            (("red_flags", _ticked),),  # every red flag, a practice's own too
            "any red flag means urgent care, with no therapy suggested or consult made",
        ),
        _Floor(
            "safety.bfr-risks",
            2,
            (("suggest", "bfr"),),
            (("bfr_risks", _ticked),),
            "any cuff risk blocks BFR",
        ),
        _Floor(
            "safety.nmt-risks",
            4,
            (("suggest", "nmt"),),
            (("bleeding_risk", lambda v: v in ("yes", "unsure")), ("nmt_risks", _ticked)),
            "a bleeding risk or any deep-pressure risk blocks NMT",
        ),
        _Floor(
            "safety.under-12",
            7,
            (("suggest", None),),
            (("age", child),),
            f"under {CHILD_AGE} nothing is suggested and a clinician comes first",
        ),
    )


class _Space:
    """The questionnaire's answers as finite sets of values, with what each rule allows."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self._cache: dict[tuple[object, ...], tuple[frozenset[Value], ...] | None] = {}

    def allowed(
        self, question_id: str, *groups: Sequence[Clause]
    ) -> tuple[frozenset[Value], ...] | None:
        """Return, for each group of clauses on one question, the answers it allows (listed alike)."""
        key = (question_id, *(tuple(g) for g in groups))
        if key not in self._cache:
            question = self.questionnaire[question_id]
            values = answer_values(question, [c for g in groups for c in g])
            self._cache[key] = (
                None
                if values is None
                else tuple(
                    frozenset(v for v in values if all(c.holds(v) for c in g)) for g in groups
                )
            )
        return self._cache[key]

    def implies(self, narrow: Sequence[Clause], wide: Sequence[Clause]) -> bool:
        """Return whether every answer set ``narrow`` allows, ``wide`` allows too (provably)."""
        narrow_by, wide_by = by_question(narrow), by_question(wide)
        for question_id, clauses in wide_by.items():
            sets = self.allowed(question_id, narrow_by.get(question_id, []), clauses)
            if sets is None or not sets[0] <= sets[1]:
                return False
        return True

    def always(self, clauses: Sequence[Clause], question_id: str, test: Test) -> bool:
        """Return whether every answer set ``clauses`` allow passes ``test`` on one question."""
        if question_id not in self.questionnaire.by_id:
            return False
        mine = by_question(clauses).get(question_id)
        if not mine:
            return False
        sets = self.allowed(question_id, mine)
        return sets is not None and all(test(v) for v in sets[0])

    def overlap(self, clauses: Sequence[Clause]) -> bool:
        """Return whether some answer set (provably) satisfies every clause at once."""
        possible: dict[str, frozenset[Value]] = {}
        for question_id, group in by_question(clauses).items():
            sets = self.allowed(question_id, group)
            if sets is None or not sets[0]:
                return False
            possible[question_id] = sets[0]
        for question_id, values in possible.items():
            question = self.questionnaire[question_id]
            for gate in question.asked_when if None not in values else ():
                parent = possible.get(gate.question)
                if parent is not None and not any(gate.holds(v) for v in parent):
                    return False
        return True


def review(specs: Sequence[RuleSpec], questionnaire: Questionnaire) -> list[Problem]:
    """Return the warnings about rules overruled, shadowed or in an undecided conflict."""
    space = _Space(questionnaire)
    # A switched-off rule never fires, so it neither shadows nor is shadowed, nor conflicts.
    live = [s for s in specs if s.enabled and space.overlap(s.clauses)]
    check = Checker()
    for spec in live:
        on_rule = check.about(spec.id)
        if not _overruled(on_rule, space, spec, live):
            _shadowed(on_rule, space, spec, live)
    _conflicts(check, space, live)
    return check.problems


def _overruled(check: Checker, space: _Space, spec: RuleSpec, specs: Sequence[RuleSpec]) -> bool:
    """Report the first measure or rule that always overrules ``spec``; return whether one did."""
    kind, target = spec.effect.kind, spec.effect.target
    for floor in _floor():
        if (kind, target) not in floor.overrules and (kind, None) not in floor.overrules:
            continue
        if any(space.always(spec.clauses, q, test) for q, test in floor.when):
            winner = f"the safety rule {floor.id} (safety invariant {floor.invariant})"
            check.warning(problems.overruled, spec.at, winner, floor.does)
            return True
    for other in specs:
        does = _overrules(other, spec)
        if does and space.implies(spec.clauses, other.clauses):
            winner = f"rule '{other.id}' ({other.at})"
            check.warning(problems.overruled, spec.at, winner, does)
            return True
    return False


def _overrules(other: RuleSpec, spec: RuleSpec) -> str | None:
    """Return what ``other`` does that always wins over ``spec``'s effect, if it does."""
    kind, target = spec.effect.kind, spec.effect.target
    if other.effect.kind == "urgent_care" and kind in ("suggest", "consult"):
        return "it sends the person to urgent care, so no therapy is suggested or consult made"
    if other.effect.kind == "block" and kind == "suggest" and other.effect.target == target:
        return f"it blocks {target.upper()}, and a block always wins over a suggestion"
    return None


def _shadowed(check: Checker, space: _Space, spec: RuleSpec, specs: Sequence[RuleSpec]) -> None:
    """Report ``spec`` if a rule with its effect, ranked no lower, fires whenever it does."""
    for wider in specs:
        if wider is spec or wider.effect != spec.effect or wider.priority < spec.priority:
            continue
        if not space.implies(spec.clauses, wider.clauses):
            continue
        identical = space.implies(wider.clauses, spec.clauses)
        if _leaves_nothing(wider, spec, identical):
            check.warning(problems.shadowed_rule, spec.at, wider.id, wider.at, identical)
            return


def _leaves_nothing(wider: RuleSpec, spec: RuleSpec, identical: bool) -> bool:
    """Return whether ``wider`` firing leaves nothing of the result for ``spec`` to change.

    A block shows the reason of the first-ranked blocking rule, so at equal
    priority the wider block must come first in the files; of two copies with
    the same conditions and priority, only the later is reported.
    """
    if wider.priority > spec.priority:
        return True
    if identical or spec.effect.kind == "block":
        return wider.order < spec.order
    return True


def _conflicts(check: Checker, space: _Space, specs: Sequence[RuleSpec]) -> None:
    """Report suggestions of different therapies that can both fire at one priority.

    Each rule is reported once, at the later of each pair, naming every earlier one.
    """
    suggestions = [s for s in specs if s.effect.kind == "suggest"]
    for index, later in enumerate(suggestions):
        earlier = [
            (first.id, first.at)
            for first in suggestions[:index]
            if _undecided(space, first, later, specs)
        ]
        if earlier:
            check.about(later.id).warning(
                problems.undecided_conflict, later.at, earlier, later.priority
            )


def _undecided(space: _Space, first: RuleSpec, later: RuleSpec, specs: Sequence[RuleSpec]) -> bool:
    targets = (first.effect.target, later.effect.target)
    if targets[0] == targets[1] or first.priority != later.priority:
        return False
    both = (*first.clauses, *later.clauses)
    return space.overlap(both) and not _decided(space, both, targets, specs)


def _decided(
    space: _Space, clauses: Sequence[Clause], targets: Sequence[str], specs: Sequence[RuleSpec]
) -> bool:
    """Return whether, wherever ``clauses`` hold, something else settles the first step.

    The floor or a rule may set one suggestion aside (a block, urgent care, a
    child's assessment), or keep one from being first (a consult; under 18, BFR).
    """
    from advisor.engine.safety import ADULT_AGE

    def minor(value: Value) -> bool:
        return isinstance(value, int) and value < ADULT_AGE

    if "bfr" in targets and space.always(clauses, "age", minor):
        return True
    floors = any(
        space.always(clauses, q, test)
        for floor in _floor()
        if any(("suggest", t) in floor.overrules for t in (None, *targets))
        for q, test in floor.when
    )
    return floors or any(
        _settles(other, targets) and space.implies(clauses, other.clauses) for other in specs
    )


def _settles(other: RuleSpec, targets: Sequence[str]) -> bool:
    kind, target = other.effect.kind, other.effect.target
    return kind == "urgent_care" or (kind in ("block", "consult") and target in (*targets, "all"))
