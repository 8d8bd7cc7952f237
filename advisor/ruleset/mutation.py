"""Small changes to one rule (mutants), to find out whether the example cases would notice them.

A rule is well tested when changing it changes the result of some case. Each
mutant is the rule with one change a careless edit could make:

- **removed**: the rule is gone (switched off, as ``enabled = false`` does);
- a number test moved one step (the edge):
  ``at_least 65`` → 66 (narrower) and → 64 (wider); ``over``, ``at_most`` and
  ``under`` alike; ``= 5`` and ``.not = 5`` → 4 and → 6;
- a list test given one value fewer or one more: ``any_of`` drops a value
  (narrower) or takes another allowed one (wider); ``none_of`` and ``all_of``
  the other way round;
- a pick-one ``= "v"`` also accepting each other value in turn (wider), and
  ``.not = "v"`` also refusing each other value (narrower) or dropped (wider);
- ``.empty`` dropped;
- each ``unless`` clause dropped (the rule then fires even when it holds); the
  tests inside an ``unless`` are changed as above, which makes the rule wider
  where the test gets narrower, and the other way round.

A change that gives the same answer as the rule for every possible answer
(``age.at_least = 0`` → -1), or differs only on answers no one can give with
the rule's other conditions, is no mutant and is left out. Each mutant also
says which answer tells it apart from the rule (its *edge*), so a report can
say what case would notice it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from advisor.conditions import Clause, Condition, Value
from advisor.questionnaire import Question, Questionnaire
from advisor.ruleset.model import RuleSpec

__all__ = ["Direction", "Mutant", "fires", "mutants_of"]

#: What a mutant does to the people a rule fires for.
Direction = Literal["removed", "narrower", "wider", "changed"]

_FLIPPED: dict[Direction, Direction] = {"narrower": "wider", "wider": "narrower"}


@dataclass(frozen=True, slots=True)
class Mutant:
    """One rule changed in one way, and the answer that tells it apart from the rule."""

    rule: RuleSpec
    changed: RuleSpec
    direction: Direction
    #: The change in words: "when age is at least 65 → 66".
    change: str
    #: The answer on which the rule and the mutant differ (None for a removed rule).
    question: str | None = None
    edge: Value = None

    def fires(self, answers: object) -> bool:
        """Return whether the changed rule fires on parsed answers (a mapping by question)."""
        return fires(self.changed, answers)

    def hint(self) -> str:
        """Say, in words, what case would notice this change."""
        if self.question is None:
            return (
                f"a case whose result depends on '{self.rule.id}': where it fires, list it in "
                f'expect.fired = ["{self.rule.id}"], or expect the result only it gives'
            )
        fires_now = _clause_holds(self.rule, self.question, self.edge)
        others = " and its other conditions met" if len(self.rule.clauses) > 1 else ""
        wanted = (
            f'expect.fired = ["{self.rule.id}"]'
            if fires_now
            else f'expect.not_fired = ["{self.rule.id}"]'
        )
        return f"a case with {self.question} = {_toml(self.edge)}{others}, and {wanted}"


def fires(spec: RuleSpec, answers: object) -> bool:
    """Return whether a rule's conditions all hold on parsed answers (what the engine decides)."""
    get = answers.get  # type: ignore[attr-defined]
    return spec.enabled and all(c.holds(get(c.question)) for c in spec.clauses)


def mutants_of(spec: RuleSpec, questionnaire: Questionnaire) -> list[Mutant]:
    """Return the mutants of one rule: removed first, then each change to its conditions."""
    mutants = [Mutant(spec, dataclasses.replace(spec, enabled=False), "removed", "removed")]
    for index, clause in enumerate(spec.clauses):
        question = questionnaire[clause.question]
        for new_clause, direction, change, edge in _clause_changes(clause, question):
            clauses = (*spec.clauses[:index], *new_clause, *spec.clauses[index + 1 :])
            changed = dataclasses.replace(spec, clauses=clauses)
            if _can_differ(spec, clause, new_clause, questionnaire):
                mutants.append(Mutant(spec, changed, direction, change, clause.question, edge))
    return mutants


