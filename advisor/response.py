"""The response of an assessment, in the intake contract's shape.

``to_dict`` gives exactly the contract's keys (``applied`` on each explanation
item among them) plus a few extra fields it allows (each blocked therapy's
rule ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.contract import Primary, Therapy, Urgency

__all__ = ["Assessment", "BlockedTherapy", "ExplanationItem", "Recommendation", "RuleSetInfo"]


@dataclass(frozen=True, slots=True)
class BlockedTherapy:
    """A therapy a safety rule vetoed, with the reason shown to the person."""

    therapy: Therapy
    reason: str
    rules: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"therapy": self.therapy, "reason": self.reason, "rules": list(self.rules)}


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What to do first, what else fits, what is ruled out, and how urgent."""

    primary: Primary
    suggestions: tuple[Therapy, ...]
    blocked: tuple[BlockedTherapy, ...]
    urgency: Urgency | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "primary": self.primary,
            "suggestions": list(self.suggestions),
            "blocked": [b.to_dict() for b in self.blocked],
            "urgency": self.urgency,
        }


@dataclass(frozen=True, slots=True)
class ExplanationItem:
    """One reason behind the result: a fired rule, or a safety measure of the engine."""

    rule: str
    title: str
    because: str
    effect: str
    target: str
    #: Whether this item is a reason for the result (invariant 8): false for a suggestion
    #: that was blocked or set aside, and for anything set aside because urgent care comes first.
    applied: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "because": self.because,
            "effect": self.effect,
            "target": self.target,
            "applied": self.applied,
        }


@dataclass(frozen=True, slots=True)
class RuleSetInfo:
    """Which rule set produced a response: its declared version and the digest of its files."""

    version: str
    digest: str

    def to_dict(self) -> dict[str, str]:
        return {"version": self.version, "digest": self.digest}


@dataclass(frozen=True, slots=True)
class Assessment:
    """The whole answer to one assessment."""

    recommendation: Recommendation
    explanation: tuple[ExplanationItem, ...]
    ruleset: RuleSetInfo

    def to_dict(self) -> dict[str, Any]:
        return {
            "recommendation": self.recommendation.to_dict(),
            "explanation": [item.to_dict() for item in self.explanation],
            "ruleset": self.ruleset.to_dict(),
        }
