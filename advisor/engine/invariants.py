"""The intake contract's safety invariants, checked on one assessment after the fact.

``safety`` *applies* the invariants while a result is made; this module
*checks* a finished result against them, from the answers alone, the way the
property tests do. The go-live gate runs it on thousands of generated answer
sets (defence in depth: a fault in arbitration, or a rule the floor does not
foresee, shows here before patients see it), and ``tests/engine/test_safety.py``
asserts through it, so the invariants have one definition.

Each breach names the invariant's number, what was wrong in plain words, and
the rules that pushed the result that way, where the explanation shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from advisor.contract import RED_FLAG_URGENCY, URGENCIES, Urgency
from advisor.engine.safety import ADULT_AGE, CHILD_AGE, SAFETY_IDS, most_urgent
from advisor.response import Assessment, ExplanationItem

__all__ = ["INVARIANTS", "Breach", "breaches", "brief"]

#: Each invariant's number and a one-line summary, as the contract words it.
INVARIANTS: dict[int, str] = {
    1: "any red flag means urgent care and no suggestion",
    2: "any cuff risk ('unsure' included) keeps BFR out of the suggestions, blocked with a reason",
    3: "under 18, BFR is never the primary recommendation",
    4: "a bleeding risk (yes or unsure) or any deep-pressure risk keeps NMT out, blocked "
    "with a reason",
    5: "the insurance answer never changes the recommendation",
    6: "the same answers give the same response, with an explanation and the rule set's digest",
    7: "under 12, nothing is suggested and a clinician comes first",
    8: "no therapy is both blocked and suggested, and each reason says truly whether it applied",
}

_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Breach:
    """One invariant a result breaks: which, what was wrong, and the rules behind it."""

    invariant: int
    what: str
    rules: tuple[str, ...] = ()
    #: The answers that broke it, briefly (``brief``).
    answers: str = ""

    def describe(self, *, with_answers: bool = True) -> str:
        """Return the breach in plain words, the invariant's summary first."""
        said = f"invariant {self.invariant} ({INVARIANTS[self.invariant]}): {self.what}"
        return f"{said}, for {self.answers}" if with_answers and self.answers else said


def breaches(
    answers: Mapping[str, object],
    assessment: Assessment,
    *,
    other_insurance: Assessment | None = None,
    again: Assessment | None = None,
    grading: Mapping[str, Urgency] = RED_FLAG_URGENCY,
) -> list[Breach]:
    """Return every invariant ``assessment`` of ``answers`` breaks (empty when it keeps them all).

    :param answers: the answers assessed, raw or parsed (lists or sets both do).
    :param other_insurance: the same answers assessed with another ``insurance`` (invariant 5).
    :param again: the same answers assessed a second time (invariant 6).
    :param grading: each red flag's urgency: the contract's, and those a rule set's
        questionnaire adds (``Questionnaire.red_flag_urgency``).
    """
    found: list[Breach] = _red_flags(answers, assessment, grading)
    for check in _CHECKS:
        found.extend(check(answers, assessment))
    if other_insurance is not None and other_insurance.recommendation != assessment.recommendation:
        found.append(Breach(5, "another insurance answer changed the recommendation"))
    found.extend(_determinism(assessment, again))
    return [replace(breach, answers=brief(answers)) for breach in found]


def brief(answers: Mapping[str, object]) -> str:
    """Return the answers that matter to the invariants, briefly, for a message."""
    shown = []
    for key in ("age", "red_flags", "bfr_risks", "bleeding_risk", "nmt_risks"):
        value = answers.get(key)
        if value is None or value == [] or value == frozenset():
            continue
        if isinstance(value, list | tuple | set | frozenset):
            items = sorted(str(v) for v in value)
            value = "[" + ", ".join(items[:4]) + (", …" if len(items) > 4 else "") + "]"
        shown.append(f"{key} = {value}")
    return ", ".join(shown) or "no red flag or risk"


def _suggesters(assessment: Assessment, therapy: str | None = None) -> tuple[str, ...]:
    """Return the rules in the explanation that suggested ``therapy`` (any therapy if None)."""
    return _rules(
        item
        for item in assessment.explanation
        if item.effect == "suggest" and therapy in (None, item.target)
    )


def _rules(items: Iterable[ExplanationItem]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.rule for i in items if i.rule not in SAFETY_IDS))


def _flags(answers: Mapping[str, object], key: str) -> frozenset[str]:
    return frozenset(answers.get(key) or ())  # type: ignore[arg-type]


def _age(answers: Mapping[str, object]) -> int | None:
    age = answers.get("age")
    return age if isinstance(age, int) and not isinstance(age, bool) else None