_Change = tuple[tuple[Clause, ...], Direction, str, Value]


def _clause_changes(clause: Clause, question: Question) -> Iterator[_Change]:
    """Yield each change to one clause: (clauses replacing it, direction, words, edge answer)."""
    where = "unless" if clause.negated else "when"
    if clause.negated:
        stops = " and ".join(c.describe() for c in clause.conditions)
        yield (), "wider", f"unless {stops}: dropped", _holding(clause, question)
    for index, condition in enumerate(clause.conditions):
        for new, direction, edge in _condition_changes(condition, question):
            rest = (
                *clause.conditions[:index],
                *([new] if new else []),
                *clause.conditions[index + 1 :],
            )
            replaced = (dataclasses.replace(clause, conditions=rest),) if rest else ()
            if clause.negated:
                direction = _FLIPPED.get(direction, direction)
            after = _after(condition, new)
            yield replaced, direction, f"{where} {condition.describe()} → {after}", edge


def _after(old: Condition, new: Condition | None) -> str:
    """Say what a condition became, short: "66", "also 'mild'", "without 'spine'", "dropped"."""
    if new is None:
        return "dropped"
    if isinstance(new.operand, int) and not isinstance(new.operand, bool):
        return str(new.operand)
    before = old.operand if isinstance(old.operand, frozenset) else frozenset({old.operand})
    after = new.operand if isinstance(new.operand, frozenset) else frozenset()
    added, dropped = sorted(after - before), sorted(before - after)  # type: ignore[operator]
    return " ".join([*(f"also '{v}'" for v in added), *(f"without '{v}'" for v in dropped)])


_ConditionChange = tuple[Condition | None, Direction, Value]


def _condition_changes(condition: Condition, question: Question) -> list[_ConditionChange]:
    """Return each change to one condition: (new condition or None if dropped, direction, edge)."""
    operand = condition.operand
    if isinstance(operand, bool):
        edge: Value = frozenset() if not operand else frozenset(question.values[:1])
        return [(None, "wider", edge)]
    if isinstance(operand, int):
        return _number_changes(condition, operand)
    if isinstance(operand, str):
        return _choice_changes(condition, operand, question)
    return _list_changes(condition, operand, question)


#: For each number test: (step that narrows it, the edge it narrows away (offset from n),
#: the edge it widens to (offset from n)).
_NUMBER_STEPS: dict[str, tuple[int, int, int]] = {
    "at_least": (1, 0, -1),
    "over": (1, 1, 0),
    "at_most": (-1, 0, 1),
    "under": (-1, -1, 0),
}


def _number_changes(condition: Condition, n: int) -> list[_ConditionChange]:
    def moved(to: int) -> Condition:
        return dataclasses.replace(condition, operand=to)

    if condition.operator in ("equals", "not"):
        return [(moved(n - 1), "changed", n), (moved(n + 1), "changed", n)]
    step, narrowed_edge, widened_edge = _NUMBER_STEPS[condition.operator]
    return [
        (moved(n + step), "narrower", n + narrowed_edge),
        (moved(n - step), "wider", n + widened_edge),
    ]


def _choice_changes(condition: Condition, value: str, question: Question) -> list[_ConditionChange]:
    others = [v for v in question.values if v != value]
    if condition.operator == "equals":
        return [(_as_list(condition, "any_of", {value, w}), "wider", w) for w in others]
    # "not": drop it, or refuse another value too.
    changes: list[_ConditionChange] = [(None, "wider", value)]
    changes += [(_as_list(condition, "none_of", {value, w}), "narrower", w) for w in others]
    return changes


