"""Why a therapy was not the first step for one person, and what answers would change that.

``advisor rules why-not`` asks this of one set of answers. The answer has three parts:

- **candidates**: every rule that would have suggested the therapy, and for each
  the conditions that failed, with the person's answer and what the rule needs;
- **obstacles**: what stood in the way once the rules had fired: a block or the
  safety floor, a consult, urgent care first, or the other therapy ranking higher;
- **alternatives**: the smallest changes of answers that change the first step.

The search for alternatives tries every single-answer change first: each other
value of each question, each option ticked or unticked, and each whole number at
the edges the rules and the safety floor test (65 and 64 for "65 or over"). If no
single change makes the therapy the first step, it tries pairs, built only from
single changes that moved toward it: a failed condition of a candidate now holds,
or an obstacle went away and none came. A change that adds urgent care or a block
only moves away from the therapy, and leaving such changes out keeps the search
to a few hundred answer sets, well under a second on the default rules. A question
that only applies after another answer (where a surgery was, after "when") is
changed together with it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from advisor.answers import Answers, parse_answers
from advisor.conditions import Value
from advisor.contract import Therapy
from advisor.engine.arbitration import Decision, Reason, arbitrate
from advisor.engine.safety import ADULT_AGE, CHILD_AGE
from advisor.exceptions import AnswersInvalid
from advisor.problems import Location
from advisor.questionnaire import Question
from advisor.ruleset import RuleSet
from advisor.ruleset.model import RuleSpec
from advisor.ruleset.sentences import (
    answer_words,
    clause_words,
    effect_words,
    question_name,
    therapy_name,
)

__all__ = [
    "Alternative",
    "Candidate",
    "Change",
    "FailedCondition",
    "Obstacle",
    "WhyNot",
    "why_not",
]

#: How many alternatives are reported at most.
MAX_ALTERNATIVES = 5
#: The most pairs of changes tried; past it the report says the search stopped early. A count,
#: not a time, so the same answers always give the same report.
MAX_PAIRS = 3000
#: Whole-number edges the safety floor tests, beside those the rules test.
_FLOOR_EDGES = {"age": (CHILD_AGE, ADULT_AGE)}


@dataclass(frozen=True, slots=True)
class FailedCondition:
    """One condition of a rule that did not hold for the person."""

    question: str
    answer: str
    needs: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A rule that suggests the therapy, and which of its conditions failed (none: it fired)."""

    spec: RuleSpec
    failed: tuple[FailedCondition, ...]

    @property
    def fired(self) -> bool:
        return not self.failed


@dataclass(frozen=True, slots=True)
class Obstacle:
    """Something that kept the therapy from being the first step, with where it is written."""

    rule: str
    title: str
    because: str
    does: str
    at: Location | None

    @property
    def safety_floor(self) -> bool:
        """Whether the engine's safety floor acted here (no rule file holds it)."""
        return self.at is None


@dataclass(frozen=True, slots=True)
class Change:
    """One answer changed: which question, the change in words, and the new value."""

    question: str
    words: str
    value: Value


@dataclass(frozen=True, slots=True)
class Alternative:
    """Answers changed together, and the first step they would give."""

    changes: tuple[Change, ...]
    primary: str
    #: How many reasons the result would have: fewer means less else changes with it.
    reasons: int = 0


@dataclass(frozen=True, slots=True)
class WhyNot:
    """The whole answer to "why not this therapy?" for one set of answers."""

    therapy: Therapy
    primary: str
    suggestions: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    obstacles: tuple[Obstacle, ...]
    alternatives: tuple[Alternative, ...]
    #: Other alternatives found that change the first step, but not to the therapy.
    others: int
    tried: int
    complete: bool


def why_not(raw: Mapping[str, object], ruleset: RuleSet, therapy: Therapy) -> WhyNot:
    """Explain why ``therapy`` is not the first step for ``raw`` answers, and what would change it.

    :raises AnswersInvalid: when the answers are not valid, as ``assess`` does.
    """
    answers = parse_answers(raw, ruleset.questionnaire)
    decision = _decide(answers, ruleset)
    search = _Search(ruleset, answers, therapy, decision)
    alternatives, others, complete = search.run()
    return WhyNot(
        therapy=therapy,
        primary=decision.recommendation.primary,
        suggestions=decision.recommendation.suggestions,
        candidates=tuple(_candidates(ruleset, answers, therapy)),
        obstacles=tuple(_obstacles(ruleset, decision, therapy)),
        alternatives=alternatives,
        others=others,
        tried=search.tried,
        complete=complete,
    )


def _decide(answers: Answers, ruleset: RuleSet) -> Decision:
    return arbitrate(ruleset.fire(answers), answers)


def _suggests(spec: RuleSpec, therapy: Therapy) -> bool:
    return spec.effect.kind == "suggest" and spec.effect.target == therapy


