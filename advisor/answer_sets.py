"""Valid answer sets drawn from a questionnaire, for checking a rule set before it goes live.

The property tests draw answers with hypothesis; a running server cannot, so
this draws them with a seeded ``random.Random``: the same questionnaire, count
and seed always give the same sets, in every worker, so every worker's gate
reaches the same verdict on the same files.

Random mixes alone would rarely meet the answers the invariants are about, so
the sets start with the edges, each drawn on top of random other answers:
every red flag alone; every cuff risk and every deep-pressure risk alone and
all together; each bleeding-risk answer; the ages where the contract changes
its mind (0, 11, 12, 17, 18, 64, 65 and the oldest), with and without risks;
and each value of every other question once. Everything is read from the
questionnaire, so a question or value a therapist adds is drawn as well.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from advisor.conditions import Value
from advisor.questionnaire import Question, Questionnaire

__all__ = ["DEFAULT_COUNT", "DEFAULT_SEED", "answer_sets", "edge_answers"]

#: At least this many answer sets are checked before a rule set goes live (issue 11).
DEFAULT_COUNT = 2000
DEFAULT_SEED = 11

#: Safety questions whose "none of these" matters most: empty in most random mixes, so
#: the paths past the safety checks are drawn often too.
_MOSTLY_EMPTY = ("red_flags", "bfr_risks", "nmt_risks")
_EDGE_AGES = (0, 11, 12, 17, 18, 64, 65)
#: How many times each edge age is drawn, with different other answers each time.
_AGE_DRAWS = 12

Raw = dict[str, Any]


def answer_sets(
    questionnaire: Questionnaire,
    count: int = DEFAULT_COUNT,
    seed: int = DEFAULT_SEED,
    *,
    starts: Sequence[Mapping[str, object]] = (),
) -> list[Raw]:
    """Return ``count`` valid raw answer sets (as ``parse_answers`` takes them), edges first.

    :param starts: valid answer sets to vary (the example cases' answers): a third of
        the random sets each take one and draw one to three of its answers afresh, so
        that the answers the rules were written for, and their neighbours, are met often.
    """
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets: it must repeat)
    drawn = [_draw(questionnaire, rng, fixed) for fixed in edge_answers(questionnaire)]
    typed = [_typed(start) for start in starts]
    while len(drawn) < count:
        kind = len(drawn) % 3
        if kind == 0 and typed:
            start = rng.choice(typed)
            dropped = rng.sample(sorted(start), min(len(start), rng.randint(1, 3)))
            kept = {k: v for k, v in start.items() if k not in dropped}
            drawn.append(_draw(questionnaire, rng, kept, calm=True, left_out=1.0))
        else:
            drawn.append(_draw(questionnaire, rng, {}, calm=kind == 1))
    return drawn[:count]


def edge_answers(questionnaire: Questionnaire) -> Iterator[dict[str, Value]]:
    """Yield the answers each edge case fixes; the rest of each set is drawn at random."""
    quiet: dict[str, Value] = {k: frozenset() for k in _MOSTLY_EMPTY if k in questionnaire}
    for key in _MOSTLY_EMPTY:
        question = questionnaire.get(key)
        if question is None:
            continue
        others = {**quiet, key: frozenset()}
        for value in question.values:
            yield {**others, key: frozenset({value})}
        yield {**others, key: frozenset(question.values)}
    bleeding = questionnaire.get("bleeding_risk")
    for value in bleeding.values if bleeding else ():
        yield {**quiet, "bleeding_risk": value}
    age = questionnaire.get("age")
    if age is not None and age.maximum is not None:
        for years in (*_EDGE_AGES, age.maximum):
            for draw in range(_AGE_DRAWS):
                # Half with no risk at all, so a rule that suggests a therapy to a child shows.
                yield {"age": years, **(quiet if draw % 2 else {})}
    for question in questionnaire:
        if question.id in _MOSTLY_EMPTY or question.type == "integer":
            continue
        for value in question.values:
            one: Value = frozenset({value}) if question.type == "multi" else value
            yield {**quiet, question.id: one}


def _typed(raw: Mapping[str, object]) -> dict[str, Value]:
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in raw.items()}  # type: ignore[misc]


def _draw(
    questionnaire: Questionnaire,
    rng: random.Random,
    fixed: Mapping[str, Value],
    *,
    calm: bool = False,
    left_out: float = 0.5,
) -> Raw:
    """Draw one answer set in the order asked, keeping ``fixed`` answers where they are asked.

    A question is answered only when its ``asked_when`` holds for the answers so far,
    read as ``parse_answers`` reads them (an optional question left out holds its default).
    A ``calm`` set ticks few boxes, so that the rules that suggest a therapy fire too
    (random mixes almost always meet some reason to see a clinician first).

    :param left_out: the chance that an optional question not in ``fixed`` is left out.
    """
    seen: dict[str, Value] = {}
    raw: Raw = {}
    for question in questionnaire:
        if not question.is_asked(seen):
            seen[question.id] = None
            continue
        if question.id in fixed:
            value = fixed[question.id]
        elif not question.core and rng.random() < (max(left_out, 0.9) if calm else left_out):
            seen[question.id] = question.default
            continue
        else:
            value = _value(question, rng, calm)
        seen[question.id] = value
        raw[question.id] = sorted(value) if isinstance(value, frozenset) else value
    return raw


def _value(question: Question, rng: random.Random, calm: bool) -> Value:
    if question.type == "integer":
        low, high = question.minimum or 0, question.maximum or 0
        return rng.choice((low, high)) if rng.random() < 0.1 else rng.randint(low, high)
    if question.type == "single":
        # The first value listed is the plain "none"/"no" answer of most questions.
        return question.values[0] if calm and rng.random() < 0.6 else rng.choice(question.values)
    if question.id in _MOSTLY_EMPTY and rng.random() < (0.95 if calm else 0.7):
        return frozenset()
    chance = rng.choice((0.05, 0.1) if calm else (0.1, 0.3, 0.6))
    return frozenset(v for v in question.values if rng.random() < chance)
