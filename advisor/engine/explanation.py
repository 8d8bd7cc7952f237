"""Explanation: every reason behind a decision, as a patient, intake worker or therapist reads it.

Each item says whether it ``applied`` to the result (contract invariant 8). A
reason in favour of a therapy applied only if that therapy is among the
suggestions: one that was blocked, or set aside because urgent care or a
child's assessment comes first, is kept for staff and API clients but is not
a reason for the result. A consult applies unless urgent care comes first;
urgent care and blocks always apply.
"""

from __future__ import annotations

from advisor.engine.arbitration import Decision, Reason
from advisor.response import ExplanationItem, Recommendation

__all__ = ["applied", "explain"]


def explain(decision: Decision) -> tuple[ExplanationItem, ...]:
    """Return one item per fired rule and per safety measure, most decisive first."""
    recommendation = decision.recommendation
    return tuple(
        ExplanationItem(
            r.id,
            r.title,
            r.because,
            r.effect.kind,
            r.effect.target,
            applied(r, recommendation),
        )
        for r in decision.reasons
    )


def applied(reason: Reason, recommendation: Recommendation) -> bool:
    """Return whether ``reason`` is a reason for ``recommendation`` (invariant 8)."""
    kind, target = reason.effect.kind, reason.effect.target
    if kind == "suggest":
        return target in recommendation.suggestions
    if kind == "consult":
        return recommendation.primary != "urgent_care"
    return True
