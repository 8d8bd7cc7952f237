"""Arbitration: turn the rules that fired into the contract's recommendation.

Rules only record that they fired; deciding happens here, in plain Python
that can be tested without experta. The safety floor (``engine.safety``) is
applied last, straight from the answers, so the contract's invariants hold
whatever the rule files say.

Reasons are ranked by a total order, so the same answers and rules always
give the same response: effect (urgent care, block, consult, suggest), then
higher priority first, then the order the rules were loaded in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from advisor.conditions import Value
from advisor.contract import RED_FLAG_URGENCY, THERAPIES, Primary, Therapy, Urgency
from advisor.engine import safety
from advisor.response import BlockedTherapy, Recommendation
from advisor.ruleset.model import EFFECT_KINDS, Effect

__all__ = ["Decision", "Reason", "arbitrate", "rank"]


class Reason(Protocol):
    """What arbitration reads of a fired rule or a safety note."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def because(self) -> str: ...
    @property
    def effect(self) -> Effect: ...
    @property
    def priority(self) -> int: ...
    @property
    def order(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Decision:
    """The recommendation, and every reason behind it in ranked order."""

    recommendation: Recommendation
    reasons: tuple[Reason, ...]


def rank(reason: Reason) -> tuple[int, int, int, str]:
    """Return the sort key that orders reasons for arbitration and explanation."""
    return (EFFECT_KINDS.index(reason.effect.kind), -reason.priority, reason.order, reason.id)


def arbitrate(
    fired: Iterable[Reason],
    answers: Mapping[str, Value],
    grading: Mapping[str, Urgency] = RED_FLAG_URGENCY,
) -> Decision:
    """Decide primary, suggestions, blocked and urgency from the fired rules and the floor.

    :param grading: each red flag's urgency (the rule set's questionnaire's; it adds
        the urgency of each flag a therapist added to the contract's).
    """
    reasons: list[Reason] = sorted(fired, key=rank)

    blockers: dict[str, list[Reason]] = {}
    for reason in _of_kind(reasons, "block"):
        blockers.setdefault(reason.effect.target, []).append(reason)
    for note in safety.vetoes(answers):  # invariants 2 and 4
        if note.effect.target not in blockers:
            blockers[note.effect.target] = [note]
            reasons.append(note)

    suggested = dict.fromkeys(r.effect.target for r in _of_kind(reasons, "suggest"))
    suggestions: tuple[Therapy, ...] = tuple(t for t in suggested if t not in blockers)  # type: ignore[misc]

    primary: Primary
    urgency = safety.red_flag_urgency(answers, grading)  # invariant 1
    urgent_rules = _of_kind(reasons, "urgent_care")
    if urgency is not None or urgent_rules:
        if urgency is None:
            urgency = safety.most_urgent({r.effect.target for r in urgent_rules})
        elif not urgent_rules:
            reasons.append(safety.red_flag_note(urgency))
        primary, suggestions = "urgent_care", ()
    else:
        consult = {r.effect.target for r in _of_kind(reasons, "consult")}
        if safety.child(answers):  # invariant 7
            suggestions = ()
            if "all" not in consult:
                consult.add("all")
                reasons.append(safety.UNDER_12_NOTE)
        if (
            safety.bfr_never_primary(answers)  # invariant 3
            and "bfr" in suggestions
            and not consult & {"bfr", "all"}
        ):
            consult.add("bfr")
            reasons.append(safety.UNDER_18_NOTE)
        candidates = [t for t in suggestions if t not in consult and "all" not in consult]
        primary = candidates[0] if candidates else "consult"
        if candidates:  # the one to act on first leads the list
            suggestions = (primary, *(t for t in suggestions if t != primary))
        if primary == "consult" and not _of_kind(reasons, "consult"):
            reasons.append(safety.CONSULT_BY_DEFAULT_NOTE)

    blocked = tuple(
        BlockedTherapy(t, blockers[t][0].because, tuple(r.id for r in blockers[t]))  # type: ignore[arg-type]
        for t in THERAPIES
        if t in blockers
    )
    recommendation = Recommendation(primary, suggestions, blocked, urgency)
    return Decision(recommendation, tuple(sorted(reasons, key=rank)))


def _of_kind(reasons: list[Reason], kind: str) -> list[Reason]:
    return [r for r in reasons if r.effect.kind == kind]
