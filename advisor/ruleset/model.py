"""Rules as plain data: what a rule file says once it has been checked.

Each value carries the ``Location`` it was written at, so a message about it
never has to search the file again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from advisor.conditions import Clause
from advisor.contract import THERAPIES, URGENCIES, Therapy
from advisor.problems import Location

__all__ = ["DEFAULT_PRIORITY", "EFFECT_KINDS", "EFFECT_TARGETS", "Effect", "EffectKind", "RuleSpec"]

EffectKind = Literal["suggest", "block", "consult", "urgent_care"]
EFFECT_KINDS: tuple[EffectKind, ...] = ("urgent_care", "block", "consult", "suggest")

#: What each effect's value may be: a therapy, "all" (consult for everything), or an urgency.
EFFECT_TARGETS: dict[str, tuple[str, ...]] = {
    "suggest": THERAPIES,
    "block": THERAPIES,
    "consult": (*THERAPIES, "all"),
    "urgent_care": URGENCIES,
}

#: The priority of a rule that does not set one: urgent care first, suggestions last.
DEFAULT_PRIORITY: dict[str, int] = {"urgent_care": 100, "block": 50, "consult": 30, "suggest": 10}


@dataclass(frozen=True, slots=True)
class Effect:
    """What a rule does when it fires: ``suggest bfr``, ``block nmt``, ``consult all``…"""

    kind: EffectKind
    target: str

    @property
    def therapy(self) -> Therapy | None:
        """Return the therapy this effect is about, if any."""
        return self.target if self.target in THERAPIES else None  # type: ignore[return-value]

    def describe(self) -> str:
        if self.kind == "urgent_care":
            return f"urgent care ({self.target})"
        if self.kind == "consult":
            return "consult first" + ("" if self.target == "all" else f" for {self.target}")
        return f"{self.kind} {self.target}"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One checked rule: identity, patient-facing reason, conditions, effect and provenance."""

    id: str
    title: str
    because: str
    clauses: tuple[Clause, ...]
    effect: Effect
    priority: int
    at: Location
    order: int
    source: str | None = None
    owner: str | None = None
    review_by: datetime.date | None = None
    notes: str | None = None
    #: Where the ``because`` text starts, so wording warnings point at the text itself.
    because_at: Location | None = None
    #: Where the ``title`` text starts (a translation's warnings point back at it).
    title_at: Location | None = None
    #: ``enabled = false`` switches a rule off without deleting it: it is still checked
    #: and listed, but never compiled into the engine, so it never fires.
    enabled: bool = True

    @property
    def questions(self) -> frozenset[str]:
        """Return the ids of the questions this rule reads."""
        return frozenset(c.question for c in self.clauses)