def _red_flags(
    answers: Mapping[str, object], assessment: Assessment, grading: Mapping[str, Urgency]
) -> list[Breach]:
    rec = assessment.recommendation
    flags = _flags(answers, "red_flags")
    found = []
    if flags:
        # A flag nobody graded is an emergency, as the safety floor treats it.
        expected = most_urgent({grading.get(f, URGENCIES[0]) for f in flags})
        if rec.primary != "urgent_care" or rec.suggestions:
            found.append(
                Breach(
                    1,
                    f"the result was primary '{rec.primary}' with suggestions "
                    f"{list(rec.suggestions)}",
                    _suggesters(assessment),
                )
            )
        elif expected is not None and rec.urgency != expected:
            found.append(Breach(1, f"urgency was {rec.urgency!r}, expected {expected!r}"))
    if rec.primary != "urgent_care" and rec.urgency is not None:
        found.append(Breach(1, f"urgency {rec.urgency!r} without urgent care"))
    if rec.primary == "urgent_care" and rec.urgency is None:
        found.append(Breach(1, "urgent care without an urgency"))
    return found


def _vetoed(assessment: Assessment, therapy: str, invariant: int, why: str) -> list[Breach]:
    """A therapy the answers rule out: never suggested or primary, and blocked with a reason."""
    rec = assessment.recommendation
    blocked = {b.therapy: b for b in rec.blocked}
    if therapy in rec.suggestions or rec.primary == therapy:
        what = f"{why}, but {therapy.upper()} was suggested"
        return [Breach(invariant, what, _suggesters(assessment, therapy))]
    if therapy not in blocked or not blocked[therapy].reason.strip():
        return [Breach(invariant, f"{why}, but {therapy.upper()} was not blocked with a reason")]
    return []


def _bfr_risks(answers: Mapping[str, object], assessment: Assessment) -> list[Breach]:
    if not _flags(answers, "bfr_risks"):
        return []
    return _vetoed(assessment, "bfr", 2, "a cuff risk was answered")


def _nmt_risks(answers: Mapping[str, object], assessment: Assessment) -> list[Breach]:
    if answers.get("bleeding_risk") not in ("yes", "unsure") and not _flags(answers, "nmt_risks"):
        return []
    return _vetoed(assessment, "nmt", 4, "a bleeding or deep-pressure risk was answered")


def _young(answers: Mapping[str, object], assessment: Assessment) -> list[Breach]:
    rec = assessment.recommendation
    age = _age(answers)
    if age is None:
        return []
    found = []
    if age < ADULT_AGE and rec.primary == "bfr":
        found.append(Breach(3, f"age {age} got BFR as primary", _suggesters(assessment, "bfr")))
    # A rule may send a child to urgent care without a red flag answered (more caution,
    # not less); invariant 1 already demands urgent care when there is one.
    if age < CHILD_AGE and (rec.suggestions or rec.primary not in ("consult", "urgent_care")):
        found.append(
            Breach(
                7,
                f"age {age} got primary '{rec.primary}' and suggestions "
                f"{list(rec.suggestions)}; expected a consult (or urgent care) and none",
                _suggesters(assessment),
            )
        )
    return found


def _applied(answers: Mapping[str, object], assessment: Assessment) -> list[Breach]:
    rec = assessment.recommendation
    blocked = {b.therapy for b in rec.blocked}
    found = []
    both = blocked & set(rec.suggestions)
    if both:
        what = f"{', '.join(sorted(both))} both blocked and suggested"
        found.append(Breach(8, what, _suggesters(assessment)))
    wrong = [
        item
        for item in assessment.explanation
        if not isinstance(item.applied, bool)
        or (item.effect == "suggest" and item.applied != (item.target in rec.suggestions))
        or (
            rec.primary == "urgent_care"
            and item.effect in ("suggest", "consult")
            and item.applied is not False
        )
    ]
    if wrong:
        what = "the explanation says a reason applied when it did not, or the other way round"
        found.append(Breach(8, what, _rules(wrong)))
    return found


def _determinism(assessment: Assessment, again: Assessment | None) -> list[Breach]:
    found = []
    if again is not None and again.to_dict() != assessment.to_dict():
        found.append(Breach(6, "a second assessment of the same answers gave another response"))
    if not assessment.explanation:
        found.append(Breach(6, "the response has no explanation"))
    if not _DIGEST.fullmatch(assessment.ruleset.digest):
        found.append(Breach(6, "the response does not carry the rule set's digest"))
    return found


_CHECKS: tuple[Callable[[Mapping[str, object], Assessment], list[Breach]], ...] = (
    _bfr_risks,
    _young,
    _nmt_risks,
    _applied,
)
