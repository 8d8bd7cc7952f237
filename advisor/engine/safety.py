"""The safety floor: the intake contract's invariants, applied from the answers themselves.

Arbitration applies this floor after the rules, whatever the rule files say,
so a missing, weakened or mistaken rule can never route someone with a red
flag or a contraindication to a therapy. Each measure explains itself with a
reserved id (``safety.*``) that rule files may not use; it appears in a
response only where the floor had to act because no rule did.

Invariant 7 (under 12: no suggestion, a clinician first) is applied here too.
Invariant 8 (nothing both blocked and suggested; every explanation item says
whether it ``applied``) holds in ``arbitration`` (a blocked therapy is never
suggested) and ``explanation`` (``applied`` is read off the final
recommendation, so a reason for a therapy that was set aside says so).

Invariant 5 (insurance never changes the recommendation) holds upstream:
informational answers never become facts (``engine.facts``) and rule files
may not read them (``ruleset.checks``). Invariant 6 (determinism, digest)
holds in ``arbitration`` (a total order on reasons) and ``ruleset`` (digest).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.catalogues import N_
from advisor.conditions import Value
from advisor.contract import RED_FLAG_URGENCY, URGENCIES, Urgency
from advisor.ruleset.model import Effect

__all__ = [
    "ADULT_AGE",
    "CHILD_AGE",
    "CONSULT_BY_DEFAULT_NOTE",
    "SAFETY_IDS",
    "UNDER_12_NOTE",
    "UNDER_18_NOTE",
    "SafetyNote",
    "bfr_never_primary",
    "child",
    "most_urgent",
    "red_flag_note",
    "red_flag_urgency",
    "vetoes",
]

ADULT_AGE = 18
#: Under this age a clinician who treats children sees the child before any therapy (invariant 7).
CHILD_AGE = 12


@dataclass(frozen=True, slots=True)
class SafetyNote:
    """A measure the floor took, explained like a rule (it has the same fields arbitration reads)."""

    id: str
    title: str
    because: str
    effect: Effect
    priority: int = 1000
    order: int = -1


def most_urgent(levels: set[str]) -> Urgency | None:
    """Return the most urgent of ``levels``, or None if there are none."""
    return next((u for u in URGENCIES if u in levels), None)


def red_flag_urgency(
    answers: Mapping[str, Value], grading: Mapping[str, Urgency] = RED_FLAG_URGENCY
) -> Urgency | None:
    """Invariant 1: any red flag means urgent care, graded by the most urgent flag.

    :param grading: each flag's urgency, as the rule set's questionnaire declares it
        (``Questionnaire.red_flag_urgency``). A flag it does not grade is an emergency:
        whatever a therapist added, any red flag leads to urgent care, never to a crash.
    """
    flags = answers.get("red_flags") or frozenset()
    return most_urgent({grading.get(f, URGENCIES[0]) for f in flags})  # type: ignore[union-attr]


def red_flag_note(urgency: Urgency) -> SafetyNote:
    return SafetyNote(
        "safety.red-flags",
        N_("Symptoms that need medical care first"),
        N_("You told us about a symptom that needs a doctor before any therapy."),
        Effect("urgent_care", urgency),
    )


def vetoes(answers: Mapping[str, Value]) -> list[SafetyNote]:
    """Invariants 2 and 4: the therapies the answers rule out until a clinician has checked.

    Any answer at all blocks, so a value a therapist adds to ``bfr_risks`` or
    ``nmt_risks`` blocks with no change here; only ``unsure`` alone is worded apart.
    """
    found = []
    bfr_risks = answers.get("bfr_risks") or frozenset()
    if bfr_risks:
        unsure_only = bfr_risks == frozenset({"unsure"})
        found.append(
            SafetyNote(
                "safety.bfr-risks",
                N_("A clinician must check before BFR"),
                N_(
                    "You were not sure about health problems that could make the BFR cuff "
                    "unsafe, so a clinician will check first."
                )
                if unsure_only
                else N_(
                    "You told us about a health problem that could make the BFR cuff unsafe, "
                    "so a clinician must check first."
                ),
                Effect("block", "bfr"),
            )
        )
    nmt_risks = answers.get("nmt_risks") or frozenset()
    if answers.get("bleeding_risk") in ("yes", "unsure") or nmt_risks:
        found.append(
            SafetyNote(
                "safety.nmt-risks",
                N_("A clinician must check before NMT"),
                N_(
                    "You may bleed or bruise easily, or have a health problem that could make "
                    "the firm pressure of NMT unsafe. A clinician must check you first."
                ),
                Effect("block", "nmt"),
            )
        )
    return found


def bfr_never_primary(answers: Mapping[str, Value]) -> bool:
    """Invariant 3: under 18, BFR is never the primary recommendation."""
    age = answers.get("age")
    return isinstance(age, int) and age < ADULT_AGE


def child(answers: Mapping[str, Value]) -> bool:
    """Invariant 7: under 12, nothing is suggested and a clinician comes first."""
    age = answers.get("age")
    return isinstance(age, int) and age < CHILD_AGE


UNDER_12_NOTE = SafetyNote(
    "safety.under-12",
    N_("Under 12: a clinician who treats children first"),
    N_(
        "A child with pain or weak muscles should first see a clinician who treats children. "
        "BFR, NMT and other treatments wait until then."
    ),
    Effect("consult", "all"),
)


UNDER_18_NOTE = SafetyNote(
    "safety.under-18",
    N_("Under 18: a clinician decides about BFR"),
    N_(
        "BFR is not well studied in young people. A clinician should decide about it with you and a parent."
    ),
    Effect("consult", "bfr"),
)

CONSULT_BY_DEFAULT_NOTE = SafetyNote(
    "safety.consult-by-default",
    N_("A talk with a clinician"),
    N_(
        "Your answers do not point clearly to BFR or NMT. A clinician can talk with you "
        "about what would suit you best."
    ),
    Effect("consult", "all"),
    priority=-1000,
)


#: Every id the floor may use in an explanation; rule files may not use the ``safety.`` prefix.
SAFETY_IDS: tuple[str, ...] = (
    "safety.red-flags",
    "safety.bfr-risks",
    "safety.nmt-risks",
    UNDER_18_NOTE.id,
    UNDER_12_NOTE.id,
    CONSULT_BY_DEFAULT_NOTE.id,
)