def _failed(
    spec: RuleSpec, answers: Mapping[str, Value], ruleset: RuleSet
) -> list[FailedCondition]:
    failed = []
    for clause in spec.clauses:
        value = answers.get(clause.question)
        if clause.holds(value):
            continue
        needs = clause_words(clause, ruleset.questionnaire)
        question = ruleset.questionnaire.get(clause.question)
        failed.append(
            FailedCondition(
                clause.question,
                answer_words(question, value),
                f"not ({needs})" if clause.negated else needs,
            )
        )
    return failed


def _failing(spec: RuleSpec, answers: Mapping[str, Value]) -> int:
    """Return how many of a rule's conditions fail (the search's measure, without the words)."""
    return sum(not clause.holds(answers.get(clause.question)) for clause in spec.clauses)


def _candidates(ruleset: RuleSet, answers: Answers, therapy: Therapy) -> Iterator[Candidate]:
    for spec in ruleset.specs:
        # A switched-off rule cannot suggest anything, whatever the answers.
        if spec.enabled and _suggests(spec, therapy):
            yield Candidate(spec, tuple(_failed(spec, answers, ruleset)))


def _is_obstacle(reason: Reason, decision: Decision, therapy: Therapy) -> bool:
    """Say whether a fired reason stands between the therapy and the first step."""
    kind, target = reason.effect.kind, reason.effect.target
    primary = decision.recommendation.primary
    if kind == "urgent_care":
        return True
    if kind == "block":
        return target == therapy
    if kind == "consult":
        return target in (therapy, "all")
    # Another therapy's suggestion stands in the way only when it won the first step.
    return target != therapy and target == primary


def _obstacles(ruleset: RuleSet, decision: Decision, therapy: Therapy) -> Iterator[Obstacle]:
    if decision.recommendation.primary == therapy:
        return
    for reason in decision.reasons:
        if _is_obstacle(reason, decision, therapy):
            spec = ruleset.rule(reason.id)
            does = effect_words(reason.effect)
            if reason.effect.kind == "suggest":
                does += f" (priority {reason.priority}), which comes before {therapy_name(therapy)}"
            yield Obstacle(reason.id, reason.title, reason.because, does, spec.at if spec else None)


def _obstacle_ids(decision: Decision, therapy: Therapy) -> frozenset[str]:
    return frozenset(r.id for r in decision.reasons if _is_obstacle(r, decision, therapy))


class _Search:
    """The search for the fewest answers to change, for one person and one therapy."""

    def __init__(self, ruleset: RuleSet, answers: Answers, therapy: Therapy, base: Decision):
        self.ruleset = ruleset
        self.answers = answers
        self.therapy = therapy
        self.primary = base.recommendation.primary
        self.obstacles = _obstacle_ids(base, therapy)
        self.candidates = [s for s in ruleset.specs if _suggests(s, therapy)]
        self.failing = [_failing(s, answers) for s in self.candidates]
        self.raw = answers.to_dict()
        self.edges = _edges(ruleset)
        self.tried = 0

    def run(self) -> tuple[tuple[Alternative, ...], int, bool]:
        """Return the alternatives to report, how many others change the first step, and
        whether the search finished within ``MAX_PAIRS``."""
        found: list[Alternative] = []
        helpful: list[dict[str, Value]] = []
        dependent: list[dict[str, Value]] = []
        for change in self._singles():
            outcome = self._try(change)
            if outcome is None:
                dependent.extend(self._with_dependents(change))
                continue
            decision, answers = outcome
            if decision.recommendation.primary != self.primary:
                found.append(self._alternative(change, decision))
            if self._helps(decision, answers):
                helpful.append(change)
        complete = True
        # Already first: any single change that alters that is the answer; no pairs needed.
        if self.primary != self.therapy and not any(a.primary == self.therapy for a in found):
            complete = self._pairs(found, helpful, dependent)
        return (*_reported(found, self.therapy), complete)

    def _pairs(
        self,
        found: list[Alternative],
        helpful: list[dict[str, Value]],
        dependent: list[dict[str, Value]],
    ) -> bool:
        """Try dependent changes and pairs of helpful changes; return False if it stopped early."""
        any_change = not found
        pairs = (
            {**a, **b} for a, b in itertools.combinations(helpful, 2) if a.keys().isdisjoint(b)
        )
        for tried, change in enumerate(itertools.chain(dependent, pairs)):
            if tried == MAX_PAIRS:
                return False
            outcome = self._try(change)
            if outcome is None:
                continue
            primary = outcome[0].recommendation.primary
            if primary == self.therapy or (any_change and primary != self.primary):
                found.append(self._alternative(change, outcome[0]))
        return True

    def _singles(self) -> Iterator[dict[str, Value]]:
        """Yield every change of one answer, in the questionnaire's order."""
        for question in self.ruleset.questionnaire:
            current = self.answers.get(question.id)
            if question.informational or current is None:
                continue
            for value in _other_values(question, current, self.edges.get(question.id, ())):
                yield {question.id: value}

    def _try(self, change: Mapping[str, Value]) -> tuple[Decision, Answers] | None:
        """Return the decision for the answers with ``change``, or None if they are not valid."""
        self.tried += 1
        raw = {**self.raw, **{k: _raw(v) for k, v in change.items()}}
        try:
            answers = parse_answers(raw, self.ruleset.questionnaire)
        except AnswersInvalid:
            return None
        return _decide(answers, self.ruleset), answers

    def _with_dependents(self, change: dict[str, Value]) -> Iterator[dict[str, Value]]:
        """Yield ``change`` with each answer of a question it makes apply (where a surgery was)."""
        after = {**self.answers.values, **change}
        for question in self.ruleset.questionnaire:
            if (
                self.answers.get(question.id) is None
                and question.required
                and question.is_asked(after)
            ):
                for value in question.values:
                    yield {**change, question.id: value}

    def _helps(self, decision: Decision, answers: Mapping[str, Value]) -> bool:
        """Say whether a change moved toward the therapy: a condition now holds, or an obstacle went."""
        obstacles = _obstacle_ids(decision, self.therapy)
        if obstacles < self.obstacles:
            return True
        if obstacles - self.obstacles:
            return False  # a new obstacle (urgent care, a block): away from the therapy
        return any(
            _failing(spec, answers) < failing
            for spec, failing in zip(self.candidates, self.failing, strict=True)
            if failing
        )

    def _alternative(self, change: Mapping[str, Value], decision: Decision) -> Alternative:
        changes = tuple(
            Change(q, _change_words(self.ruleset.questionnaire[q], self.answers.get(q), v), v)
            for q, v in change.items()
        )
        return Alternative(changes, decision.recommendation.primary, len(decision.reasons))


