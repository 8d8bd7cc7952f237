"""How answers become experta facts, and how a rule's clauses become a pattern over them.

This is an engine decision kept in one place so it can be measured and
changed without touching anything else (``bench/bench_engine.py`` compares
the two encodings below). ``ONE_FACT`` is the default: one ``AnswerSet`` fact
holds every clinical answer, and each rule is a single pattern whose field
tests run in experta's alpha network, where identical tests are shared
between rules. ``FACT_PER_ANSWER`` declares one ``Answer`` fact per question
and joins them per rule in the beta network; an assessment with it was about
3.5 times slower with the default rules and 2.2 times slower with 1,000 rules
(see docs/benchmarks.md).

Informational questions (insurance) never become facts, so no rule can read
them: that is how safety invariant 5 holds by construction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from advisor.conditions import Clause, Value, field_test
from advisor.engine._experta import AND, Fact, P

__all__ = [
    "DEFAULT_ENCODING",
    "FACT_PER_ANSWER",
    "ONE_FACT",
    "Answer",
    "AnswerSet",
    "Encoding",
    "facts_for",
]


class AnswerSet(Fact):
    """Every clinical answer of one assessment, one field per question."""


class Answer(Fact):
    """One clinical answer: ``question`` and ``value``."""


@dataclass(frozen=True, slots=True)
class Encoding:
    """A way to turn answers into facts and rule clauses into matching patterns."""

    name: str
    facts_for: Callable[[Mapping[str, Value], Sequence[str]], list[Fact]]
    pattern_for: Callable[[Sequence[Clause]], Any]


def _by_question(clauses: Sequence[Clause]) -> list[tuple[str, tuple[Clause, ...]]]:
    ordered = sorted(clauses, key=lambda c: c.question)
    return [(q, tuple(group)) for q, group in groupby(ordered, key=lambda c: c.question)]


def _ticked(question: str) -> str:
    """Name the derived field that says whether anything was ticked on a multi-select."""
    return f"_ticked_{question}"


def _one_fact_facts(answers: Mapping[str, Value], fields: Sequence[str]) -> list[Fact]:
    values = {name: answers.get(name) for name in fields}
    ticked = {_ticked(k): bool(v) for k, v in values.items() if isinstance(v, frozenset)}
    fact = AnswerSet()
    # Answers are already immutable (str, int, frozenset, None), so experta's per-value
    # freeze() in Fact.__setitem__ has nothing to do; filling the dict directly skips it.
    dict.update(fact, values, **ticked)
    return [fact]


def _one_fact_pattern(clauses: Sequence[Clause]) -> Any:
    tests: dict[str, Any] = {q: P(field_test(group)) for q, group in _by_question(clauses)}
    # "Includes any of / all of" implies "something is ticked". Saying so in a literal test
    # that every such rule shares lets experta's alpha network skip all of them at once
    # when nothing is ticked, which is the usual answer to the safety questions.
    for clause in clauses:
        if not clause.negated and any(
            c.kind == "multi" and c.operator in ("any_of", "all_of") for c in clause.conditions
        ):
            tests[_ticked(clause.question)] = True
    return AnswerSet(**tests)


def _per_answer_facts(answers: Mapping[str, Value], fields: Sequence[str]) -> list[Fact]:
    return [Answer(question=name, value=answers.get(name)) for name in fields]


@functools.cache
def _guarded(test: Callable[[Value], bool]) -> Callable[[Value], bool]:
    # experta may order a pattern's value test before its question test, and tests are
    # shared between questions, so a test can meet another question's type of value.
    def guarded(value: Value) -> bool:
        try:
            return test(value)
        except TypeError:
            return False

    return guarded


def _per_answer_pattern(clauses: Sequence[Clause]) -> Any:
    patterns = [
        Answer(question=q, value=P(_guarded(field_test(group))))
        for q, group in _by_question(clauses)
    ]
    if not patterns:
        return Answer()
    return AND(*patterns) if len(patterns) > 1 else patterns[0]


ONE_FACT = Encoding("one-fact", _one_fact_facts, _one_fact_pattern)
FACT_PER_ANSWER = Encoding("fact-per-answer", _per_answer_facts, _per_answer_pattern)

#: The encoding every rule set uses unless told otherwise.
DEFAULT_ENCODING = ONE_FACT


def facts_for(answers: Mapping[str, Value], fields: Sequence[str]) -> list[Fact]:
    """Return the facts of ``answers`` in the default encoding (only ``fields`` are declared)."""
    return DEFAULT_ENCODING.facts_for(answers, fields)