def _list_changes(
    condition: Condition, values: frozenset[str], question: Question
) -> list[_ConditionChange]:
    """Drop each listed value, or add each other allowed value; which way that moves depends."""
    multi = question.type == "multi"
    # What dropping a value does, and the answer that shows it.
    fewer: Direction = "narrower" if condition.operator == "any_of" else "wider"
    more: Direction = "wider" if fewer == "narrower" else "narrower"

    def alone(value: str) -> Value:
        return frozenset({value}) if multi else value

    # all_of tells a change apart on the list itself (with or without the value dropped);
    # the others on the one value changed, ticked or chosen alone.
    def edge_added(value: str) -> Value:
        return values if condition.operator == "all_of" else alone(value)

    def edge_without(value: str) -> Value:
        return values - {value} if condition.operator == "all_of" else alone(value)

    changes: list[_ConditionChange] = []
    for value in sorted(values):
        kept = values - {value}
        if kept:
            changes.append(
                (dataclasses.replace(condition, operand=kept), fewer, edge_without(value))
            )
        elif condition.operator == "none_of":
            changes.append((None, "wider", alone(value)))
    for value in question.values:
        if value not in values:
            added = dataclasses.replace(condition, operand=values | {value})
            changes.append((added, more, edge_added(value)))
    return changes


def _as_list(condition: Condition, operator: str, values: set[str]) -> Condition:
    return dataclasses.replace(condition, operator=operator, operand=frozenset(values))


def _holding(clause: Clause, question: Question) -> Value:
    """Return an answer on which an ``unless`` clause stops the rule, for a hint."""
    stopping = Clause(clause.question, clause.conditions)
    mentioned = frozenset(
        v for c in clause.conditions if isinstance(c.operand, frozenset) for v in c.operand
    )
    tried = [*_domain(question), mentioned] if question.type == "multi" else _domain(question)
    return next((v for v in tried if stopping.holds(v)), None)


def _can_differ(
    spec: RuleSpec, old: Clause, new: tuple[Clause, ...], questionnaire: Questionnaire
) -> bool:
    """Return whether some answers a person can give tell the changed rule from the rule.

    A change that no answer tells apart (``age.at_least = 0`` → -1), or only answers no one
    can give together with the rule's other conditions (``surgery`` also "none" in a rule
    that needs a ``surgery_site``, which is only asked after a surgery), is no mutant: no
    case could ever notice it. Tick-any answers are too many to try, so they always count.
    """
    question = questionnaire[old.question]
    if question.type == "multi":
        return True
    differing = [v for v in _domain(question) if old.holds(v) != all(c.holds(v) for c in new)]
    return any(_possible_with(spec, old.question, v, questionnaire) for v in differing)


def _possible_with(
    spec: RuleSpec, question_id: str, value: Value, questionnaire: Questionnaire
) -> bool:
    """Return whether the rule's other conditions can hold when ``question_id`` is ``value``."""
    for clause in spec.clauses:
        if clause.question == question_id or clause.holds(None):
            continue  # the same question, or a condition that holds when it is not asked
        gates = questionnaire[clause.question].asked_when
        if any(g.question == question_id and not g.holds(value) for g in gates):
            return False  # it needs an answer to a question this answer never asks
    return True


def _domain(question: Question) -> list[Value]:
    """Return every answer a question can have (tick-any: none and each one ticked alone).

    No answer at all is possible only for a question asked on a condition: any other is
    required, or filled with its neutral answer when left out.
    """
    unasked: list[Value] = [None] if question.asked_when else []
    if question.type == "integer":
        return [*unasked, *range(question.minimum or 0, (question.maximum or 0) + 1)]
    if question.type == "single":
        return [*unasked, *question.values]
    return [*unasked, frozenset(), *(frozenset({v}) for v in question.values)]


def _clause_holds(spec: RuleSpec, question: str, value: Value) -> bool:
    return all(c.holds(value) for c in spec.clauses if c.question == question)


def _toml(value: Value) -> str:
    """Write an answer as it is written in a case file."""
    if isinstance(value, frozenset):
        return "[" + ", ".join(f'"{v}"' for v in sorted(value)) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
