"""Warnings about a valid rule set: stale provenance, rules that can never fire, unread
questions, and the wording of the reasons patients read (``wording``).

Warnings never stop a rule set from loading; ``advisor rules check`` prints
them so a therapist can act on them.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence

from advisor import problems
from advisor.checker import Checker
from advisor.conditions import Clause, Value
from advisor.contract import RED_FLAG_URGENCY
from advisor.problems import Location, Problem
from advisor.questionnaire import Question, Questionnaire
from advisor.ruleset.model import RuleSpec
from advisor.ruleset.wording import check_reason

__all__ = ["lint"]

#: Tick-any questions with more options than this that a rule mentions are not enumerated.
_MAX_ENUMERATED = 12
_OTHER = "\x00another option"


def lint(
    specs: Sequence[RuleSpec], questionnaire: Questionnaire, today: datetime.date
) -> list[Problem]:
    """Return every warning about ``specs``, in rule order, then unread questions."""
    check = Checker()
    for spec in specs:
        on_rule = check.about(spec.id)
        _provenance(on_rule, spec, today)
        if not spec.enabled:
            # Said once, plainly: "never fires" or "fires for everyone" would be beside the point.
            on_rule.warning(problems.rule_disabled, spec.at)
        elif not spec.clauses:
            on_rule.warning(problems.no_conditions, spec.at)
        else:
            reason = _never_fires_reason(spec, questionnaire)
            if reason:
                on_rule.warning(problems.never_fires, spec.at, reason)
        _urgency(on_rule, spec)
        check.extend(check_reason(spec))
    read = {q for spec in specs for q in spec.questions}
    for question in questionnaire:
        if question.id not in read and not question.informational:
            at = question.at or Location("questionnaire.toml")
            check.warning(problems.unread_question, at, question.id)
    return check.problems


def _never_fires_reason(spec: RuleSpec, questionnaire: Questionnaire) -> str | None:
    """Return why a rule's conditions can never all hold, or None if some answers satisfy them."""
    possible: dict[str, list[Value]] = {}
    for question_id, clauses in _grouped(spec.clauses).items():
        question = questionnaire[question_id]
        domain = _domain(question, clauses)
        if domain is None:
            continue
        values = [v for v in domain if all(c.holds(v) for c in clauses)]
        if not values:
            wanted = " and ".join(c.describe() for c in clauses)
            return f"it needs {wanted} at the same time"
        possible[question_id] = values
    for question_id, values in possible.items():
        question = questionnaire[question_id]
        if None in values or not question.asked_when:
            continue
        for gate in question.asked_when:
            parent = possible.get(gate.question)
            if parent is not None and not any(gate.holds(v) for v in parent):
                return (
                    f"it needs an answer to {question_id}, which is only asked when "
                    f"{gate.describe()}, but it also needs "
                    + " and ".join(
                        c.describe() for c in spec.clauses if c.question == gate.question
                    )
                )
    return None


def _grouped(clauses: Iterable[Clause]) -> dict[str, list[Clause]]:
    grouped: dict[str, list[Clause]] = {}
    for clause in clauses:
        grouped.setdefault(clause.question, []).append(clause)
    return grouped


def _domain(question: Question, clauses: Sequence[Clause]) -> list[Value] | None:
    unasked: list[Value] = [None] if question.asked_when else []
    if question.type == "integer":
        return [*range(question.minimum or 0, (question.maximum or 0) + 1), *unasked]
    if question.type == "single":
        return [*question.values, *unasked]
    mentioned = sorted(
        {
            v
            for clause in clauses
            for condition in clause.conditions
            if isinstance(condition.operand, frozenset)
            for v in condition.operand
        }
    )
    if len(mentioned) > _MAX_ENUMERATED:
        return None
    pool = mentioned + ([_OTHER] if len(mentioned) < len(question.values) else [])
    subsets = itertools.chain.from_iterable(
        itertools.combinations(pool, n) for n in range(len(pool) + 1)
    )
    return [*(frozenset(s) for s in subsets), *unasked]


def _provenance(check: Checker, spec: RuleSpec, today: datetime.date) -> None:
    if not spec.source:
        check.warning(problems.missing_source, spec.at)
    if not spec.owner:
        check.warning(problems.missing_owner, spec.at)
    if spec.review_by is None:
        check.warning(problems.missing_review_by, spec.at)
    elif spec.review_by < today:
        check.warning(problems.review_overdue, spec.at, spec.review_by, spec.owner)


def _urgency(check: Checker, spec: RuleSpec) -> None:
    if spec.effect.kind != "urgent_care":
        return
    flags = {
        v
        for clause in spec.clauses
        if clause.question == "red_flags" and not clause.negated
        for condition in clause.conditions
        if condition.operator in ("any_of", "all_of") and isinstance(condition.operand, frozenset)
        for v in condition.operand
    }
    levels = {RED_FLAG_URGENCY[f] for f in flags if f in RED_FLAG_URGENCY}
    if levels and levels != {spec.effect.target}:
        expected = "/".join(sorted(levels))
        check.warning(problems.urgency_differs, spec.at, spec.effect.target, expected)
