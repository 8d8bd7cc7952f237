"""Conditions over answers: the operators rule files and the questionnaire may use.

A ``Condition`` tests one answer (``age under 18``). A ``Clause`` gathers
every condition a rule puts on one question, and is negated when it comes
from a rule's ``unless`` table. A condition on a question that was not asked
(``surgery_site`` after no surgery) never holds, so a negated one always does.

Tests are plain functions, interned by what they test: two rules that test
the same thing share one function, which lets experta share one node for it,
and a reloaded rule set reuses the functions of the last one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from advisor import problems

if TYPE_CHECKING:
    from advisor.checker import Checker
    from advisor.problems import Location

__all__ = ["Clause", "Condition", "Operand", "QuestionType", "Value", "field_test", "parse_clauses"]

QuestionType = Literal["single", "multi", "integer"]
Value = str | int | frozenset[str] | None
Operand = str | int | bool | frozenset[str]


class Question(Protocol):
    """What a condition needs to know of the question it tests (``questionnaire.Question``).

    A protocol rather than an import, so that the questionnaire, which parses its
    ``asked_when`` conditions here, is the only one of the two that imports the other.
    """

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> QuestionType: ...
    @property
    def informational(self) -> bool: ...
    @property
    def minimum(self) -> int | None: ...
    @property
    def maximum(self) -> int | None: ...
    @property
    def values(self) -> tuple[str, ...]: ...


#: The operators each type of question accepts, in the order the guide lists them.
_OPERATORS: dict[str, tuple[str, ...]] = {
    "single": ("equals", "not", "any_of", "none_of"),
    "multi": ("any_of", "all_of", "none_of", "empty"),
    "integer": ("equals", "not", "at_least", "at_most", "under", "over"),
}


@dataclass(frozen=True, slots=True)
class Condition:
    """One test on one answer, such as ``pain_sources any_of ['stress', 'diet']``."""

    question: str
    kind: QuestionType
    operator: str
    operand: Operand

    def holds(self, value: Value) -> bool:
        """Return whether the answer ``value`` passes this test."""
        return _test_for(self.kind, self.operator, self.operand)(value)

    def describe(self) -> str:
        """Return the condition in words, for messages."""
        words = {
            "equals": "is",
            "not": "is not",
            "any_of": "includes any of" if self.kind == "multi" else "is one of",
            "all_of": "includes all of",
            "none_of": "includes none of" if self.kind == "multi" else "is none of",
            "at_least": "is at least",
            "at_most": "is at most",
            "under": "is under",
            "over": "is over",
        }
        if self.operator == "empty":
            return f"{self.question} is {'empty' if self.operand else 'not empty'}"
        operand = self.operand
        shown = (
            "[" + ", ".join(f"'{v}'" for v in sorted(operand)) + "]"
            if isinstance(operand, frozenset)
            else repr(operand)
        )
        return f"{self.question} {words[self.operator]} {shown}"


@dataclass(frozen=True, slots=True)
class Clause:
    """Every condition on one question from a rule's ``when`` or (negated) ``unless``."""

    question: str
    conditions: tuple[Condition, ...]
    negated: bool = False

    def holds(self, value: Value) -> bool:
        """Return whether the clause holds for the answer ``value``."""
        return _clause_test(self)(value)

    def describe(self) -> str:
        """Return the clause in words, for messages."""
        text = " and ".join(c.describe() for c in self.conditions)
        return f"not ({text})" if self.negated else text


@functools.cache
def _test_for(kind: str, operator: str, operand: Operand) -> Callable[[Value], bool]:
    """Return the interned test function for one operator on one type of answer."""
    build = _TESTS[(kind, operator)]
    return build(operand)


@functools.cache
def _clause_test(clause: Clause) -> Callable[[Value], bool]:
    """Return the interned test function for a clause."""
    tests = tuple(_test_for(c.kind, c.operator, c.operand) for c in clause.conditions)
    if len(tests) == 1 and not clause.negated:
        return tests[0]
    if clause.negated:
        return lambda value: not all(test(value) for test in tests)
    return lambda value: all(test(value) for test in tests)


@functools.cache
def field_test(clauses: tuple[Clause, ...]) -> Callable[[Value], bool]:
    """Return one interned test for all a rule's clauses on the same question."""
    if len(clauses) == 1:
        return _clause_test(clauses[0])
    tests = tuple(_clause_test(c) for c in clauses)
    return lambda value: all(test(value) for test in tests)


