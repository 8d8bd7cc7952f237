"""Hypothesis strategies: valid answer sets, valid rule files, and the odd input any client may send.

Answer sets and rules are built from the questionnaire, so a new question is covered automatically.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hypothesis import settings
from hypothesis import strategies as st

from advisor.questionnaire import Question, Questionnaire
from advisor.ruleset.model import EFFECT_TARGETS
from tests.rules_under_test import questionnaire_under_test

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
    questionnaire = questionnaire or questionnaire_under_test()
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


# --- Whole random rule sets -------------------------------------------------------

_QUESTIONS = [q for q in questionnaire_under_test() if not q.informational]


@st.composite
def _condition(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    question = draw(st.sampled_from(_QUESTIONS))
    if question.type == "integer":
        op = draw(st.sampled_from(["equals", "not", "at_least", "at_most", "under", "over"]))
        value: object = draw(st.integers(question.minimum, question.maximum))
    elif question.type == "single":
        op = draw(st.sampled_from(["equals", "not", "any_of", "none_of"]))
        one = st.sampled_from(question.values)
        value = draw(st.lists(one, min_size=1, unique=True) if op.endswith("_of") else one)
    else:
        op = draw(st.sampled_from(["any_of", "all_of", "none_of", "empty"]))
        value = (
            draw(st.booleans())
            if op == "empty"
            else draw(st.lists(st.sampled_from(question.values), min_size=1, unique=True))
        )
    return question.id, {op: value}


@st.composite
def _rule(draw: st.DrawFn, index: int) -> dict[str, object]:
    kind = draw(st.sampled_from(sorted(EFFECT_TARGETS)))
    rule: dict[str, object] = {
        "id": f"random-{index}",
        "title": "Random rule",
        "because": "Generated for a property test.",
        kind: draw(st.sampled_from(EFFECT_TARGETS[kind])),
        "priority": draw(st.integers(-1000, 1000)),
    }
    for part in ("when", "unless"):
        conditions = dict(draw(st.lists(_condition(), max_size=3)))
        if conditions:
            rule[part] = conditions
    return rule


@st.composite
def rule_sets(draw: st.DrawFn) -> list[dict[str, object]]:
    """Draw the ``[[rule]]`` tables of a valid rule file: 0-12 rules, any effect, any conditions."""
    count = draw(st.integers(0, 12))
    return [draw(_rule(i)) for i in range(count)]


def at_most(examples: int) -> int:
    """Return ``examples``, or fewer if the active profile asks for fewer (the quick profile).

    A property that is slow per example sets its own count; under
    ``HYPOTHESIS_PROFILE=quick`` it still runs no more than the profile's.
    """
    return min(examples, settings.default.max_examples)


@dataclass(frozen=True, slots=True)
class FilePart:
    """A file sent in a form field's place, as a multipart/form-data part."""

    content: bytes
    filename: str

    def sent(self) -> tuple[io.BytesIO, str]:
        """Return the part as the Flask test client sends one (a fresh stream each time)."""
        return io.BytesIO(self.content), self.filename


#: Inputs that broke a form or a page once, or that a parser may trip on: digits that
#: ``int`` cannot read or reads unexpectedly, numbers past its digit limit or any
#: date's range, control characters and line separators, header and markup injection.
ODD_TEXTS = (
    "",
    " ",
    "0",
    "-1",
    "+1",
    "1_000",
    "4.5",
    "1e309",
    "NaN",
    "²",
    "١٢",
    "１９５８",
    "9999999999",
    "9" * 5000,
    "\x00",
    "\r\n",
    "\u2028",
    "\u202e",
    "/staff/\r\n",
    "/staff/%0d%0a",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
)

_ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
_FILES = st.builds(
    FilePart,
    st.binary(max_size=64),
    st.sampled_from(["scan.pdf", "", "photo of me.jpg", "é.png", "../../etc/passwd"]),
)
# One in three is a known odd input and one a file: drawn among any text as often,
# they would be too rare for a few dozen examples a form to meet.
_ODD_VALUES: st.SearchStrategy[str | FilePart] = st.one_of(
    st.sampled_from(ODD_TEXTS),
    _FILES,
    _ANY_TEXT
    | st.integers().map(str)
    | st.integers(min_value=10**9, max_value=10**60).map(str)
    | st.floats().map(str),
)


@st.composite
def form_inputs(
    draw: st.DrawFn, fields: Mapping[str, Sequence[str]]
) -> list[tuple[str, str | FilePart]]:
    """Draw what a client sends for a form: some fields as the form expects, others odd.

    Each field with ``plausible`` values (its options, a real token) sends one of them,
    unless it is drawn to be odd, as a field without any always is: then it is left
    out, or sent once or twice with any text, a number of any size, a file or an odd
    input. Mostly plausible forms get past validation to what the form does when valid.

    :param fields: each input's name, with the values it accepts.
    :returns: (name, value) pairs, in order, as a multi-valued form has them; sometimes
        with a field the form does not have.
    """
    odd = draw(st.sets(st.sampled_from(sorted(fields)))) if fields else set()
    sent: list[tuple[str, str | FilePart]] = []
    for name, plausible in fields.items():
        if plausible and name not in odd:
            sent.append((name, draw(st.sampled_from(plausible))))
        else:
            sent.extend((name, value) for value in draw(st.lists(_ODD_VALUES, max_size=2)))
    if draw(st.booleans()):
        sent.append((draw(_ANY_TEXT), draw(_ODD_VALUES)))
    return sent


#: JSON values of every kind, nested a little: what a client may post instead of a form.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