def _raw(value: Value) -> object:
    return sorted(value) if isinstance(value, frozenset) else value


def _edges(ruleset: RuleSet) -> dict[str, tuple[int, ...]]:
    """Return the whole numbers the rules and the floor test, for each number question."""
    edges: dict[str, set[int]] = {q: set(v) for q, v in _FLOOR_EDGES.items()}
    for spec in ruleset.specs:
        for clause in spec.clauses:
            for condition in clause.conditions:
                if condition.kind == "integer" and isinstance(condition.operand, int):
                    edges.setdefault(clause.question, set()).add(condition.operand)
    return {q: tuple(sorted(v)) for q, v in edges.items()}


def _other_values(question: Question, current: Value, edges: tuple[int, ...]) -> Iterator[Value]:
    """Yield each answer one change away: another option, one option (un)ticked, or a number
    on either side of each edge the rules test."""
    if question.type == "single":
        yield from (v for v in question.values if v != current)
    elif question.type == "multi":
        ticked = current if isinstance(current, frozenset) else frozenset()
        yield from (ticked ^ {v} for v in question.values)
        if len(ticked) > 1:
            yield frozenset()
    else:
        low, high = question.minimum or 0, question.maximum or 0
        near = {n for edge in edges for n in (edge - 1, edge, edge + 1)}
        # Nearest first, so the smallest change of a number is the one reported.
        ordered = sorted(near, key=lambda n: (abs(n - current), n))  # type: ignore[operator]
        yield from (n for n in ordered if low <= n <= high and n != current)


def _change_words(question: Question, before: Value, after: Value) -> str:
    """Return a change in words: "age: 64 → 65", or for a tick-any question what was (un)ticked."""
    name = question_name(question.id)
    if isinstance(before, frozenset) and isinstance(after, frozenset):
        added, removed = after - before, before - after
        if added:
            return f"{name}: tick {answer_words(question, added)}"
        if after:
            return f"{name}: untick {answer_words(question, removed)}"
        if len(removed) == 1:
            return f"{name}: untick {answer_words(question, removed)} (nothing ticked)"
        return f"{name}: untick everything (nothing ticked)"
    return f"{name}: {answer_words(question, before)} → {answer_words(question, after)}"


def _reported(found: list[Alternative], therapy: Therapy) -> tuple[tuple[Alternative, ...], int]:
    """Return the alternatives to show: those that make the therapy first, fewest changes first;
    if there are none, the others. Also return how many changes were left unshown."""
    # Fewest answers first; then the change that sets off the fewest other rules (saying
    # "no" to heavy lifting reads better than taking on a new health risk).
    ordered = sorted(found, key=lambda a: (len(a.changes), a.reasons))
    to_therapy = [a for a in ordered if a.primary == therapy]
    shown: dict[frozenset[str], Alternative] = {}
    # One alternative per set of questions: 65 for "age", not 65, 66 and 67 as well.
    for alternative in to_therapy or ordered:
        questions = frozenset(c.question for c in alternative.changes)
        shown.setdefault(questions, alternative)
    kept = list(shown.values())[:MAX_ALTERNATIVES]
    return tuple(kept), len(found) - len(kept)