def _equals(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and value == operand


def _not(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and value != operand


def _in(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and value in operand  # type: ignore[operator]


def _not_in(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and value not in operand  # type: ignore[operator]


def _intersects(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and not operand.isdisjoint(value)  # type: ignore[union-attr,arg-type]


def _contains_all(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and operand <= value  # type: ignore[operator]


def _disjoint(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and operand.isdisjoint(value)  # type: ignore[union-attr,arg-type]


def _empty(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and (len(value) == 0) == operand  # type: ignore[arg-type]


def _at_least(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and value >= operand  # type: ignore[operator]


def _at_most(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and value <= operand  # type: ignore[operator]


def _under(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and value < operand  # type: ignore[operator]


def _over(operand: Operand) -> Callable[[Value], bool]:
    return lambda value: value is not None and value > operand  # type: ignore[operator]


_TESTS: dict[tuple[str, str], Callable[[Operand], Callable[[Value], bool]]] = {
    ("single", "equals"): _equals,
    ("single", "not"): _not,
    ("single", "any_of"): _in,
    ("single", "none_of"): _not_in,
    ("multi", "any_of"): _intersects,
    ("multi", "all_of"): _contains_all,
    ("multi", "none_of"): _disjoint,
    ("multi", "empty"): _empty,
    ("integer", "equals"): _equals,
    ("integer", "not"): _not,
    ("integer", "at_least"): _at_least,
    ("integer", "at_most"): _at_most,
    ("integer", "under"): _under,
    ("integer", "over"): _over,
}


def parse_clauses(
    check: Checker,
    table: object,
    questions: Mapping[str, Question],
    negated: bool = False,
) -> list[Clause]:
    """Build the clauses of a ``when``/``unless``/``asked_when`` table, reporting every problem.

    :param check: looks at the table (its path locates every problem) and names the rule.
    :param questions: the questions the table may test.
    """
    if not isinstance(table, dict):
        check.error(
            problems.wrong_type,
            check.value_at(),
            _key_name(check.path),
            table,
            "a table of conditions, such as when.age = { under = 18 }",
        )
        return []
    clauses: list[Clause] = []
    for name, spec in table.items():
        at = check.key_at(name)
        question = questions.get(name)
        if question is None:
            check.error(problems.unknown_question, at, name, list(questions))
            continue
        if question.informational:
            check.error(problems.informational_question, at, name)
            continue
        on_question = check.within(name)
        conditions = _conditions(on_question, question, spec)
        if conditions and not on_question.found_any:
            clauses.append(Clause(name, tuple(conditions), negated))
    return clauses


def _conditions(check: Checker, question: Question, spec: object) -> list[Condition]:
    key = _key_name(check.path)
    if isinstance(spec, dict):
        if not spec:
            check.error(problems.empty_condition, check.key_at(), key)
            return []
        pairs: list[tuple[str, object, tuple[str, ...]]] = [
            (op, v, (op,)) for op, v in spec.items()
        ]
    elif question.type == "multi":
        example = f"{question.id}.any_of = [...]"
        check.error(
            problems.wrong_type,
            check.value_at(),
            key,
            spec,
            f"a table of tests for a tick-any question, such as {example} "
            "(or all_of, none_of, empty)",
        )
        return []
    else:
        pairs = [("equals", spec, ())]
    conditions: list[Condition] = []
    allowed = _OPERATORS[question.type]
    for operator, operand, keys in pairs:
        on_operand = check.within(*keys)
        if operator not in allowed:
            at = on_operand.key_at()
            check.error(
                problems.unknown_operator, at, question.id, question.type, operator, allowed
            )
            continue
        value = _operand(on_operand, question, operator, operand)
        if not on_operand.found_any:
            conditions.append(Condition(question.id, question.type, operator, value))
    return conditions


def _operand(check: Checker, question: Question, operator: str, operand: object) -> Operand:
    key = _key_name(check.path)
    at = check.value_at()
    if operator == "empty":
        if isinstance(operand, bool):
            return operand
        check.error(problems.wrong_type, at, key, operand, "true or false")
        return False
    if operator in ("any_of", "all_of", "none_of"):
        if not isinstance(operand, list):
            check.error(
                problems.wrong_type, at, key, operand, "a list in brackets, such as ['a', 'b']"
            )
            return frozenset()
        if not operand:
            check.error(problems.empty_condition, at, key)
            return frozenset()
        for index, item in enumerate(operand):
            _check_option(check, question, item, check.value_at(index), key)
        return frozenset(operand)
    if question.type == "integer":
        if isinstance(operand, bool) or not isinstance(operand, int):
            check.error(problems.wrong_type, at, key, operand, "a whole number")
            return 0
        low, high = question.minimum, question.maximum
        if low is not None and high is not None and not low <= operand <= high:
            check.error(problems.number_out_of_range, at, question.id, operand, low, high)
            return 0
        return operand
    _check_option(check, question, operand, at, key)
    return operand if isinstance(operand, str) else ""


def _check_option(
    check: Checker, question: Question, value: object, at: Location, key: str
) -> None:
    if not isinstance(value, str):
        check.error(problems.wrong_type, at, key, value, "text in quotes, such as 'yes'")
    elif value not in question.values:
        check.error(problems.value_not_allowed, at, question.id, value, question.values)


def _key_name(path: tuple[str | int, ...]) -> str:
    """Return the dotted key a therapist wrote, without the array index of the rule."""
    named = [str(p) for p in path if isinstance(p, str)]
    return ".".join(named[1:] if named and named[0] in ("rule", "question", "case") else named)
