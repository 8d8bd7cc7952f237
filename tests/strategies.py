"""Hypothesis strategies built from the questionnaire, so a new question is covered automatically."""

from __future__ import annotations

import functools

from hypothesis import settings
from hypothesis import strategies as st

from advisor.questionnaire import Question, Questionnaire, default_questionnaire

#: Safety questions whose "none of these" answer matters most: generated empty half the time,
#: so the paths past the safety checks are exercised too.
_MOSTLY_EMPTY = {"red_flags", "bfr_risks", "nmt_risks"}


@functools.cache
def _values(question: Question) -> st.SearchStrategy[object]:
    # Built once per question: building strategies inside every draw made generation slow.
    if question.type == "integer":
        assert question.minimum is not None
        assert question.maximum is not None
        return st.integers(question.minimum, question.maximum)
    if question.type == "single":
        return st.sampled_from(question.values)
    ticks = st.lists(st.sampled_from(question.values), unique=True).map(sorted)
    if question.id in _MOSTLY_EMPTY:
        return st.one_of(st.just([]), ticks)
    return ticks


@st.composite
def answer_sets(
    draw: st.DrawFn,
    questionnaire: Questionnaire | None = None,
    *,
    extras: bool = True,
) -> dict[str, object]:
    """Draw a valid raw answer set: every core answer, and optional extras when ``extras``."""
    questionnaire = questionnaire or default_questionnaire()
    answers: dict[str, object] = {}
    for question in questionnaire:
        if not question.core and not (extras and draw(st.booleans())):
            continue
        if question.asked_when and not question.is_asked(
            {k: frozenset(v) if isinstance(v, list) else v for k, v in answers.items()}
        ):
            continue
        answers[question.id] = draw(_values(question))
    return answers


def at_most(examples: int) -> int:
    """Return ``examples``, or fewer if the active profile asks for fewer (the quick profile).

    A property that is slow per example sets its own count; under
    ``HYPOTHESIS_PROFILE=quick`` it still runs no more than the profile's.
    """
    return min(examples, settings.default.max_examples)
