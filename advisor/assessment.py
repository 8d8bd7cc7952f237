"""``assess``: the one entry every caller uses (CLI, API, web pages, tests, benchmark).

raw answers → ``parse_answers`` → facts → fired rules → ``arbitrate`` (safety floor last)
→ ``explain`` → ``Assessment``.
"""

from __future__ import annotations

from collections.abc import Mapping

from advisor.answers import Answers, parse_answers
from advisor.engine.arbitration import arbitrate
from advisor.engine.explanation import explain
from advisor.response import Assessment
from advisor.ruleset import RuleSet

__all__ = ["assess", "assess_answers"]


def assess(raw: Mapping[str, object], ruleset: RuleSet) -> Assessment:
    """Assess one set of raw answers with a loaded rule set.

    :raises AnswersInvalid: one ``FieldError`` per bad field; nothing else is done.
    """
    return assess_answers(parse_answers(raw, ruleset.questionnaire), ruleset)


def assess_answers(answers: Answers, ruleset: RuleSet) -> Assessment:
    """Assess answers that ``parse_answers`` has already checked."""
    grading = ruleset.questionnaire.red_flag_urgency
    decision = arbitrate(ruleset.fire(answers), answers, grading)
    return Assessment(decision.recommendation, explain(decision), ruleset.info)
