"""Explanation: every reason behind a decision, as a patient, intake worker or therapist reads it."""

from __future__ import annotations

from advisor.engine.arbitration import Decision
from advisor.response import ExplanationItem


def explain(decision: Decision) -> tuple[ExplanationItem, ...]:
    """Return one item per fired rule and per safety measure, most decisive first."""
    return tuple(
        ExplanationItem(r.id, r.title, r.because, r.effect.kind, r.effect.target)
        for r in decision.reasons
    )
