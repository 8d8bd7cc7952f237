"""Warnings about a valid rule set: stale provenance, rules that can never fire, unread
questions, the wording of the reasons patients read (``wording``), and rules
overruled, shadowed or in a conflict no priority decides (``overlap``).

Warnings never stop a rule set from loading; ``advisor rules check`` prints
them so a therapist can act on them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from advisor import problems
from advisor.checker import Checker
from advisor.conditions import Value
from advisor.problems import Location, Problem
from advisor.questionnaire import QUESTIONS_FILE, Questionnaire
from advisor.ruleset.model import RuleSpec
from advisor.ruleset.overlap import answer_values, by_question, review
from advisor.ruleset.wording import check_reason

__all__ = ["lint"]


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
        _urgency(on_rule, spec, questionnaire)
        check.extend(check_reason(spec))
    read = {q for spec in specs for q in spec.questions}
    for question in questionnaire:
        if question.id not in read and not question.informational:
            at = question.at or Location(QUESTIONS_FILE)
            check.warning(problems.unread_question, at, question.id)
    check.extend(review(specs, questionnaire))
    return check.problems


def _never_fires_reason(spec: RuleSpec, questionnaire: Questionnaire) -> str | None:
    """Return why a rule's conditions can never all hold, or None if some answers satisfy them."""
    possible: dict[str, list[Value]] = {}
    for question_id, clauses in by_question(spec.clauses).items():
        question = questionnaire[question_id]
        domain = answer_values(question, clauses)
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


def _provenance(check: Checker, spec: RuleSpec, today: datetime.date) -> None:
    if not spec.source:
        check.warning(problems.missing_source, spec.at)
    if not spec.owner:
        check.warning(problems.missing_owner, spec.at)
    if spec.review_by is None:
        check.warning(problems.missing_review_by, spec.at)
    elif spec.review_by < today:
        check.warning(problems.review_overdue, spec.at, spec.review_by, spec.owner)


def _urgency(check: Checker, spec: RuleSpec, questionnaire: Questionnaire) -> None:
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
    # The questionnaire's grading: the contract's, and each added flag's declared urgency.
    grading = questionnaire.red_flag_urgency
    levels = {grading[f] for f in flags if f in grading}
    if levels and levels != {spec.effect.target}:
        expected = "/".join(sorted(levels))
        check.warning(problems.urgency_differs, spec.at, spec.effect.target, expected)
